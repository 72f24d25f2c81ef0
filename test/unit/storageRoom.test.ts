import { describe, expect, it } from 'vitest';
import { stationRoom } from '../../renderer/db/storageRoom';

const GB = 1024 ** 3;

describe('the station’s storage', () => {
  it('is said as used of what the browser lets the station use, nearly full from 90%', () => {
    expect(stationRoom({ usage: 350 * 1024 ** 2, quota: 120 * GB })).toEqual({ words: '350.0 MB used of 120.0 GB this station may use', nearlyFull: false });
    expect(stationRoom({ usage: 0.9 * 10 * GB - 1, quota: 10 * GB })?.nearlyFull).toBe(false);
    expect(stationRoom({ usage: 0.9 * 10 * GB, quota: 10 * GB })).toEqual({
      words: '9.0 GB used of 10.0 GB this station may use: nearly full. Ask whoever looks after this computer to free space on its disk, or a supervisor to remove here the photos the server keeps (Settings); once this is full, nothing more can be recorded here.',
      nearlyFull: true,
    });
  });

  it('is not said where the browser does not say it', () => {
    expect(stationRoom({})).toBeNull();
    expect(stationRoom({ usage: 10, quota: 0 })).toBeNull();
  });
});
