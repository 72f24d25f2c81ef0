import { useEffect, useRef } from 'react';
import { WedgeDetector, type WedgeResult } from './wedge';

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/**
 * Listens to the whole window for a keyboard-wedge scanner, so no field needs focus. Keys typed
 * into a field stay that field's own (the Scan field submits its own text).
 */
export function useWedgeScanner(onResult: (result: WedgeResult) => void, maxKeyGapMs: number, enabled = true): void {
  const handler = useRef(onResult);
  handler.current = onResult;

  useEffect(() => {
    if (!enabled) return;
    const detector = new WedgeDetector({ maxKeyGapMs });
    const listen = (e: KeyboardEvent) => {
      if (e.isComposing || isEditable(e.target)) return;
      const answer = detector.feed({
        type: e.type === 'keyup' ? 'keyup' : 'keydown',
        key: e.key,
        code: e.code,
        time: e.timeStamp,
        altKey: e.altKey,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
      });
      if (answer.consume) e.preventDefault();
      if (answer.result) handler.current(answer.result);
    };
    window.addEventListener('keydown', listen, true);
    window.addEventListener('keyup', listen, true);
    return () => {
      window.removeEventListener('keydown', listen, true);
      window.removeEventListener('keyup', listen, true);
    };
  }, [maxKeyGapMs, enabled]);
}
