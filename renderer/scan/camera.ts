/**
 * Browser mode opened at a network address (`npm run web -- --host 0.0.0.0`) is not a secure
 * context, and there the browser offers no camera at all: said as no camera connected, a worker
 * looked for a cable.
 */
const INSECURE_ADDRESS = 'InsecureAddressError';

/** Why the camera did not start, in plain words, ending with what to do instead. */
export function cameraProblem(e: unknown, instead: string): string {
  const name = (e as { name?: string })?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return `The camera is blocked: allow camera access for this app, or ${instead}.`;
  if (name === INSECURE_ADDRESS) {
    return `This browser lets a page use the camera only at this computer's own address (127.0.0.1) or over HTTPS, and this station was opened at a network address: use the desktop app, open the app at 127.0.0.1 on this computer, or ${instead}.`;
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return `No camera is connected to this station: ${instead}.`;
  if (name === 'NotReadableError') return `The camera is in use by another program: close it, or ${instead}.`;
  return `The camera could not start: ${instead}.`;
}

/** The station's camera (the one chosen in Settings, else the default) playing in `video`. */
export async function openCamera(video: HTMLVideoElement, cameraId: string | null = null): Promise<MediaStream> {
  if (!globalThis.isSecureContext) throw Object.assign(new Error('not a secure context'), { name: INSECURE_ADDRESS });
  if (!navigator.mediaDevices?.getUserMedia) throw Object.assign(new Error('no camera API'), { name: 'NotFoundError' });
  const stream = await navigator.mediaDevices.getUserMedia({ video: { ...(cameraId ? { deviceId: { exact: cameraId } } : {}), width: { ideal: 1280 }, height: { ideal: 720 } } });
  video.srcObject = stream;
  await video.play();
  return stream;
}
