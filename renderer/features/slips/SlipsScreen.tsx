import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState, type FormEvent } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { classifyLabel } from '../../../shared/labels';
import { SLIP_TITLES } from '../../../shared/slips';
import { useStation } from '../../app/station';
import { InspectionError } from '../../db/inspection';
import { recordShipment, recordSlipOutput, slipsWaiting, type SlipGroup } from '../../db/slips';
import { describeWriteError } from '../../db/writeErrors';
import { platform } from '../../platform';
import { everyUnitDone } from '../inspection/closing';

type Message = { ok: boolean; text: string } | null;

/** Print or save one group's slip: the PDF, its output, and the fact of it. Resolves whether it was output. */
function useSlipOutput(onMessage: (m: Message) => void) {
  const { db, recorder, settings, station, session } = useStation();
  return async (group: SlipGroup, how: 'print' | 'save'): Promise<boolean> => {
    if (!recorder) return false;
    try {
      const rma = await db.rmas.get(group.rmaNumber);
      if (!rma) throw new InspectionError(`${group.rmaNumber} is not on this station: sync or import RMAs first.`);
      const slipId = group.slip?.slipId ?? uuidv7();
      // The PDF code (jsPDF, fonts, barcodes) loads with the first slip, not with the dock.
      const { slipPdfBytes } = await import('./printSlip');
      const { bytes, pageSize } = await slipPdfBytes({
        slipId,
        kind: group.kind,
        reprint: group.slip !== null,
        rma,
        units: group.units,
        settings,
        inspector: session?.user.name ?? '',
        station: station?.name ?? '',
        now: new Date(),
      });
      const fileName = `${group.rmaNumber}-${group.kind}-${slipId.slice(-8)}.pdf`;
      const output =
        how === 'save'
          ? await platform.savePdf(bytes, fileName)
          : await platform.outputPdf(bytes, fileName, { printerName: settings.printerName, pageSize, copies: settings.printCopies, strategy: settings.printStrategy });
      // A cancelled save is not an output; a failed print threw above and records nothing.
      if (output === null) {
        onMessage({ ok: true, text: 'Not saved.' });
        return false;
      }
      await recordSlipOutput(db, { slipId, rmaNumber: group.rmaNumber, kind: group.kind, unitIds: group.units.map((u) => u.unitId), pageSize, output }, recorder, new Date());
      const done = how === 'save' ? 'Saved' : group.slip ? 'Reprinted' : 'Printed';
      onMessage({ ok: true, text: `${done} the ${SLIP_TITLES[group.kind].toLowerCase()} slip for ${group.rmaNumber}.` });
      return true;
    } catch (e) {
      onMessage({ ok: false, text: `${group.rmaNumber}: ${describeWriteError(e)}` });
      return false;
    }
  };
}

/** What is waiting to leave the warehouse: print each slip, then ship it with a tracking number. */
export function SlipsScreen() {
  const { db } = useStation();
  const [message, setMessage] = useState<Message>(null);
  const output = useSlipOutput(setMessage);
  const [batch, setBatch] = useState(false);
  const data = useLiveQuery(() => slipsWaiting(db), [db]);
  /** The batch stops at the first slip that fails: it stays unprinted in the list, said plainly. */
  async function printAll(groups: SlipGroup[]) {
    setBatch(true);
    let printed = 0;
    for (const g of groups) {
      if (!(await output(g, 'print'))) break;
      printed++;
    }
    setBatch(false);
    if (printed === groups.length) setMessage({ ok: true, text: `Printed ${printed} slip${printed === 1 ? '' : 's'}.` });
  }

  if (!data) return null;
  return (
    <div className="inspection">
      <section className="card wide" aria-label="Slips to print and ship">
        <h2>Waiting to leave</h2>
        {message && (
          <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'saved' : 'problem'} data-testid="slips-message">
            {message.text}
          </p>
        )}
        {data.length === 0 && <p className="muted">Nothing is waiting: replacements and returns appear here once decided at inspection.</p>}
        {data.some((g) => !g.slip) && (
          <button type="button" disabled={batch} onClick={() => void printAll(data.filter((g) => !g.slip))}>
            Print all not yet printed ({data.filter((g) => !g.slip).length})
          </button>
        )}
        {data.map((g) => (
          <SlipCard key={g.slip?.slipId ?? `${g.rmaNumber}|${g.kind}`} group={g} output={output} onMessage={setMessage} />
        ))}
      </section>
    </div>
  );
}

function SlipCard({ group, output, onMessage }: { group: SlipGroup; output: ReturnType<typeof useSlipOutput>; onMessage: (m: Message) => void }) {
  const { db, recorder } = useStation();
  const id = useId();
  const [tracking, setTracking] = useState('');
  const [busy, setBusy] = useState(false);
  const print = async (how: 'print' | 'save') => {
    setBusy(true);
    await output(group, how);
    setBusy(false);
  };

  async function ship(e: FormEvent) {
    e.preventDefault();
    if (!recorder || !group.slip) return;
    const label = classifyLabel(tracking);
    if (label.kind !== 'tracking' || !label.valid || !label.carrier) {
      return onMessage({ ok: false, text: `${tracking.trim()} is not a tracking number we can read${label.kind === 'tracking' ? ' (its check digit is wrong)' : ''}: scan the outbound label again.` });
    }
    try {
      await recordShipment(db, group.slip.slipId, { value: label.value, carrier: label.carrier }, recorder, new Date());
      const [rma, units] = await Promise.all([db.rmas.get(group.rmaNumber), db.units.where('rmaNumber').equals(group.rmaNumber).toArray()]);
      const closed = rma ? everyUnitDone(rma, units) : false;
      onMessage({ ok: true, text: `Shipped ${group.rmaNumber} with ${label.carrier.toUpperCase()} ${label.value}.${closed ? ` ${group.rmaNumber} is closed: every unit is final and shipped.` : ''}` });
      setTracking('');
    } catch (err) {
      onMessage({ ok: false, text: describeWriteError(err) });
    }
  }

  return (
    <article className="slip-card" aria-label={`${SLIP_TITLES[group.kind]} ${group.rmaNumber}`} data-rma={group.rmaNumber}>
      <h3>
        {SLIP_TITLES[group.kind]} · {group.rmaNumber}
      </h3>
      <ul>
        {group.units.map((u) => (
          <li key={u.unitId}>
            {u.sku} {u.serial ?? 'no serial'}
            {group.kind === 'replacement' && ` → ${u.replacement?.serial ?? 'replacement serial not recorded yet'}`}
          </li>
        ))}
      </ul>
      <div className="row">
        <button type="button" className={group.slip ? undefined : 'primary'} disabled={busy} onClick={() => void print('print')}>
          {group.slip ? 'Reprint slip' : 'Print slip'}
        </button>
        <button type="button" disabled={busy} onClick={() => void print('save')}>
          Save as PDF
        </button>
        {group.slip && <span className="muted">printed {group.slip.outputs.length}×</span>}
      </div>
      {group.slip && (
        <form className="scan-row" onSubmit={(e) => void ship(e)}>
          <label htmlFor={`${id}-t`}>Outbound tracking number</label>
          <input type="text" id={`${id}-t`} value={tracking} onChange={(e) => setTracking(e.target.value)} autoComplete="off" />
          <button type="submit" className="primary" disabled={!tracking.trim()}>
            Ship
          </button>
        </form>
      )}
    </article>
  );
}
