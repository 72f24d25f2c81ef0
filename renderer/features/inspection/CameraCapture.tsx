import { useEffect, useRef, useState } from 'react';
import type { NewPhoto } from '../../db/inspection';
import { photoFromVideo } from './photos';

function cameraProblem(e: unknown): string {
  const name = (e as { name?: string })?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'The camera is blocked: allow camera access for this app, or add a photo from a file.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No camera is connected to this station: add a photo from a file.';
  if (name === 'NotReadableError') return 'The camera is in use by another program: close it, or add a photo from a file.';
  return 'The camera could not start: add a photo from a file.';
}

/** A live camera preview with a shutter; the camera is released when this closes. */
export function CameraCapture({ onPhoto, onClose }: { onPhoto: (photo: NewPhoto) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let gone = false;
    void (async () => {
      try {
        if (!navigator.mediaDevices?.getUserMedia) throw Object.assign(new Error(), { name: 'NotFoundError' });
        stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } } });
        if (gone) return stream.getTracks().forEach((t) => t.stop());
        if (video.current) {
          video.current.srcObject = stream;
          await video.current.play();
        }
      } catch (e) {
        if (!gone) setProblem(cameraProblem(e));
      }
    })();
    return () => {
      gone = true;
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, []);

  async function shoot() {
    try {
      onPhoto(await photoFromVideo(video.current!));
    } catch (e) {
      setProblem((e as Error).message);
    }
  }

  return (
    <div className="camera">
      {problem ? <p role="alert" className="problem">{problem}</p> : <video ref={video} muted playsInline aria-label="Camera preview" />}
      <div className="row">
        {!problem && (
          <button type="button" className="primary" onClick={() => void shoot()}>
            Take photo
          </button>
        )}
        <button type="button" onClick={onClose}>
          Close camera
        </button>
      </div>
    </div>
  );
}
