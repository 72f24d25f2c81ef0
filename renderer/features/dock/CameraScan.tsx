import { useEffect, useRef, useState } from 'react';
import { cameraProblem, openCamera } from '../../scan/camera';
import { decodePixels } from '../../scan/decoder/decodeImage';

/** A frame is read about this often; the decoder runs in its worker, so the screen never stalls. */
const FRAME_MS = 150;
/** The same label seen again within this long is the same box still in front of the camera. */
const SAME_LABEL_MS = 4000;

/**
 * The dock's camera: frames at a steady rate into the decoder, each label's texts handed on once
 * (the same label held up again is not a second box). The camera is released when this closes.
 */
export function CameraScan({ cameraId, onLabel, onClose }: { cameraId: string | null; onLabel: (texts: string[]) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const handler = useRef(onLabel);
  handler.current = onLabel;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const seen = new Map<string, number>();
    const canvas = document.createElement('canvas');
    const tick = async () => {
      const v = video.current;
      if (stopped || !v || !v.videoWidth) return void (timer = setTimeout(() => void tick(), FRAME_MS));
      canvas.width = v.videoWidth;
      canvas.height = v.videoHeight;
      const g = canvas.getContext('2d', { willReadFrequently: true })!;
      g.drawImage(v, 0, 0);
      try {
        const texts = (await decodePixels(g.getImageData(0, 0, canvas.width, canvas.height))).map((b) => b.text);
        const key = [...texts].sort().join('\n');
        const now = performance.now();
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
        if (!stopped) setProblem(cameraProblem(e, 'use the scanner, or read a label from an image'));
      }
    })();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [cameraId]);

  return (
    <div className="camera dock-camera">
      {problem ? (
        <p role="alert" className="problem" data-testid="camera-problem">
          {problem}
        </p>
      ) : (
        <div className="camera-frame">
          <video ref={video} muted playsInline aria-label="Dock camera" />
          <div className="framing-guide" aria-hidden="true" />
        </div>
      )}
      <button type="button" onClick={onClose}>
        Close camera
      </button>
    </div>
  );
}
