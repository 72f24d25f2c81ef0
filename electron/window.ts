import type { BrowserWindowConstructorOptions } from 'electron';

/** The one custom scheme the renderer is served from; IndexedDB is per origin, so it never changes. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'dock';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** Secure defaults (DESIGN.md, *The Electron shell*): isolated, sandboxed, no Node in the page. */
export function mainWindowOptions(preloadPath: string, iconPath: string): BrowserWindowConstructorOptions {
  return {
    // Linux shows it on the window and in the task bar; the installers carry their own (electron-builder.yml).
    icon: iconPath,
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 600,
    show: false,
    backgroundColor: '#111418',
    title: 'returns-dock',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/** Only our own page may be shown or call the bridge. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Permissions the page may have: the camera, for scanning labels without a handheld scanner. */
export function isPermissionAllowed(permission: string, mediaTypes: readonly string[] = []): boolean {
  return permission === 'media' && mediaTypes.length > 0 && mediaTypes.every((t) => t === 'video');
}
