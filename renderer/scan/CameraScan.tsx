import { useEffect, useRef, useState } from 'react';
import { cameraProblem, openCamera } from './camera';
import { decodePixels } from './decoder/decodeImage';
import { FrameVotes } from './decoder/trust';

/** A frame is read about this often; the decoder runs in its worker, so the screen never stalls. */
const FRAME_MS = 150;
/** The same label seen again within this long is the same box (or item) still in front of the camera. */
const SAME_LABEL_MS = 4000;

/**
 * A station's camera (the dock's, a bench's): frames at a steady rate into the decoder, each
 * label's texts handed on once (the same label held up again is not a second box), retail codes
 * only once two frames agree. The camera is released when this closes.
 */
export function CameraScan({
  cameraId,
  name,
  instead,
  onLabel,
  onClose,
}: {
  cameraId: string | null;
  /** What the preview is called (for the people who cannot see it, and for the tests). */
  name: string;
  /** What to do when the camera cannot start, in the problem's words. */
  instead: string;
  onLabel: (texts: string[]) => void;
  onClose: () => void;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const handler = useRef(onLabel);
  handler.current = onLabel;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const seen = new Map<string, number>();
    const votes = new FrameVotes();
    const canvas = document.createElement('canvas');
    const tick = async () => {
      const v = video.current;
      if (stopped || !v || !v.videoWidth) return void (timer = setTimeout(() => void tick(), FRAME_MS));
      canvas.width = v.videoWidth;
      canvas.height = v.videoHeight;
      const g = canvas.getContext('2d', { willReadFrequently: true })!;
      g.drawImage(v, 0, 0);
      try {
        const now = performance.now();
        const texts = votes.confirm(await decodePixels(g.getImageData(0, 0, canvas.width, canvas.height), { still: false }), now).map((b) => b.text);
        const key = [...texts].sort().join('\n');
        if (texts.length && !stopped && now - (seen.get(key) ?? -Infinity) > SAME_LABEL_MS) handler.current(texts);
        if (texts.length) seen.set(key, now);
      } catch {
        // A frame that cannot be read is the next frame's business.
      }
      if (!stopped) timer = setTimeout(() => void tick(), FRAME_MS);
    };
    void (async () => {
      try {
        stream = await openCamera(video.current!, cameraId);
        if (stopped) return stream.getTracks().forEach((t) => t.stop());
        void tick();
      } catch (e) {
        if (!stopped) setProblem(cameraProblem(e, instead));
      }
    })();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [cameraId, instead]);

  return (
    <div className="camera scan-camera">
      {problem ? (
        <p role="alert" className="problem" data-testid="camera-problem">
          {problem}
        </p>
      ) : (
        <div className="camera-frame">
          <video ref={video} muted playsInline aria-label={name} />
          <div className="framing-guide" aria-hidden="true" />
        </div>
      )}
      <button type="button" onClick={onClose}>
        Close camera
      </button>
    </div>
  );
}
