import { StationDb } from './schema';

/** The station's one database in this window. */
export const stationDb = new StationDb();

export { StationDb };
