import { isNearlyFull } from '../../shared/sync';
import { bytesInWords } from '../../shared/words';

/** What the browser says of the station's storage (`navigator.storage.estimate()`). */
export interface StorageEstimateLike {
  usage?: number;
  quota?: number;
}

export interface StationRoom {
  words: string;
  nearlyFull: boolean;
}

/** The station's storage in words, and whether someone must make room before recording stops; null when the browser does not say. */
export function stationRoom({ usage, quota }: StorageEstimateLike): StationRoom | null {
  if (usage === undefined || !quota) return null;
  const nearlyFull = isNearlyFull(usage, quota);
  const used = `${bytesInWords(usage)} used of ${bytesInWords(quota)} this station may use`;
  return nearlyFull
    ? { words: `${used}: nearly full. Ask whoever looks after this computer to free space on its disk, or a supervisor to remove here the photos the server keeps (Settings); once this is full, nothing more can be recorded here.`, nearlyFull }
    : { words: used, nearlyFull };
}
