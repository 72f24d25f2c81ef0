import { mkdirSync } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stationEventSchema, type StationEvent } from '../shared/events';
import { oneAtATime } from './oneAtATime';
import { fullDiskInWords, replaceFile } from './replaceFile';

/**
 * An append-only file of the station's unacknowledged facts, one JSON line each, flushed to disk
 * after every append. It survives what IndexedDB may not (eviction, a profile reset, an upgrade
 * that changed the origin) until the server has acknowledged each fact.
 */
export class EventJournal {
  /** One operation at a time, in call order. */
  private readonly serial = oneAtATime();

  constructor(private readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
  }

  /**
   * Appended whole or not at all. A write the disk cannot take in full (a full disk) is taken back
   * to where the file ended and thrown, so the caller knows those facts are not here: a single
   * write call had said "written" for part of them. A line a power cut tore is ended first, so
   * the next fact does not join it and go unread with it.
   */
  append(events: readonly StationEvent[]): Promise<number> {
    return this.serial(async () => {
      const handle = await open(this.file, 'a+');
      try {
        const { size } = await handle.stat();
        try {
          const torn = size > 0 && !(await endsWithLineBreak(handle, size));
          await handle.writeFile(`${torn ? '\n' : ''}${linesOf(events)}`);
          await handle.datasync();
        } catch (e) {
          await handle.truncate(size).catch(() => undefined);
          throw fullDiskInWords(e);
        }
      } finally {
        await handle.close();
      }
      return events.length;
    });
  }

  /**
   * Keep what the server has not acknowledged, and the last fact it has: that one marks where the
   * station's numbering stands, for a station whose database is lost once every fact was
   * acknowledged (put back, it is answered as a duplicate). The new file replaces the old once it
   * is written whole: a cut the disk has no room for leaves the journal as it was.
   */
  acknowledge(ackStationSeq: number): Promise<number> {
    return this.serial(async () => {
      const kept = (await this.readAll()).filter((e) => e.stationSeq >= ackStationSeq);
      try {
        await replaceFile(this.file, linesOf(kept));
      } catch (e) {
        throw fullDiskInWords(e);
      }
      return kept.filter((e) => e.stationSeq > ackStationSeq).length;
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

const linesOf = (events: readonly StationEvent[]): string => events.map((e) => `${JSON.stringify(e)}\n`).join('');

async function endsWithLineBreak(handle: FileHandle, size: number): Promise<boolean> {
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  return last[0] === 0x0a;
}
