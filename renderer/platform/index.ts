import type { StationEvent } from '../../shared/events';
import type { WarehouseBridge } from '../../shared/ipc';
import type { PrinterSettings } from '../../shared/slips';
import type { RememberedStation } from '../../shared/sync';

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

/** The main process's copy of the station's identity and link (SYNC.md, *Recovery*); none in a browser. */
export interface StationMemory {
  remember: (station: RememberedStation) => Promise<void>;
  recall: () => Promise<RememberedStation | null>;
}

/** The renderer's only door to the desktop shell, with a browser fallback for every call. */
export interface Platform {
  about: () => Promise<About>;
  journal: Journal | null;
  memory: StationMemory | null;
  /** Print a finished PDF: by the station's printer settings in the desktop app, a download in a browser. */
  outputPdf: (bytes: Uint8Array<ArrayBuffer>, fileName: string, printer: PrinterSettings) => Promise<'download' | 'dialog' | 'printer'>;
  /** "Save as PDF": the native dialog in the desktop app (null when cancelled), a download in a browser. */
  savePdf: (bytes: Uint8Array<ArrayBuffer>, fileName: string) => Promise<'file' | 'download' | null>;
  /** The printers the system lists, by exact name; none in a browser. */
  printers: () => Promise<string[]>;
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
  memory: {
    remember: async (station) => void unwrap(await bridge['station:remember'](station)),
    recall: async () => unwrap(await bridge['station:recall']({})).remembered,
  },
  outputPdf: async (pdf, fileName, printer) => unwrap(await bridge['print:pdf']({ pdf, fileName, printer })).output,
  savePdf: async (pdf, fileName) => (unwrap(await bridge['print:save']({ pdf, fileName })).saved ? 'file' : null),
  printers: async () => unwrap(await bridge['print:printers']({})).printers,
});

const browserPlatform: Platform = {
  about: () => Promise.resolve({ version: __APP_VERSION__, mode: 'browser' }),
  journal: null,
  memory: null,
  outputPdf: (bytes, fileName) => downloadPdf(bytes, fileName),
  savePdf: (bytes, fileName) => downloadPdf(bytes, fileName),
  printers: () => Promise.resolve([]),
};

export const platform: Platform = window.warehouse ? electronPlatform(window.warehouse) : browserPlatform;
