import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { rememberedStationSchema, type RememberedStation } from '../shared/sync';
import { describeIssues } from '../shared/validation';
import { oneAtATime } from './oneAtATime';
import { fullDiskInWords, replaceFile } from './replaceFile';

/**
 * The station's identity and its link to the sync server, kept by the main process beside the
 * journal (SYNC.md, *Recovery*), so that a station whose database was lost comes back as itself.
 */
export class StationMemory {
  private readonly serial = oneAtATime();

  constructor(private readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
  }

  /** What was last remembered; null before the station was first set up. A damaged file is said, by name. */
  async recall(): Promise<RememberedStation | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${this.file} is damaged (not JSON)`);
    }
    const parsed = rememberedStationSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${this.file} is damaged (${describeIssues(parsed.error, 'station')})`);
    return parsed.data;
  }

  /** Replaced whole, or left as it was; one at a time, the last asked written last. */
  remember(station: RememberedStation): Promise<void> {
    return this.serial(async () => {
      try {
        await replaceFile(this.file, `${JSON.stringify(station, null, 2)}\n`);
      } catch (e) {
        throw fullDiskInWords(e);
      }
    });
  }
}
