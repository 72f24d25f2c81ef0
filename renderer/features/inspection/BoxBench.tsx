import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { MATCH_WORDS, OUTCOME_WORDS, outcomeInForce } from '../../../shared/inspection';
import { readItemLabel } from '../../../shared/labels';
import { useStation } from '../../app/station';
import { dispositionOf } from '../../db/inspection';
import { CameraScan } from '../../scan/CameraScan';
import { useWedgeScanner } from '../../scan/useWedgeScanner';
import { Thumbnail } from './FindingForm';
import { RmaProgressPanel } from './RmaProgressPanel';
import { UnitPanel } from './UnitPanel';
import { useBench } from './useBench';

/**
 * One box open at the bench. A blind count: the inspector scans each unit's SKU then its serial
 * and the screen shows only what was counted, never what was expected, until the box is closed.
 */
export function BoxBench({ packageId, onDone }: { packageId: string; onDone: () => void }) {
  const { db, settings } = useStation();
  const bench = useBench(packageId);
  const id = useId();
  const [sku, setSku] = useState('');
  const [serial, setSerial] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const [camera, setCamera] = useState(false);
  const skuField = useRef<HTMLInputElement>(null);
  const { box, rma, units } = bench;
  const closed = box?.closed;
  // The catalog's SKUs tell a house SKU from a serial on an item's label: read only while the camera is open.
  const catalogSkus = useLiveQuery(() => (camera ? db.catalog.toCollection().primaryKeys() : []), [db, camera]);
  const knownSkus = useMemo(() => new Set([...(catalogSkus ?? []), ...(rma?.lines.map((l) => l.sku) ?? [])]), [catalogSkus, rma]);
  // What the camera has seen of the item in front of it so far; written through, because two
  // frames can arrive before React renders the first (the dock's pairing taught that).
  const seenByCamera = useRef<{ sku: string | null; serial: string | null }>({ sku: null, serial: null });

  async function count(skuText: string, serialText: string | null) {
    if (!skuText.trim()) return;
    if (await bench.count(skuText, serialText?.trim() || null)) {
      setSku('');
      setSerial('');
      skuField.current?.focus();
    }
  }

  /** An item's label in front of the camera: its SKU and serial fill the fields; both, and it is counted. */
  function takeFromCamera(texts: string[]) {
    const reading = readItemLabel(texts, knownSkus);
    if (!reading.sku && !reading.serial) {
      if (reading.other.some((l) => l.kind === 'rma' || l.kind === 'tracking')) bench.say(false, 'That is a shipping label: hold the item’s own label (SKU and serial) to the camera.');
      return;
    }
    const item = { sku: reading.sku ?? seenByCamera.current.sku ?? (sku.trim() || null), serial: reading.serial ?? seenByCamera.current.serial ?? (serial.trim() || null) };
    setSku(item.sku ?? '');
    setSerial(item.serial ?? '');
    if (item.sku && item.serial) {
      seenByCamera.current = { sku: null, serial: null };
      void count(item.sku, item.serial);
    } else seenByCamera.current = item;
  }

  // A handheld scanner anywhere on the screen: the first scan is the SKU, the second the serial.
  useWedgeScanner(
    (r) => {
      if (r.kind !== 'scan' || closed) return;
      if (!sku.trim()) setSku(r.text.trim());
      else void count(sku, r.text);
    },
    settings.wedgeMaxKeyGapMs,
    !closed,
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    void count(sku, serial);
  }

  if (box === undefined) return null;
  if (!box || box.rmaNumber === null) return <p className="problem">That box is not on this station.</p>;
  const selected = units.find((u) => u.unitId === chosen) ?? null;

  return (
    <div className="bench">
      <section className="card wide" aria-label="Box">
        <div className="row spread">
          <h2>
            Box for <span data-testid="bench-rma">{box.rmaNumber}</span>
          </h2>
          <button type="button" className="link" onClick={onDone}>
            Back to the queue
          </button>
        </div>
        {rma ? (
          <p className="muted">
            {rma.customer.name} · asks for a {rma.remedy} · bought {rma.purchasedOn} from {rma.seller === 'direct' ? 'us directly' : `a${rma.seller === 'authorized' ? 'n authorised' : 'n unauthorised'} seller`}
          </p>
        ) : (
          <p className="problem">This RMA is not on this station: sync or import RMAs before inspecting.</p>
        )}
        {!closed && (
          <form onSubmit={submit} className="scan-row" aria-label="Count a unit">
            <label htmlFor={`${id}-sku`}>SKU</label>
            <input type="text" id={`${id}-sku`} ref={skuField} value={sku} onChange={(e) => setSku(e.target.value)} autoComplete="off" autoFocus />
            <label htmlFor={`${id}-serial`}>Serial</label>
            <input type="text" id={`${id}-serial`} value={serial} onChange={(e) => setSerial(e.target.value)} autoComplete="off" />
            <button type="submit" className="primary" disabled={!sku.trim()}>
              Count unit
            </button>
            <button type="button" disabled={!sku.trim()} onClick={() => void count(sku, null)}>
              No serial
            </button>
            {!camera && (
              <button type="button" onClick={() => setCamera(true)}>
                Scan with camera
              </button>
            )}
          </form>
        )}
        {camera && !closed && (
          <CameraScan
            cameraId={settings.cameraId}
            name="Bench camera"
            instead="scan or type the SKU and serial"
            onLabel={takeFromCamera}
            onClose={() => {
              seenByCamera.current = { sku: null, serial: null };
              setCamera(false);
            }}
          />
        )}
        {bench.message && (
          <p role={bench.message.ok ? 'status' : 'alert'} className={bench.message.ok ? 'saved' : 'problem'} data-testid="bench-message">
            {bench.message.text}
          </p>
        )}
        <table className="units" aria-label="Units counted">
          <thead>
            <tr>
              <th>#</th>
              <th>SKU</th>
              <th>Serial</th>
              <th>Count</th>
              <th>Outcome</th>
              <th>Photo</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {units.map((u, i) => {
              const outcome = outcomeInForce(dispositionOf(u));
              return (
                <tr key={u.unitId} data-match={u.match} aria-selected={u.unitId === chosen}>
                  <td>{i + 1}</td>
                  <td>{u.sku}</td>
                  <td>{u.serial ?? '—'}</td>
                  <td className={u.match === 'matched' ? undefined : 'flag'}>{MATCH_WORDS[u.match]}</td>
                  <td>{outcome ? OUTCOME_WORDS[outcome] : 'not inspected'}</td>
                  <td>{bench.thumbnails.has(u.unitId) && <Thumbnail blob={bench.thumbnails.get(u.unitId)!} alt={`Photo of ${u.sku}`} />}</td>
                  <td>
                    <button type="button" onClick={() => setChosen(u.unitId)}>
                      {u.decision ? 'Open' : 'Inspect'}
                    </button>{' '}
                    {!u.inspection && !closed && (
                      <button type="button" className="link" onClick={() => void bench.uncount(u.unitId)}>
                        Take off count
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {units.length === 0 && <p className="muted">Nothing counted yet: scan each unit’s SKU, then its serial.</p>}
        {closed ? (
          <BoxDifference closed={closed} />
        ) : (
          <button type="button" onClick={() => void bench.close()} disabled={units.length === 0}>
            Close the box
          </button>
        )}
      </section>
      {selected && <UnitPanel key={selected.unitId} unit={selected} rma={rma ?? null} bench={bench} />}
      {rma && <RmaProgressPanel rma={rma} units={bench.rmaUnits} />}
    </div>
  );
}

function BoxDifference({ closed }: { closed: NonNullable<NonNullable<ReturnType<typeof useBench>['box']>['closed']> }) {
  return (
    <section aria-label="Counted against authorised" className="difference">
      <h3>
        Box closed by {closed.by}: {closed.units} unit{closed.units === 1 ? '' : 's'} counted
      </h3>
      <table>
        <thead>
          <tr>
            <th>SKU</th>
            <th>Authorised</th>
            <th>Received</th>
            <th>Missing</th>
          </tr>
        </thead>
        <tbody>
          {closed.lines.map((l) => (
            <tr key={l.sku} className={l.missing ? 'flag' : undefined}>
              <td>{l.sku}</td>
              <td>{l.authorised}</td>
              <td>{l.received}</td>
              <td>{l.missing}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p data-testid="box-extras">
        Not on the RMA: {closed.notOnRma} · over quantity: {closed.overQuantity} · serial not as listed: {closed.serialMismatches}
      </p>
    </section>
  );
}
