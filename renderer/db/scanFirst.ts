/**
 * A person's write goes before the station's background writes. IndexedDB runs transactions over
 * the same tables in the order they were opened, so while a pull opens one write after another a
 * scan would queue behind whichever the pull opened next; instead the pull waits, before each of
 * its writes, until the recordings in hand are done, and a scan waits behind one write at most.
 */
let inHand = 0;
let waiting: (() => void)[] = [];
let lastForeground = -Infinity;

/** Someone recorded something this recently: the station is in use, background writes stay short. */
const IN_USE_MS = 5000;

/** Record something for the person in front of the station, ahead of the background work. */
export async function inForeground<T>(work: () => Promise<T>): Promise<T> {
  inHand++;
  lastForeground = performance.now();
  try {
    return await work();
  } finally {
    if (--inHand === 0) {
      const ready = waiting;
      waiting = [];
      for (const go of ready) go();
    }
  }
}

/** Resolves when no foreground recording is in hand (at once when none is). */
export function backgroundTurn(): Promise<void> {
  return inHand === 0 ? Promise.resolve() : new Promise((resolve) => waiting.push(resolve));
}

const inUse = () => performance.now() - lastForeground < IN_USE_MS;

/**
 * How many items one background write may take now: `inUse` while someone is scanning (a scan
 * waits behind at most one such write), `quiet` while nobody is (fewer, larger writes are faster).
 */
export function backgroundWriteSize({ quiet, inUse: small }: { quiet: number; inUse: number }): number {
  return inUse() ? small : quiet;
}

/**
 * While the station is in use, background writes hold the disk at most half the time: after a
 * write that took `writeMs`, rest as long. A scan's strict commit waits on whatever the disk has
 * in hand, so a pull writing flat out made verdicts wait on it; while nobody scans, no rest.
 */
export function restAfterWrite(writeMs: number): Promise<void> {
  return inUse() && writeMs > 0 ? new Promise((resolve) => setTimeout(resolve, writeMs)) : Promise.resolve();
}

/**
 * Background writing of `items` a part at a time: each part waits for the recordings in hand, is
 * short while the station is in use (`backgroundWriteSize`), and all but the last are followed by
 * a rest (`restAfterWrite`). `write` is given each part and whether it is the last; it runs once,
 * with no items, when there are none.
 */
export async function writeInParts<T>(
  items: readonly T[],
  size: { quiet: number; inUse: number },
  write: (part: readonly T[], last: boolean) => Promise<unknown>,
): Promise<void> {
  let i = 0;
  do {
    await backgroundTurn();
    const part = items.slice(i, (i += backgroundWriteSize(size)));
    const last = i >= items.length;
    const started = performance.now();
    await write(part, last);
    if (!last) await restAfterWrite(performance.now() - started);
  } while (i < items.length);
}
