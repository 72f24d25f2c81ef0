import { open, rename, rm } from 'node:fs/promises';

/**
 * Replace `file` with `text` once the new text is written whole and flushed: written aside, then
 * renamed over it. A write the disk cannot take leaves the file as it was, and no copy beside it
 * (a single write call had put part of the text in place of all of it).
 */
export async function replaceFile(file: string, text: string): Promise<void> {
  const aside = `${file}.tmp`;
  try {
    const handle = await open(aside, 'w');
    try {
      await handle.writeFile(text);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(aside, file);
  } catch (e) {
    await rm(aside, { force: true }).catch(() => undefined);
    throw e;
  }
}

/** A full disk said so, for the station's header and Sync screen (the code kept for callers). */
export function fullDiskInWords(e: unknown): unknown {
  if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') return e;
  return Object.assign(new Error(`this computer's disk is full: free space on it (${(e as Error).message})`), { code: 'ENOSPC' });
}
