import type { ColumnType } from 'kysely';
import type { RmaStatus } from '../../shared/policy/dock';

/**
 * The server's tables (SYNC.md, *Server store*). JSON is kept as text in both SQLite and
 * PostgreSQL so one query layer serves both; times are ISO strings from the server's clock.
 */
/** A server-authored record kept whole as JSON, with the serverSeq of its last change as version. */
export interface VersionedEntity {
  key: string;
  version: number;
  body: string;
  deleted: ColumnType<number, number | undefined, number>;
  updated_at: string;
}

export interface Database {
  counter: { id: number; value: number };
  stations: {
    id: string;
    name: string;
    enrol_code_hash: string | null;
    /** When the outstanding enrolment code lapses (server clock). */
    enrol_code_expires_at: string | null;
    token_hash: string | null;
    last_ack: number;
    created_at: string;
    enrolled_at: string | null;
    /** When the station last asked the server (server clock, to the minute); null before its first sync. */
    last_seen_at: string | null;
    storage_used: ColumnType<number | null, number | null | undefined, number | null>;
    storage_quota: ColumnType<number | null, number | null | undefined, number | null>;
  };
  events: {
    id: string;
    station_id: string;
    station_seq: number;
    server_seq: number;
    type: string;
    rma_number: string | null;
    schema_version: number;
    client_ts: string;
    body: string;
    status: 'accepted' | 'rejected';
    reason: string | null;
    received_at: string;
    /** The write that numbered this row (`takeServerSeqs`); 0 for rows written before tags. */
    tag: ColumnType<number, number | undefined, number>;
  };
  /** Everything a station pulls but events, which are read from `events` by their serverSeq. */
  changes: {
    server_seq: number;
    kind: 'rma' | 'exception' | 'catalog' | 'user';
    key: string;
    deleted: ColumnType<number, number | undefined, number>;
    body: string;
    tag: ColumnType<number, number | undefined, number>;
  };
  rmas: {
    number: string;
    version: number;
    body: string;
    /** The body's status and its units authorised, which a push reads for each accept without the body. */
    status: RmaStatus;
    units_authorised: number;
    deleted: ColumnType<number, number | undefined, number>;
    updated_at: string;
  };
  catalog: VersionedEntity;
  users: VersionedEntity;
  /** Per-RMA facts derived on push: the lifecycle and counts the exceptions look at. */
  rma_state: {
    number: string;
    lifecycle: 'open' | 'receiving' | 'closed';
    packages_accepted: number;
  };
  /** An inspection's photos, as the station stored them (the fact names each by id, type and size). */
  photos: {
    id: string;
    event_id: string;
    station_id: string;
    type: string;
    bytes: number;
    body: Uint8Array;
    received_at: string;
  };
  exceptions: {
    id: string;
    kind: string;
    rma_number: string | null;
    event_id: string;
    details: string;
    raised_seq: number;
    resolved_by_event: string | null;
  };
}
