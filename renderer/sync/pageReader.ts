import { rmaSchema, type Rma } from '../../shared/rma';
import type { PullAnswerBody, PullCursor } from '../../shared/sync';
import { syncClient, type Fetch } from './client';

/**
 * A pulled page with its RMAs already checked — the bulk of an initial pull — and everything else
 * (facts, catalog, users, exceptions) left for `applyPulledPage`, which checks those itself.
 */
export interface PreparedPage {
  page: PullAnswerBody;
  rmas: { rma: Rma; version: number }[];
  /** RMAs this version of the app cannot read: skipped and counted, never allowed to stop it. */
  skipped: number;
}

export function prepareRmas(page: PullAnswerBody): PreparedPage {
  const rmas: PreparedPage['rmas'] = [];
  let skipped = 0;
  for (const c of page.changes) {
    if (c.kind !== 'rma') continue;
    const rma = rmaSchema.safeParse(c.data);
    if (rma.success) rmas.push({ rma: rma.data, version: c.serverSeq });
    else skipped++;
  }
  return { page: { ...page, changes: page.changes.filter((c) => c.kind !== 'rma') }, rmas, skipped };
}

/** Fetch and prepare one page after the cursor. */
export type PageReader = (serverUrl: string, token: string, cursor: PullCursor, limit: number) => Promise<PreparedPage>;

/** On the calling thread: in Node tests, and wherever workers are missing. */
export function inlinePageReader(fetchFn: Fetch): PageReader {
  return async (serverUrl, token, cursor, limit) => prepareRmas(await syncClient(serverUrl, fetchFn).pull(token, cursor, limit));
}
