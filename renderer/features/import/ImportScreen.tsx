import { useId, useState, type ChangeEvent } from 'react';
import type { ImportProblem } from '../../../shared/importText';
import { parseRmaExport } from '../../../shared/rma';
import { settleHolds } from '../../db/dock';
import { importRmas } from '../../db/rmaImport';
import { useStation } from '../../app/station';

type Report =
  | { state: 'working'; file: string; done: number; total: number }
  | { state: 'done'; file: string; added: number; updated: number; fromServer: number; problems: ImportProblem[]; settled: number }
  | { state: 'failed'; file: string; message: string };

/** The largest file accepted: about 400,000 RMAs in the CSV export. */
const MAX_BYTES = 100 * 1024 * 1024;

/** RMAs from a customer-service export file, for a station working without the sync server. */
export function ImportScreen() {
  const { db, recorder, settings } = useStation();
  const id = useId();
  const [report, setReport] = useState<Report | null>(null);

  async function importFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    if (file.size > MAX_BYTES) {
      return setReport({ state: 'failed', file: file.name, message: `The file is ${Math.round(file.size / 1048576)} MB; the most this screen takes is 100 MB.` });
    }
    try {
      setReport({ state: 'working', file: file.name, done: 0, total: 0 });
      const { rmas, problems } = parseRmaExport(await file.text());
      setReport({ state: 'working', file: file.name, done: 0, total: rmas.length });
      const now = new Date();
      const counts = rmas.length
        ? await importRmas(db, rmas, now, (done) => setReport({ state: 'working', file: file.name, done, total: rmas.length }))
        : { added: 0, updated: 0, fromServer: 0 };
      const settled = rmas.length && recorder ? await settleHolds(db, recorder, settings, now) : [];
      setReport({ state: 'done', file: file.name, ...counts, problems, settled: settled.length });
    } catch (err) {
      setReport({ state: 'failed', file: file.name, message: `Nothing was lost, but the import stopped: ${(err as Error).message}` });
    }
  }

  return (
    <section className="card wide" aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>Import RMAs</h2>
      <p>
        A CSV or JSON export from customer service. RMAs already here are updated, never duplicated; rows with problems are
        listed and left out. At a station linked to the sync server, RMAs the server has sent stay as the server has them.
      </p>
      <label htmlFor={`${id}-file`}>RMA file</label>
      <input id={`${id}-file`} type="file" accept=".csv,.json,text/csv,application/json" onChange={(e) => void importFile(e)} disabled={report?.state === 'working'} />
      {report && <ImportReport report={report} />}
    </section>
  );
}

/** RMAs of the file that the sync server had sent, and so were left alone (`importRmas`). */
function leftAsTheServerHasThem(n: number): string {
  const [was, them] = n === 1 ? ['was', 'it'] : ['were', 'them'];
  return `${n.toLocaleString()} came from the sync server already and ${was} left as the server has ${them}: to change ${them}, import the file at the server.`;
}

function ImportReport({ report }: { report: Report }) {
  if (report.state === 'working') {
    return (
      <p role="status" aria-live="polite">
        Importing {report.file}… {report.total ? `${report.done.toLocaleString()} of ${report.total.toLocaleString()}` : 'reading'}
      </p>
    );
  }
  if (report.state === 'failed') {
    return (
      <p role="alert" className="problem">
        {report.file}: {report.message}
      </p>
    );
  }
  return (
    <div role="status" aria-live="polite" className="import-report" data-testid="import-report">
      <p>
        {report.file}: <strong>{report.added.toLocaleString()}</strong> new, <strong>{report.updated.toLocaleString()}</strong> updated,{' '}
        <strong>{report.problems.length.toLocaleString()}</strong> with problems.
        {report.fromServer > 0 && ` ${leftAsTheServerHasThem(report.fromServer)}`}
        {report.settled > 0 && ` ${report.settled} held package${report.settled === 1 ? ' was' : 's were'} decided with the new data.`}
      </p>
      {report.problems.length > 0 && (
        <ul className="problems">
          {report.problems.slice(0, 500).map((p) => (
            <li key={`${p.row}-${p.reason}`}>
              <strong>{p.where}</strong>: {p.reason}
            </li>
          ))}
          {report.problems.length > 500 && <li>… and {report.problems.length - 500} more.</li>}
        </ul>
      )}
    </div>
  );
}
