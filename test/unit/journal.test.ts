import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventJournal } from '../../electron/journal';
import { dockEvent } from './server/stores';

const STATION = '0192f3a4-0000-7000-8000-0000000a0001';
const dirs: string[] = [];
function journalFile() {
  const dir = mkdtempSync(join(tmpdir(), 'rd-journal-'));
  dirs.push(dir);
  return join(dir, 'journal', 'unacknowledged.ndjson');
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the main-process journal of unacknowledged facts', () => {
  it('keeps what is appended until the server acknowledges it', async () => {
    const file = journalFile();
    const journal = new EventJournal(file);
    const events = [1, 2, 3, 4, 5].map((n) => dockEvent(STATION, n, null, 'package_refused'));
    await journal.append(events.slice(0, 2));
    await journal.append(events.slice(2));
    expect(await journal.read()).toEqual(events);
    expect(await journal.acknowledge(3)).toBe(2);
    expect((await new EventJournal(file).read()).map((e) => e.stationSeq)).toEqual([4, 5]);
    expect(await journal.acknowledge(5)).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  it('skips a line torn by a power cut and never duplicates a fact', async () => {
    const file = journalFile();
    const journal = new EventJournal(file);
    const events = [1, 2].map((n) => dockEvent(STATION, n, null, 'package_refused'));
    await journal.append(events);
    await journal.append([events[1]!]); // appended twice across a crash
    appendFileSync(file, '{"id":"0192f3a4-0000-7000-8000-0000000a0003","stationSeq":3,"ty');
    expect(await journal.read()).toEqual(events);
    // The station starts again and journals fact 3 whole: it does not join the torn line.
    const third = dockEvent(STATION, 3, null, 'package_refused');
    await journal.append([third]);
    expect(await new EventJournal(file).read()).toEqual([...events, third]);
  });

  it('runs appends and acknowledgements in the order asked', async () => {
    const journal = new EventJournal(journalFile());
    const events = Array.from({ length: 30 }, (_, i) => dockEvent(STATION, i + 1, null, 'package_refused'));
    await Promise.all([...events.slice(0, 20).map((e) => journal.append([e])), journal.acknowledge(10), ...events.slice(20).map((e) => journal.append([e]))]);
    expect((await journal.read()).map((e) => e.stationSeq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 11));
  });

  it('reads nothing from a journal that does not exist yet', async () => {
    expect(await new EventJournal(journalFile()).read()).toEqual([]);
  });
});
