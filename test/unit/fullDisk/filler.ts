import { closeSync, openSync, writeSync } from 'node:fs';

/** Another program's file, written until the disk takes not one byte more. */
export function fillTheDisk(file: string): void {
  const fd = openSync(file, 'w');
  try {
    for (const size of [65536, 4096, 1]) {
      try {
        for (;;) writeSync(fd, Buffer.alloc(size));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
      }
    }
  } finally {
    closeSync(fd);
  }
}
