import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, supervisorSettingsChanged } from '../../shared/settings';
import { readSettings } from '../../renderer/db/meta';
import { StationDb } from '../../renderer/db/schema';
import { changeSettings } from '../../renderer/db/settings';

let count = 0;
const open: StationDb[] = [];
function freshDb(): StationDb {
  const db = new StationDb(`settings-${++count}`, { indexedDB, IDBKeyRange });
  open.push(db);
  return db;
}
afterEach(() => open.splice(0).forEach((db) => db.close()));

describe('the settings only a supervisor changes', () => {
  it('are named in words when they differ, and only those', () => {
    expect(supervisorSettingsChanged(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, wedgeMaxKeyGapMs: 90, muted: true, scanEngine: 'zxing-js' })).toEqual([]);
    expect(supervisorSettingsChanged(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, rmaStaleAfterHours: 2, siteAddress: '1 Dock Rd' })).toEqual([
      'how old RMA data may be',
      'the site’s address on slips',
    ]);
  });

  it('are refused to a dock worker or an inspector, with nothing changed; the station’s own tuning is not', async () => {
    const db = freshDb();
    await changeSettings(db, { ...DEFAULT_SETTINGS, wedgeMaxKeyGapMs: 90 }, 'dock');
    expect((await readSettings(db)).wedgeMaxKeyGapMs).toBe(90);

    await expect(changeSettings(db, { ...DEFAULT_SETTINGS, wedgeMaxKeyGapMs: 40, undoWindowSeconds: 60, siteName: 'West' }, 'inspector')).rejects.toThrow(
      'Only a supervisor changes how long a verdict can be undone and the site’s name on slips; you are signed in as an inspector. Nothing was changed.',
    );
    await expect(changeSettings(db, { ...DEFAULT_SETTINGS, rmaStaleAfterHours: 1 }, null)).rejects.toThrow('Only a supervisor changes how old RMA data may be');
    expect(await readSettings(db)).toEqual({ ...DEFAULT_SETTINGS, wedgeMaxKeyGapMs: 90 });

    await changeSettings(db, { ...DEFAULT_SETTINGS, wedgeMaxKeyGapMs: 90, rmaStaleAfterHours: 1, siteName: 'West' }, 'supervisor');
    // Once set, a dock worker's save that leaves them as they are goes through.
    await changeSettings(db, { ...(await readSettings(db)), muted: true }, 'dock');
    expect(await readSettings(db)).toEqual({ ...DEFAULT_SETTINGS, wedgeMaxKeyGapMs: 90, rmaStaleAfterHours: 1, siteName: 'West', muted: true });
  });
});
