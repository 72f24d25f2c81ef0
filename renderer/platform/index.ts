import type { StationEvent } from '../../shared/events';
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

/** The main process's journal of unacknowledged facts; a browser has none (it cannot flush a file). */
export interface Journal {
  append: (events: StationEvent[]) => Promise<void>;
  acknowledge: (ackStationSeq: number) => Promise<void>;
  read: () => Promise<StationEvent[]>;
}

/** The renderer's only door to the desktop shell, with a browser fallback for every call. */
export interface Platform {
  about: () => Promise<About>;
  journal: Journal | null;
  /** Hand a finished PDF to the person: a download in a browser (printing from the shell comes with its bridge). */
  outputPdf: (bytes: Uint8Array, fileName: string) => Promise<'download'>;
}

/** A browser's way: the PDF arrives as a download. */
function downloadPdf(bytes: Uint8Array, fileName: string): Promise<'download'> {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/pdf' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return Promise.resolve('download');
}

/** A bridge call that failed is reported, never thrown into the page. */
function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const electronPlatform = (bridge: WarehouseBridge): Platform => ({
  async about() {
    const r = await bridge['app:about']({});
    return { version: r.ok ? r.value.version : 'unknown', mode: 'electron' };
  },
  journal: {
    append: async (events) => void unwrap(await bridge['journal:append']({ events })),
    acknowledge: async (ackStationSeq) => void unwrap(await bridge['journal:acknowledge']({ ackStationSeq })),
    read: async () => unwrap(await bridge['journal:read']({})).events,
  },
  outputPdf: downloadPdf,
});

const browserPlatform: Platform = {
  about: () => Promise.resolve({ version: __APP_VERSION__, mode: 'browser' }),
  journal: null,
  outputPdf: downloadPdf,
};

export const platform: Platform = window.warehouse ? electronPlatform(window.warehouse) : browserPlatform;
