import { mkdirSync } from 'node:fs';
import { open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stationEventSchema, type StationEvent } from '../shared/events';

/**
 * An append-only file of the station's unacknowledged facts, one JSON line each, flushed to disk
 * after every append. It survives what IndexedDB may not (eviction, a profile reset, an upgrade
 * that changed the origin) until the server has acknowledged each fact.
 */
export class EventJournal {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
  }

  /** One operation at a time, in call order. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  append(events: readonly StationEvent[]): Promise<number> {
    return this.serial(async () => {
      const handle = await open(this.file, 'a');
      try {
        await handle.write(events.map((e) => `${JSON.stringify(e)}\n`).join(''));
        await handle.datasync();
      } finally {
        await handle.close();
      }
      return events.length;
    });
  }

  /** Keep only what the server has not acknowledged; the new file replaces the old atomically. */
  acknowledge(ackStationSeq: number): Promise<number> {
    return this.serial(async () => {
      const kept = (await this.readAll()).filter((e) => e.stationSeq > ackStationSeq);
      const tmp = `${this.file}.tmp`;
      const handle = await open(tmp, 'w');
      try {
        await handle.write(kept.map((e) => `${JSON.stringify(e)}\n`).join(''));
        await handle.datasync();
      } finally {
        await handle.close();
      }
      await rename(tmp, this.file);
      return kept.length;
    });
  }

  read(): Promise<StationEvent[]> {
    return this.serial(() => this.readAll());
  }

  /** Every whole, valid line, each fact once; a line torn by a power cut is skipped. */
  private async readAll(): Promise<StationEvent[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const bySeq = new Map<number, StationEvent>();
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const parsed = stationEventSchema.safeParse(JSON.parse(line));
        if (parsed.success) bySeq.set(parsed.data.stationSeq, parsed.data);
      } catch {
        // torn line
      }
    }
    return [...bySeq.values()].sort((a, b) => a.stationSeq - b.stationSeq);
  }
}
