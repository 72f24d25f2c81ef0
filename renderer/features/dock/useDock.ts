import { useCallback, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { Tracking } from '../../../shared/events';
import { classifyLabel, type Label } from '../../../shared/labels';
import type { DockReason, DockVerdictKind, DockWarning } from '../../../shared/policy';
import { unitsAuthorised } from '../../../shared/rma';
import { recordDockVerdict, recordTracking, undoVerdict } from '../../db/dock';
import { onFactRecorded } from '../../db/facts';
import { isVerdictEvent } from '../../db/projections';
import { describeWriteError } from '../../db/writeErrors';
import { useStation } from '../../app/station';
import { playCue } from './cues';
import { loadRecent, type RecentRow } from './recent';

/** A tracking number scanned this soon after a verdict belongs to that package; later, to the next. */
const PAIR_AFTER_VERDICT_MS = 30_000;

export interface Shown {
  kind: DockVerdictKind;
  reason: DockReason | null;
  /** A line of its own beside the reason: a pairing, an undo, a misread tracking number. */
  note: string | null;
  warnings: DockWarning[];
  earlierPackages: number;
  rma: { number: string; customer: string; remedy: 'refund' | 'replacement'; itemsExpected: number } | null;
  scanned: string | null;
  eventId: string | null;
  packageId: string | null;
  hasTracking: boolean;
  /** `performance.now()` when shown: the undo window and the pairing window count from it. */
  shownAt: number;
  /** Increments with every verdict, so the same verdict twice still reads as new. */
  serial: number;
}

export function useDock() {
  const { db, recorder, settings, session } = useStation();
  const [shown, setShown] = useState<Shown | null>(null);
  const [pendingTracking, setPendingTracking] = useState<Tracking | null>(null);
  const [recent, setRecent] = useState<RecentRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const queue = useRef(Promise.resolve());
  const state = useRef({ shown, pendingTracking });
  state.current = { shown, pendingTracking };
  const serial = useRef(0);

  // Off the scan queue: the list may lag a verdict by a moment, the next scan never waits for it.
  const recentAsked = useRef(0);
  const refreshRecent = useCallback(() => {
    const asked = ++recentAsked.current;
    void loadRecent(db, session?.shiftStartSeq ?? 0).then((rows) => {
      if (asked === recentAsked.current) setRecent(rows);
    });
  }, [db, session?.shiftStartSeq]);

  useEffect(refreshRecent, [refreshRecent]);
  // A hold settled away from the scan queue (by newer RMA data, or by a supervisor) changes the list too.
  useEffect(() => onFactRecorded((e) => isVerdictEvent(e) && e.payload.settlesHold !== null && refreshRecent()), [refreshRecent]);

  const show = useCallback(
    (next: Omit<Shown, 'shownAt' | 'serial'>) => {
      // The verdict is what the worker waits for: render it now, not on the scheduler's next turn.
      flushSync(() => setShown({ ...next, shownAt: performance.now(), serial: ++serial.current }));
      if (!settings.muted) playCue(next.kind);
    },
    [settings.muted],
  );

  const rescan = useCallback(
    (reason: DockReason | null, note: string | null, scanned: string | null) =>
      show({ kind: 'rescan', reason, note, warnings: [], earlierPackages: 0, rma: null, scanned, eventId: null, packageId: null, hasTracking: false }),
    [show],
  );

  const decide = useCallback(
    async (label: Label | null) => {
      if (!recorder) return;
      const tracking = label === null || (label.kind === 'rma' && label.valid) ? state.current.pendingTracking : null;
      const { verdict, event, rma } = await recordDockVerdict(db, { label, tracking, by: recorder, settings, now: new Date() });
      if (event) {
        state.current.pendingTracking = null;
        setPendingTracking(null);
      }
      show({
        kind: verdict.verdict,
        reason: verdict.reason,
        note: null,
        warnings: verdict.warnings,
        earlierPackages: verdict.earlierPackages,
        rma: rma && verdict.verdict === 'accept' ? { number: rma.number, customer: rma.customer.name, remedy: rma.remedy, itemsExpected: unitsAuthorised(rma) } : null,
        scanned: label?.value ?? null,
        eventId: event?.id ?? null,
        packageId: event?.payload.packageId ?? null,
        hasTracking: tracking !== null,
      });
      if (event) refreshRecent();
    },
    [db, recorder, settings, show, refreshRecent],
  );

  const pairTracking = useCallback(
    async (label: Label) => {
      if (!recorder) return;
      const tracking: Tracking = { value: label.value, carrier: label.carrier! };
      const last = state.current.shown;
      if (last?.packageId && !last.hasTracking && performance.now() - last.shownAt < PAIR_AFTER_VERDICT_MS) {
        await recordTracking(db, last.packageId, tracking, recorder, new Date());
        setShown({
          ...last,
          hasTracking: true,
          warnings: last.warnings.filter((w) => w !== 'untraceable_shipment'),
          note: `Tracking ${tracking.value} recorded with this package.`,
          serial: ++serial.current,
        });
        refreshRecent();
      } else {
        // Written through at once: the next queued scan may run before the screen renders
        // (a label image gives its tracking and RMA numbers back to back).
        state.current.pendingTracking = tracking;
        setPendingTracking(tracking);
      }
    },
    [db, recorder, refreshRecent],
  );

  /** Every scan and button press goes through one queue: verdicts are recorded in the order given. */
  const enqueue = useCallback(
    (work: () => Promise<void>) => {
      queue.current = queue.current.then(work).then(
        () => setError(null),
        (e: unknown) => {
          setError(describeWriteError(e));
          // The last verdict must not stay up as if it were this box's: a green ACCEPT did, over a scan not recorded.
          rescan(null, 'NOT recorded: read the message below.', null);
        },
      );
      return queue.current;
    },
    [rescan],
  );

  const handleText = useCallback(
    (text: string) =>
      enqueue(async () => {
        const label = classifyLabel(text, { expect: 'tracking' });
        if (label.kind === 'tracking') {
          if (label.valid) return pairTracking(label);
          return rescan(null, 'That tracking number did not read right. Scan it again.', label.value);
        }
        if (label.kind === 'unknown' && label.problem === 'empty') return;
        return decide(label);
      }),
    [enqueue, pairTracking, decide, rescan],
  );

  const noRmaOnPackage = useCallback(() => enqueue(() => decide(null)), [enqueue, decide]);

  const incompleteScan = useCallback(
    () => enqueue(() => Promise.resolve(rescan(null, 'The scan was cut off. Scan the label again.', null))),
    [enqueue, rescan],
  );

  const canUndo = (now: number) =>
    !!shown?.eventId && shown.kind !== 'rescan' && now - shown.shownAt < settings.undoWindowSeconds * 1000;

  const undo = useCallback(
    () =>
      enqueue(async () => {
        const last = state.current.shown;
        if (!recorder || !last?.eventId) return;
        if (performance.now() - last.shownAt >= settings.undoWindowSeconds * 1000) return;
        await undoVerdict(db, last.eventId, recorder, new Date());
        rescan(null, 'Undone. Scan the package again.', last.scanned);
        refreshRecent();
      }),
    [enqueue, recorder, settings.undoWindowSeconds, db, rescan, refreshRecent],
  );

  return { shown, pendingTracking, recent, error, handleText, noRmaOnPackage, incompleteScan, undo, canUndo };
}
