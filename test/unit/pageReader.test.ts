import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareRmas } from '../../renderer/sync/pageReader';

const rmas = JSON.parse(readFileSync(new URL('../fixtures/rmas.json', import.meta.url), 'utf8')) as Record<string, unknown>[];

describe('a pulled page, prepared (in the worker in the app)', () => {
  it('checks the RMAs, counts the unreadable ones and leaves everything else for the apply step', () => {
    const page = {
      changes: [
        { serverSeq: 1, kind: 'rma' as const, key: 'RMA10000016', deleted: false, data: rmas[0] },
        { serverSeq: 2, kind: 'rma' as const, key: 'RMA10000099', deleted: false, data: { ...rmas[0], number: 'RMA10000099', lines: [] } },
        { serverSeq: 3, kind: 'user' as const, key: 'u1', deleted: false, data: { id: 'u1', name: 'Ines', role: 'inspector' } },
      ],
      nextCursor: 3,
      more: false,
      resetRequired: false,
      cursorTag: 7,
    };
    const prepared = prepareRmas(page);
    expect(prepared.rmas.map((r) => [r.rma.number, r.version])).toEqual([['RMA10000016', 1]]);
    expect(prepared.skipped).toBe(1);
    expect(prepared.page.changes.map((c) => c.kind)).toEqual(['user']);
    expect(prepared.page.nextCursor).toBe(3);
  });
});
