import { useEffect, useId, useState, type FormEvent } from 'react';
import { stationSettingsSchema, SUPERVISOR_SETTINGS, type StationSettings } from '../../../shared/settings';
import { parseAt } from '../../../shared/validation';
import { useStation } from '../../app/station';
import { useStationRoom } from '../../app/sync';
import { MakeRoom } from './MakeRoom';
import { describeWriteError } from '../../db/writeErrors';
import { platform } from '../../platform';

const LABELS: Record<keyof StationSettings, string> = {
  wedgeMaxKeyGapMs: 'Scanner speed: most milliseconds between keys',
  rmaStaleAfterHours: 'RMA data is out of date after (hours)',
  undoWindowSeconds: 'A verdict can be undone for (seconds)',
  muted: 'Mute the verdict sounds',
  siteName: 'Site name (on packing slips)',
  siteAddress: 'Site address (on packing slips, one line each)',
  slipPageSize: 'Packing slip paper',
  printerName: 'Slip printer',
  printCopies: 'Copies of each slip',
  printStrategy: 'How the desktop app prints',
  cameraId: 'Camera for reading labels',
  scanEngine: 'Barcode decoder (camera and images)',
};

const PAPER = { letter: 'Letter', a4: 'A4', label4x6: '4×6 in label (thermal)' } as const;

