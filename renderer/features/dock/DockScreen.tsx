import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useStation } from '../../app/station';
import { chooseEngine } from '../../scan/decoder/decodeImage';
import { useWedgeScanner } from '../../scan/useWedgeScanner';
import { ImageScan } from './ImageScan';
import { HeldPackages } from './HeldPackages';
import { RecentScans } from './RecentScans';
import { useDock } from './useDock';
import { VerdictPanel } from './VerdictPanel';

/** The dock door: scan a box's label, get a verdict readable from two metres, never lose it. */
export function DockScreen() {
  const { settings } = useStation();
  const dock = useDock();
  const id = useId();
  const [typed, setTyped] = useState('');
  const [now, setNow] = useState(() => performance.now());

  useEffect(() => chooseEngine(settings.scanEngine), [settings.scanEngine]);

  useWedgeScanner((r) => void (r.kind === 'scan' ? dock.handleText(r.text) : dock.incompleteScan()), settings.wedgeMaxKeyGapMs);

  // The undo button goes away when its window closes. (No render here on the scan path: a stale
  // `now` is earlier than the verdict, which keeps the button shown until the timer fires.)
  useEffect(() => {
    if (!dock.shown) return;
    const left = dock.shown.shownAt + settings.undoWindowSeconds * 1000 - performance.now();
    const timer = setTimeout(() => setNow(performance.now()), Math.max(0, left) + 50);
    return () => clearTimeout(timer);
  }, [dock.shown, settings.undoWindowSeconds]);

  const { noRmaOnPackage, undo } = dock;
  useEffect(() => {
    const keys = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'F2') {
        e.preventDefault();
        void noRmaOnPackage();
      } else if (e.key === 'z' && (e.ctrlKey || e.metaKey) && !(e.target instanceof HTMLInputElement)) {
        e.preventDefault();
        void undo();
      }
    };
    window.addEventListener('keydown', keys);
    return () => window.removeEventListener('keydown', keys);
  }, [noRmaOnPackage, undo]);

  function submit(e?: FormEvent) {
    e?.preventDefault();
    if (!typed.trim()) return;
    void dock.handleText(typed);
    setTyped('');
  }

  // A scanner set to end with Tab, scanning into this field: the Tab ends the scan, not the field.
  function onFieldKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Tab' && typed.trim()) {
      e.preventDefault();
      submit();
    }
  }

  const canUndo = dock.canUndo(now);

  return (
    <div className="dock">
      <VerdictPanel shown={dock.shown} />
      {dock.error && (
        <p role="alert" className="problem">
          {dock.error}
        </p>
      )}
      {dock.pendingTracking && (
        <p className="pending" data-testid="pending-tracking">
          Tracking {dock.pendingTracking.value} ({dock.pendingTracking.carrier.toUpperCase()}) — now scan the RMA label.
        </p>
      )}
      <div className="dock-actions">
        <form onSubmit={submit} className="scan-form">
          <label htmlFor={`${id}-scan`}>Scan</label>
          <div className="scan-row">
            <input
              id={`${id}-scan`}
              type="text"
              autoComplete="off"
              spellCheck={false}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              onKeyDown={onFieldKey}
              placeholder="Scan or type an RMA or tracking number"
            />
            <button type="submit">Enter</button>
          </div>
        </form>
        <button type="button" className="no-rma" onClick={() => void dock.noRmaOnPackage()}>
          No RMA on package <kbd>F2</kbd>
        </button>
        {canUndo && (
          <button type="button" className="undo" onClick={() => void dock.undo()}>
            Undo last verdict <kbd>Ctrl+Z</kbd>
          </button>
        )}
      </div>
      <ImageScan onScan={dock.handleText} cameraId={settings.cameraId} />
      <HeldPackages />
      <RecentScans rows={dock.recent} />
    </div>
  );
}
