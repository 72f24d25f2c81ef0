import { useEffect, useRef, useState } from 'react';
import { useStation } from '../../app/station';
import type { NewPhoto } from '../../db/inspection';
import { cameraProblem, openCamera } from '../../scan/camera';
import { MAX_PHOTOS_PER_UNIT, photoFromVideo } from './photos';

/**
 * A live camera preview with a shutter; the camera is released when this closes. `full`: the unit
 * has all the photos it may have. `onShoot` prepares the frame and says itself what went wrong.
 */
export function CameraCapture({ full, onShoot, onClose }: { full: boolean; onShoot: (take: () => Promise<NewPhoto>) => Promise<void>; onClose: () => void }) {
  const { settings } = useStation();
  const cameraId = settings.cameraId;
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let gone = false;
    void (async () => {
      try {
        stream = await openCamera(video.current!, cameraId);
        if (gone) stream.getTracks().forEach((t) => t.stop());
      } catch (e) {
        if (!gone) setProblem(cameraProblem(e, 'add a photo from a file'));
      }
    })();
    return () => {
      gone = true;
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [cameraId]);

  return (
    <div className="camera">
      {problem ? <p role="alert" className="problem">{problem}</p> : <video ref={video} muted playsInline aria-label="Camera preview" />}
      <div className="row">
        {!problem && (
          <button type="button" className="primary" onClick={() => void onShoot(() => photoFromVideo(video.current!))} disabled={full}>
            Take photo
          </button>
        )}
        {!problem && full && <span>At most {MAX_PHOTOS_PER_UNIT} photos a unit.</span>}
        <button type="button" onClick={onClose}>
          Close camera
        </button>
      </div>
    </div>
  );
}
