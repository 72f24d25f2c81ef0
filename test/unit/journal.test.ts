import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventJournal } from '../../electron/journal';
import { StationMemory } from '../../electron/stationMemory';
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
  it('keeps what is appended until the server acknowledges it, and the last fact acknowledged, which marks the numbering', async () => {
    const file = journalFile();
    const journal = new EventJournal(file);
    const events = [1, 2, 3, 4, 5].map((n) => dockEvent(STATION, n, null, 'package_refused'));
    await journal.append(events.slice(0, 2));
    await journal.append(events.slice(2));
    expect(await journal.read()).toEqual(events);
    expect(await journal.acknowledge(3)).toBe(2);
    expect((await new EventJournal(file).read()).map((e) => e.stationSeq)).toEqual([3, 4, 5]);
    expect(await journal.acknowledge(5)).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify(events[4])}\n`);
    expect(readdirSync(dirname(file))).toEqual(['unacknowledged.ndjson']);
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
    expect((await journal.read()).map((e) => e.stationSeq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 10));
  });

  it('reads nothing from a journal that does not exist yet', async () => {
    expect(await new EventJournal(journalFile()).read()).toEqual([]);
  });
});

describe('the station’s identity, kept by the main process beside the journal', () => {
  const remembered = { station: { id: STATION, name: 'Door 1' }, link: { serverUrl: 'http://10.0.0.5:8787', token: 'a'.repeat(43), enrolledAt: '2026-12-07T10:00:00.000Z' } };
  const memoryFile = () => join(dirname(journalFile()), 'station.json');

  it('recalls nothing before the station is set up, then what was last remembered, written whole', async () => {
    const file = memoryFile();
    const memory = new StationMemory(file);
    expect(await memory.recall()).toBeNull();
    await Promise.all([memory.remember({ ...remembered, link: null }), memory.remember(remembered)]);
    expect(await new StationMemory(file).recall()).toEqual(remembered);
    expect(readdirSync(dirname(file))).toEqual(['station.json']);
  });

  it('names a damaged copy and what is wrong with it', async () => {
    const file = memoryFile();
    const memory = new StationMemory(file);
    writeFileSync(file, '{"station":{"id":');
    await expect(memory.recall()).rejects.toThrow(`${file} is damaged (not JSON)`);
    writeFileSync(file, JSON.stringify({ ...remembered, station: { id: STATION, name: '' } }));
    await expect(memory.recall()).rejects.toThrow(`${file} is damaged (station.name: must not be blank)`);
  });
});
