import { supervisorOnlyMessage, type Role } from '../../shared/events';
import { supervisorSettingsChanged, type StationSettings } from '../../shared/settings';
import { joinedWithAnd } from '../../shared/words';
import { NotAllowedError } from './facts';
import { readSettings, writeMeta } from './meta';
import type { StationDb } from './schema';

/**
 * Save the station's settings as the person signed in may: anyone tunes the station's hardware,
 * only a supervisor changes what decides verdicts or heads every slip. Checked against what is
 * stored, in the one transaction that writes it; a refusal changes nothing.
 */
export async function changeSettings(db: StationDb, settings: StationSettings, role: Role | null): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    if (role !== 'supervisor') {
      const changed = supervisorSettingsChanged(await readSettings(db), settings);
      if (changed.length) throw new NotAllowedError(`${supervisorOnlyMessage(role ?? 'dock', `changes ${joinedWithAnd(changed)}`)} Nothing was changed.`);
    }
    await writeMeta(db, 'settings', settings);
  });
}
