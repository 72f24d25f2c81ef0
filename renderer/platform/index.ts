import type { WarehouseBridge } from '../../shared/ipc';

declare global {
  interface Window {
    /** Present only inside the Electron shell (electron/preload.ts). */
    warehouse?: WarehouseBridge;
  }
}

export interface About {
  version: string;
  mode: 'electron' | 'browser';
}

/** The renderer's only door to the desktop shell, with a browser fallback for every call. */
export interface Platform {
  about(): Promise<About>;
}

const electronPlatform = (bridge: WarehouseBridge): Platform => ({
  async about() {
    const r = await bridge['app:about']({});
    return { version: r.ok ? r.value.version : 'unknown', mode: 'electron' };
  },
});

const browserPlatform: Platform = {
  about: () => Promise.resolve({ version: __APP_VERSION__, mode: 'browser' }),
};

export const platform: Platform = window.warehouse ? electronPlatform(window.warehouse) : browserPlatform;
