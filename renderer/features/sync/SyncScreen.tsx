import { useEffect, useId, useState, type FormEvent } from 'react';
import { z } from 'zod';
import { parseAt } from '../../../shared/validation';
import type { PhotoOutboxEntry } from '../../db/schema';
import { Exceptions } from './Exceptions';
import { RefusedFacts } from './RefusedFacts';
import { ServerMoved } from './ServerMoved';
import { useStation } from '../../app/station';
import { photosRefused } from '../../db/photoOutbox';
import { useJournalProblem, useStationRoom, useSync } from '../../app/sync';
import { readMeta } from '../../db/meta';
import { serverAddressSchema } from '../../../shared/sync';
import { enrolStation } from '../../sync/enrol';

const enrolFormSchema = z.object({
  serverUrl: serverAddressSchema,
  code: z.string().trim().min(4, { error: 'must be the code from the supervisor' }).max(40),
});

/** Link the station to the sync server, and see what sync has done. */
export function SyncScreen() {
  const { db, reload } = useStation();
  const { status, engine } = useSync();
  const journalProblem = useJournalProblem();
  const room = useStationRoom();
  const id = useId();
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [refusedPhotos, setRefusedPhotos] = useState<PhotoOutboxEntry[]>([]);
  const relink = status?.enrolled === true && status.log.state === 'needs_enrolment';

  useEffect(() => {
    if (relink) void readMeta(db, 'sync').then((link) => link && setServerUrl((typed) => typed || link.serverUrl));
  }, [db, relink]);

  useEffect(() => {
    void photosRefused(db).toArray().then(setRefusedPhotos);
  }, [db, status]);

  async function enrol(e: FormEvent) {
    e.preventDefault();
    const form = parseAt(enrolFormSchema, { serverUrl: serverUrl.trim(), code }, 'form');
    if (!form.ok) return setMessage({ ok: false, text: form.error.replace(/^serverUrl:/, 'Server address:').replace(/^code:/, 'Enrolment code:') });
    try {
      const { name } = await enrolStation(db, form.value.serverUrl, form.value.code, (i, init) => fetch(i, init), new Date());
      await reload();
      setMessage({ ok: true, text: `Linked as “${name}”. Syncing…` });
      await engine.syncNow();
      const after = await engine.status();
      setMessage(after.log.state === 'ok' ? { ok: true, text: `Linked as “${name}” and synced.` } : { ok: false, text: `Linked as “${name}”. ${after.log.lastError ?? ''}` });
    } catch (err) {
      setMessage({ ok: false, text: `Not linked: ${(err as Error).message}` });
    }
  }

  return (
    <section className="card wide" aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>Sync</h2>
      {room?.nearlyFull && (
        <p role="alert" className="problem" data-testid="station-storage">
          Storage: {room.words}
        </p>
      )}
      {journalProblem && (
        <p role="alert" className="problem" data-testid="journal-problem">
          {journalProblem}
        </p>
      )}
      {status?.enrolled && (
        <dl className="facts" data-testid="sync-status">
          <dt>Server</dt>
          <dd data-testid="sync-server">{status.serverUrl}</dd>
          <dt>Waiting to be sent</dt>
          <dd data-testid="sync-pending">{status.pending}</dd>
          <dt>Photos waiting to be sent</dt>
          <dd data-testid="sync-photos-pending">{status.photosPending}</dd>
          <dt>Last successful sync</dt>
          <dd>{status.log.lastSuccessAt ? new Date(status.log.lastSuccessAt).toLocaleString() : 'never'}</dd>
          <dt>Last problem</dt>
          <dd>{status.log.lastError ?? 'none'}</dd>
          {status.serverCertificateRunsOutOn && (
            <>
              <dt>Server certificate</dt>
              <dd className="problem" data-testid="server-certificate">
                runs out on {status.serverCertificateRunsOutOn}: whoever looks after the sync server must renew it before then, or this station stops syncing
              </dd>
            </>
          )}
          {status.serverRestore && (
            <>
              <dt>Server restored from a backup</dt>
              <dd data-testid="server-restore">
                found {new Date(status.serverRestore.foundAt).toLocaleString()}:{' '}
                {status.serverRestore.repullDone
                  ? 'this station now holds the server’s RMAs, catalog and people as restored; facts the server lost are sent again by the stations that recorded them'
                  : 'taking the server’s RMAs, catalog and people again…'}
              </dd>
            </>
          )}
        </dl>
      )}
      {status && (!status.enrolled || relink) && (
        <form onSubmit={(e) => void enrol(e)} className="stack">
          <p>
            {relink
              ? 'The server no longer knows this station: a supervisor unlinked it or gave it a new enrolment code, or the server was restored from a backup taken before this station was linked. Type the new code from a supervisor; nothing recorded here is lost.'
              : 'This station works on its own until it is linked to the sync server. Ask a supervisor for an enrolment code.'}
          </p>
          <label htmlFor={`${id}-url`}>Server address</label>
          <input id={`${id}-url`} type="text" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} placeholder="http://192.168.1.10:8787" />
          <label htmlFor={`${id}-code`}>Enrolment code</label>
          <input id={`${id}-code`} type="text" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" />
          <button type="submit" className="primary">Link this station</button>
        </form>
      )}
      {status?.enrolled && (
        <button type="button" onClick={() => void engine.syncNow()}>
          Sync now
        </button>
      )}
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'saved' : 'problem'}>
          {message.text}
        </p>
      )}
      {status?.enrolled && !relink && status.serverUrl && <ServerMoved serverUrl={status.serverUrl} />}
      <RefusedFacts seen={status} onChange={() => void engine.refreshStatus()} />
      {refusedPhotos.length > 0 && (
        <>
          <h3>Photos the server would not keep (they stay on this station)</h3>
          <ul data-testid="refused-photos">
            {refusedPhotos.map((p) => (
              <li key={p.photoId}>
                Photo {p.photoId.slice(-8)}: {p.refused}
              </li>
            ))}
          </ul>
        </>
      )}
      <Exceptions seen={status} />
    </section>
  );
}
