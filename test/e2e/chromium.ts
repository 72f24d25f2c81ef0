/** Debian's Chromium, as every browser test and bench launches it: never a downloaded browser. */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

export const e2ePort = Number(process.env.E2E_PORT ?? 4318);
export const e2eBaseUrl = `http://127.0.0.1:${e2ePort}`;

/**
 * Chromium with its fake camera, allowed without asking: a moving test pattern, or `clip` (an
 * MJPEG file) played in a loop.
 */
export function withFakeCamera(clip?: string) {
  const args = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', ...(clip ? [`--use-file-for-fake-video-capture=${clip}`] : [])];
  return { launchOptions: { ...chromiumLaunchOptions, args: [...chromiumLaunchOptions.args, ...args] } };
}
