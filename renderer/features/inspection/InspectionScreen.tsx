import { useState } from 'react';
import { rolesAllowed } from '../../../shared/events';
import { useStation } from '../../app/station';
import { BoxBench } from './BoxBench';
import { InspectionQueue } from './InspectionQueue';

/** The inspection station: the queue of accepted boxes, and the box open at the bench. */
export function InspectionScreen() {
  const { session } = useStation();
  const [open, setOpen] = useState<string | null>(null);
  if (session?.user.role === 'dock') {
    return (
      <p className="problem" role="alert">
        Inspection is for inspectors and supervisors: {rolesAllowed('item_inspected')} record findings. You are signed in as a dock worker.
      </p>
    );
  }
  return <div className="inspection">{open ? <BoxBench packageId={open} onDone={() => setOpen(null)} /> : <InspectionQueue onOpen={setOpen} />}</div>;
}
