/** Why the camera did not start, in plain words, ending with what to do instead. */
export function cameraProblem(e: unknown, instead: string): string {
  const name = (e as { name?: string })?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return `The camera is blocked: allow camera access for this app, or ${instead}.`;
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return `No camera is connected to this station: ${instead}.`;
  if (name === 'NotReadableError') return `The camera is in use by another program: close it, or ${instead}.`;
  return `The camera could not start: ${instead}.`;
}

/** The station's camera (the one chosen in Settings, else the default) playing in `video`. */
export async function openCamera(video: HTMLVideoElement, cameraId: string | null = null): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw Object.assign(new Error('no camera API'), { name: 'NotFoundError' });
  const stream = await navigator.mediaDevices.getUserMedia({ video: { ...(cameraId ? { deviceId: { exact: cameraId } } : {}), width: { ideal: 1280 }, height: { ideal: 720 } } });
  video.srcObject = stream;
  await video.play();
  return stream;
}