/** The station's settings, each checked before it is saved. */
export function SettingsScreen() {
  const { settings, saveSettings, station, session } = useStation();
  // Others see what a supervisor set, and cannot change it here.
  const locked = session?.user.role !== 'supervisor';
  const id = useId();
  const [draft, setDraft] = useState<Record<keyof StationSettings, string | boolean>>(() => ({
    wedgeMaxKeyGapMs: String(settings.wedgeMaxKeyGapMs),
    rmaStaleAfterHours: String(settings.rmaStaleAfterHours),
    undoWindowSeconds: String(settings.undoWindowSeconds),
    muted: settings.muted,
    siteName: settings.siteName,
    siteAddress: settings.siteAddress,
    slipPageSize: settings.slipPageSize,
    printerName: settings.printerName ?? '',
    printCopies: String(settings.printCopies),
    printStrategy: settings.printStrategy,
    cameraId: settings.cameraId ?? '',
    scanEngine: settings.scanEngine,
  }));
  const [cameras, setCameras] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    void navigator.mediaDevices
      ?.enumerateDevices()
      .then((all) => setCameras(all.filter((d) => d.kind === 'videoinput' && d.deviceId).map((d, i) => ({ id: d.deviceId, name: d.label || `Camera ${i + 1}` }))))
      .catch(() => setCameras([]));
  }, []);
  const [printers, setPrinters] = useState<string[] | null>(null);
  useEffect(() => {
    void platform.printers().then(setPrinters, () => setPrinters([]));
  }, []);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const room = useStationRoom();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const numberOrText = (v: string | boolean) => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v);
    const parsed = parseAt(stationSettingsSchema, {
      wedgeMaxKeyGapMs: numberOrText(draft.wedgeMaxKeyGapMs),
      rmaStaleAfterHours: numberOrText(draft.rmaStaleAfterHours),
      undoWindowSeconds: numberOrText(draft.undoWindowSeconds),
      muted: draft.muted,
      siteName: draft.siteName,
      siteAddress: draft.siteAddress,
      slipPageSize: draft.slipPageSize,
      printerName: draft.printerName === '' ? null : draft.printerName,
      printCopies: numberOrText(draft.printCopies),
      printStrategy: draft.printStrategy,
      cameraId: draft.cameraId === '' ? null : draft.cameraId,
      scanEngine: draft.scanEngine,
    });
    if (!parsed.ok) {
      const [field, ...rest] = parsed.error.split(':');
      return setMessage({ ok: false, text: `${LABELS[field as keyof StationSettings] ?? field}:${rest.join(':')}. Nothing was changed.` });
    }
    try {
      await saveSettings(parsed.value);
      setMessage({ ok: true, text: 'Settings saved.' });
    } catch (e) {
      setMessage({ ok: false, text: describeWriteError(e) });
    }
  }

  const field = (key: 'wedgeMaxKeyGapMs' | 'rmaStaleAfterHours' | 'undoWindowSeconds' | 'siteName' | 'printCopies') => (
    <>
      <label htmlFor={`${id}-${key}`}>{LABELS[key]}</label>
      <input
        id={`${id}-${key}`}
        type="text"
        inputMode="decimal"
        value={String(draft[key])}
        readOnly={locked && key in SUPERVISOR_SETTINGS}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
      />
    </>
  );

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>Settings — {station?.name}</h2>
      {field('wedgeMaxKeyGapMs')}
      <p className="hint">USB scanners: 35. Bluetooth scanners type slower: up to 100.</p>
      {field('rmaStaleAfterHours')}
      {field('undoWindowSeconds')}
      {locked && <p className="hint">Only a supervisor changes these two, the site’s name and its address: they decide verdicts at the dock and head every slip.</p>}
      <label className="check">
        <input type="checkbox" checked={draft.muted === true} onChange={(e) => setDraft({ ...draft, muted: e.target.checked })} /> {LABELS.muted}
      </label>
      {field('siteName')}
      <label htmlFor={`${id}-siteAddress`}>{LABELS.siteAddress}</label>
      <textarea id={`${id}-siteAddress`} rows={3} value={String(draft.siteAddress)} readOnly={locked} onChange={(e) => setDraft({ ...draft, siteAddress: e.target.value })} />
      <label htmlFor={`${id}-slipPageSize`}>{LABELS.slipPageSize}</label>
      <select id={`${id}-slipPageSize`} value={String(draft.slipPageSize)} onChange={(e) => setDraft({ ...draft, slipPageSize: e.target.value })}>
        {Object.entries(PAPER).map(([value, words]) => (
          <option key={value} value={value}>
            {words}
          </option>
        ))}
      </select>
      {printers && printers.length > 0 ? (
        <>
          <label htmlFor={`${id}-printerName`}>{LABELS.printerName}</label>
          <select id={`${id}-printerName`} value={String(draft.printerName)} onChange={(e) => setDraft({ ...draft, printerName: e.target.value })}>
            <option value="">Ask with the print dialog each time</option>
            {[...new Set([...printers, ...(draft.printerName ? [String(draft.printerName)] : [])])].map((p) => (
              <option key={p} value={p}>
                {printers.includes(p) ? p : `${p} (not connected)`}
              </option>
            ))}
          </select>
          {field('printCopies')}
          <label htmlFor={`${id}-printStrategy`}>{LABELS.printStrategy}</label>
          <select id={`${id}-printStrategy`} value={String(draft.printStrategy)} onChange={(e) => setDraft({ ...draft, printStrategy: e.target.value })}>
            <option value="electron">The app prints the PDF</option>
            <option value="system">The operating system prints the PDF file (lp)</option>
          </select>
        </>
      ) : (
        <p className="hint">{printers ? 'Browser mode, or no printer installed: slips arrive as PDF downloads to print from there.' : ''}</p>
      )}
      <label htmlFor={`${id}-cameraId`}>{LABELS.cameraId}</label>
      <select id={`${id}-cameraId`} value={String(draft.cameraId)} onChange={(e) => setDraft({ ...draft, cameraId: e.target.value })}>
        <option value="">The system’s default camera</option>
        {cameras.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
        {draft.cameraId !== '' && !cameras.some((c) => c.id === draft.cameraId) && <option value={String(draft.cameraId)}>The camera chosen before (not connected)</option>}
      </select>
      <label htmlFor={`${id}-scanEngine`}>{LABELS.scanEngine}</label>
      <select id={`${id}-scanEngine`} value={String(draft.scanEngine)} onChange={(e) => setDraft({ ...draft, scanEngine: e.target.value })}>
        <option value="zxing-wasm">zxing-cpp (WebAssembly) — recommended</option>
        <option value="zxing-js">zxing-js (@zxing/library)</option>
      </select>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'saved' : 'problem'}>
          {message.text}
        </p>
      )}
      <button type="submit" className="primary">Save settings</button>
      {room && (
        <p className={room.nearlyFull ? 'problem' : 'hint'} role={room.nearlyFull ? 'alert' : undefined} data-testid="station-storage">
          Storage: {room.words}
        </p>
      )}
      {!locked && <MakeRoom />}
    </form>
  );
}
