import { describe, expect, it, vi } from 'vitest';
import { answer } from '../../electron/ipc';
import { fileForAppUrl } from '../../electron/protocol';
import { APP_ENTRY, isAppUrl, isPermissionAllowed, mainWindowOptions } from '../../electron/window';
import { IPC_CHANNELS } from '../../shared/ipc';
import { calls } from './mocks/electron';

describe('the window', () => {
  it('is isolated and sandboxed, with no Node in the page', () => {
    const prefs = mainWindowOptions('/app/preload.cjs', '/app/icon.png').webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
  });

  it('knows its own origin from any other', () => {
    expect(isAppUrl('app://dock/index.html')).toBe(true);
    expect(isAppUrl('app://dock/')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('https://dock/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('grants the camera and nothing else', () => {
    expect(isPermissionAllowed('media', ['video'])).toBe(true);
    expect(isPermissionAllowed('media', ['audio'])).toBe(false);
    expect(isPermissionAllowed('media', ['video', 'audio'])).toBe(false);
    expect(isPermissionAllowed('media', [])).toBe(false);
    expect(isPermissionAllowed('geolocation')).toBe(false);
    expect(isPermissionAllowed('notifications')).toBe(false);
  });
});

describe('the app:// protocol', () => {
  it('serves files inside the renderer folder only', () => {
    expect(fileForAppUrl('app://dock/index.html', '/r')).toBe('/r/index.html');
    expect(fileForAppUrl('app://dock/', '/r')).toBe('/r/index.html');
    expect(fileForAppUrl('app://dock/assets/a.js', '/r')).toBe('/r/assets/a.js');
    // The URL parser resolves dot segments first: what is left stays inside the folder.
    expect(fileForAppUrl('app://dock/%2e%2e/%2e%2e/etc/passwd', '/r')).toBe('/r/etc/passwd');
    expect(fileForAppUrl('app://dock/..%2F..%2Fetc%2Fpasswd', '/r')).toBeNull();
    expect(fileForAppUrl('app://dock/%E0%A4%A', '/r')).toBeNull();
  });
});

describe('IPC', () => {
  const ownPage = { senderFrame: { url: 'app://dock/index.html' } } as never;
  const handlers = { 'app:about': vi.fn(() => ({ version: '1.2.3', electron: '45', platform: 'linux' })) };

  it('answers our own page', async () => {
    expect(await answer('app:about', ownPage, {}, handlers)).toEqual({
      ok: true,
      value: { version: '1.2.3', electron: '45', platform: 'linux' },
    });
  });

  it('refuses a foreign sender without running the handler', async () => {
    handlers['app:about'].mockClear();
    const foreign = { senderFrame: { url: 'https://example.com/' } } as never;
    const r = await answer('app:about', foreign, {}, handlers);
    expect(r).toEqual({ ok: false, error: 'app:about: refused a call from https://example.com/' });
    expect(await answer('app:about', { senderFrame: null }, {}, handlers)).toMatchObject({ ok: false });
    expect(handlers['app:about']).not.toHaveBeenCalled();
  });

  it('refuses malformed input, naming it, without running the handler', async () => {
    handlers['app:about'].mockClear();
    expect(await answer('app:about', ownPage, { extra: 1 }, handlers)).toEqual({ ok: false, error: 'app:about: has unknown field(s) extra' });
    expect(await answer('app:about', ownPage, 'nonsense', handlers)).toMatchObject({ ok: false });
    expect(handlers['app:about']).not.toHaveBeenCalled();
  });

  it('turns a handler failure into an answer', async () => {
    const failing = { 'app:about': () => { throw new Error('disk on fire'); } };
    expect(await answer('app:about', ownPage, {}, failing)).toEqual({ ok: false, error: 'app:about: disk on fire' });
  });
});

describe('main', () => {
  it('fixes userData, takes the single-instance lock, and opens one secure window on app://', async () => {
    await import('../../electron/main');
    await vi.waitFor(() => expect(calls.windows).toHaveLength(1));
    expect(calls.userData).toBe('/home/user/.config/returns-dock');
    expect(calls.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(calls.windows[0]?.loaded).toEqual([APP_ENTRY]);
    expect(calls.windows[0]?.options).toMatchObject({ webPreferences: { sandbox: true, contextIsolation: true }, icon: expect.stringMatching(/\/renderer\/icon\.png$/) as unknown });
    expect([...calls.handlers.keys()]).toEqual([...IPC_CHANNELS]);

    // Navigation away from our origin and new windows are blocked.
    const [onContents] = calls.appListeners.get('web-contents-created') ?? [];
    const contentsListeners = new Map<string, (...a: unknown[]) => void>();
    let openHandler: (() => unknown) | undefined;
    onContents?.({}, { on: (e: string, l: (...a: unknown[]) => void) => contentsListeners.set(e, l), setWindowOpenHandler: (h: () => unknown) => (openHandler = h) });
    const prevent = vi.fn();
    contentsListeners.get('will-navigate')?.({ preventDefault: prevent }, 'https://example.com');
    expect(prevent).toHaveBeenCalledOnce();
    contentsListeners.get('will-navigate')?.({ preventDefault: prevent }, 'app://dock/index.html');
    expect(prevent).toHaveBeenCalledOnce();
    expect(openHandler?.()).toEqual({ action: 'deny' });

    // The station's identity kept beside the journal: remembered, recalled, checked on the way in.
    const call = (channel: string, input: unknown) => calls.handlers.get(channel)!({ senderFrame: { url: 'app://dock/index.html' } }, input);
    expect(await call('station:recall', {})).toEqual({ ok: true, value: { remembered: null } });
    const remembered = { station: { id: '0192f3a4-0000-7000-8000-0000000a0001', name: 'Door 1' }, link: { serverUrl: 'http://10.0.0.5:8787', token: 'a'.repeat(43), enrolledAt: '2026-12-07T10:00:00.000Z' } };
    expect(await call('station:remember', remembered)).toEqual({ ok: true, value: {} });
    expect(await call('station:recall', {})).toEqual({ ok: true, value: { remembered } });
    expect(await call('station:remember', { ...remembered, station: { id: 'not-an-id', name: 'Door 1' } })).toEqual({ ok: false, error: 'station.id: must be a UUID' });
    expect(await call('station:recall', {})).toEqual({ ok: true, value: { remembered } });

    // Permission requests go through the camera-only rule.
    const decide = vi.fn();
    calls.permissionRequest?.({}, 'geolocation', decide, {});
    calls.permissionRequest?.({}, 'media', decide, { mediaTypes: ['video'] });
    expect(decide.mock.calls).toEqual([[false], [true]]);
  });
});
