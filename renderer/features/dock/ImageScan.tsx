import { useEffect, useId, useRef, useState } from 'react';
import { classifyLabel, readReturnLabel } from '../../../shared/labels';
import { decodeImageFile } from '../../scan/decoder/decodeImage';
import { CameraScan } from '../../scan/CameraScan';

/**
 * A label photo or a scan of one — picked, dropped or pasted — read in the decoder worker and fed
 * to the same path as a wedge scan: the tracking number first, so it pairs with the RMA number.
 */
export function ImageScan({ onScan, cameraId }: { onScan: (text: string) => Promise<unknown>; cameraId: string | null }) {
  const id = useId();
  const [camera, setCamera] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [choice, setChoice] = useState<{ rmas: string[]; tracking: string | null } | null>(null);

  async function feed(rma: string, tracking: string | null) {
    setChoice(null);
    if (tracking) await onScan(tracking);
    await onScan(rma);
  }

  async function take(texts: string[], from: 'image' | 'camera') {
    const found = readReturnLabel(texts);
    if (found.rmas.length === 0) {
      // The camera sees item barcodes and half labels all the time: only an image is told off.
      if (from === 'image') setProblem(found.tracking ? 'That image has a tracking number but no RMA number: scan the RMA label.' : 'No RMA label barcode was found in that image: try a sharper photo, or scan it.');
    } else if (found.rmas.length > 1) setChoice(found);
    else await feed(found.rmas[0]!, found.tracking);
  }

  async function read(file: Blob) {
    setProblem(null);
    setChoice(null);
    setBusy(true);
    try {
      await take((await decodeImageFile(file)).map((b) => b.text), 'image');
    } catch (e) {
      setProblem((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  // Dropped or pasted anywhere on the dock screen; bound once, not on every verdict's render.
  const readRef = useRef(read);
  readRef.current = read;
  useEffect(() => {
    const imageOf = (items: DataTransferItemList | undefined) => [...(items ?? [])].find((i) => i.kind === 'file' && i.type.startsWith('image/'))?.getAsFile() ?? null;
    const drop = (e: DragEvent) => {
      const file = imageOf(e.dataTransfer?.items);
      if (!file) return;
      e.preventDefault();
      void readRef.current(file);
    };
    const over = (e: DragEvent) => e.preventDefault();
    const paste = (e: ClipboardEvent) => {
      const file = imageOf(e.clipboardData?.items);
      if (file) void readRef.current(file);
    };
    window.addEventListener('drop', drop);
    window.addEventListener('dragover', over);
    window.addEventListener('paste', paste);
    return () => {
      window.removeEventListener('drop', drop);
      window.removeEventListener('dragover', over);
      window.removeEventListener('paste', paste);
    };
  }, []);

  return (
    <div className="image-scan">
      <label className="file-button" htmlFor={`${id}-f`}>
        Read a label from an image
      </label>
      <input id={`${id}-f`} type="file" accept="image/*" disabled={busy} onChange={(e) => void (e.target.files?.[0] && read(e.target.files[0]).then(() => (e.target.value = '')))} />
      {busy && <span className="muted"> reading…</span>}{' '}
      {!camera && (
        <button type="button" onClick={() => setCamera(true)}>
          Use camera
        </button>
      )}
      {camera && <CameraScan cameraId={cameraId} name="Dock camera" instead="use the scanner, or read a label from an image" onLabel={(texts) => void take(texts, 'camera')} onClose={() => setCamera(false)} />}
      {problem && (
        <p role="alert" className="problem" data-testid="image-problem">
          {problem}
        </p>
      )}
      {choice && (
        <div role="group" aria-label="Which RMA is this box?">
          <p>This label has {choice.rmas.length} RMA numbers. Which one is this box?</p>
          {choice.rmas.map((r) => (
            <button key={r} type="button" onClick={() => void feed(r, choice.tracking)}>
              {classifyLabel(r).value}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
