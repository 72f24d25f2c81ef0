import { useState } from 'react';
import { rolesAllowed } from '../../../shared/events';
import { classifyLabel } from '../../../shared/labels';
import { useStation } from '../../app/station';
import { useWedgeScanner } from '../../scan/useWedgeScanner';
import { BoxBench } from './BoxBench';
import { InspectionQueue } from './InspectionQueue';

/** The inspection station: the queue of accepted boxes, and the box open at the bench. */
export function InspectionScreen() {
  const { db, session, settings } = useStation();
  const [open, setOpen] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const allowed = session?.user.role !== 'dock';

  // At the queue, scanning a box's RMA label opens that box (the oldest waiting, if several).
  useWedgeScanner(
    (r) => {
      if (r.kind !== 'scan') return setProblem('That scan was cut off: scan the label again.');
      const label = classifyLabel(r.text);
      if (label.kind !== 'rma' || !label.valid) return setProblem(`${r.text.trim()} is not an RMA number: scan the box’s RMA label.`);
      void db.packages
        .where('rmaNumber')
        .equals(label.value)
        .filter((p) => p.queuedAt !== undefined)
        .sortBy('queuedAt')
        .then(([box]) => {
          setProblem(box ? null : `No box for ${label.value} is waiting for inspection here. A closed box is found under “Find an RMA’s boxes”.`);
          if (box) setOpen(box.id);
        });
    },
    settings.wedgeMaxKeyGapMs,
    allowed && open === null,
  );

  if (!allowed) {
    return (
      <p className="problem" role="alert">
        Inspection is for inspectors and supervisors: {rolesAllowed('item_inspected')} record findings. You are signed in as a dock worker.
      </p>
    );
  }
  if (open) return <BoxBench packageId={open} onDone={() => setOpen(null)} />;
  return (
    <div className="inspection">
      {problem && (
        <p role="alert" className="problem" data-testid="queue-problem">
          {problem}
        </p>
      )}
      <InspectionQueue onOpen={setOpen} />
    </div>
  );
}
