import { useState } from 'react';
import type { PhotoRef } from '../../../shared/events';
import { useStation } from '../../app/station';
import { useSync } from '../../app/sync';
import { keepPhotoFromServer } from '../../db/inspection';
import type { UnitRow } from '../../db/schema';
import { thumbnailOf } from './photos';

/**
 * The photos of an inspection recorded at another station: named by its fact, kept on the server.
 * Fetched when someone asks (a supervisor reviewing a misuse), then kept here like the station's own.
 */
export function ServerPhotos({ unit, missing }: { unit: UnitRow; missing: readonly PhotoRef[] }) {
  const { db } = useStation();
  const { engine } = useSync();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);

  async function show() {
    setBusy(true);
    const failed: string[] = [];
    for (const [i, ref] of missing.entries()) {
      try {
        const blob = await engine.photoFromServer(ref.id);
        const thumbnail = await thumbnailOf(blob, `Photo ${i + 1}`);
        await keepPhotoFromServer(db, { id: ref.id, unitId: unit.unitId, type: ref.type, bytes: blob.size, blob, thumbnail, takenAt: unit.inspection?.at ?? '' });
      } catch (e) {
        failed.push(`Photo ${i + 1}: ${(e as Error).message}.`);
      }
    }
    setProblems(failed);
    setBusy(false);
  }

  return (
    <div className="server-photos">
      <button type="button" onClick={() => void show()} disabled={busy}>
        {busy ? 'Fetching photos…' : `Show ${missing.length === 1 ? 'the photo' : `the ${missing.length} photos`} from the server`}
      </button>
      {problems.length > 0 && (
        <p role="alert" className="problem" data-testid="server-photo-problems">
          {problems.join(' ')}
        </p>
      )}
    </div>
  );
}
