import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../shared/events';
import type { StationSettings } from '../../shared/settings';
import type { Recorder } from '../db/facts';
import { stationDb, type StationDb } from '../db';
import { readMeta, readSettings, writeMeta, type Session } from '../db/meta';
import type { Station } from '../../shared/sync';
import { changeSettings } from '../db/settings';
import { platform } from '../platform';
import { JournalKeeper } from '../sync/journalKeeper';

export interface StationState {
  db: StationDb;
  station: Station | null;
  session: Session | null;
  settings: StationSettings;
  /** Who records facts now; null until someone signs in. */
  recorder: Recorder | null;
  /** The desktop app's journal of facts not yet acknowledged; none in a browser. */
  journal: JournalKeeper | null;
  setUpStation: (name: string) => Promise<void>;
  signIn: (user: Actor) => Promise<void>;
  signOut: () => Promise<void>;
  saveSettings: (settings: StationSettings) => Promise<void>;
  /** Read the station's identity again (after enrolment may have changed it). */
  reload: () => Promise<void>;
}

const StationContext = createContext<StationState | null>(null);

export function useStation(): StationState {
  const value = useContext(StationContext);
  if (!value) throw new Error('useStation outside <StationProvider>');
  return value;
}

type Loaded = Pick<StationState, 'station' | 'session' | 'settings'>;

/** The station's identity, who is signed in, and its settings, read once from the database. */
export function StationProvider({ children, db = stationDb }: { children: ReactNode; db?: StationDb }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const journal = useMemo(() => (platform.journal ? new JournalKeeper(platform.journal, db, platform.memory) : null), [db]);

  const reload = useCallback(async () => {
    const [station, session, settings, link] = await Promise.all([readMeta(db, 'station'), readMeta(db, 'session'), readSettings(db), readMeta(db, 'sync')]);
    setLoaded({ station: station ?? null, session: session ?? null, settings });
    // Whatever changed the identity or the link (set up, linked, renamed, moved) reloads it.
    await journal?.remember(station ?? null, link ?? null);
  }, [db, journal]);

  useEffect(() => {
    // The desktop app first puts back any unacknowledged facts this database lost.
    (async () => {
      await journal?.open();
      await reload();
    })().catch((e: unknown) => setError(`The station's database could not be opened: ${(e as Error).message}`));
  }, [db, journal, reload]);

  if (error) return <p role="alert" className="fatal">{error}</p>;
  if (!loaded) return null;

  const value: StationState = {
    db,
    ...loaded,
    journal,
    recorder: loaded.station && loaded.session ? { stationId: loaded.station.id, actor: loaded.session.user } : null,
    async setUpStation(name) {
      await writeMeta(db, 'station', { id: uuidv7(), name: name.trim() });
      await reload();
    },
    async signIn(user) {
      const shiftStartSeq = (await readMeta(db, 'seq')) ?? 0;
      await writeMeta(db, 'session', { user, signedInAt: new Date().toISOString(), shiftStartSeq });
      await reload();
    },
    async signOut() {
      await writeMeta(db, 'session', null);
      await reload();
    },
    async saveSettings(settings) {
      await changeSettings(db, settings, loaded.session?.user.role ?? null);
      await reload();
    },
    reload,
  };
  return <StationContext.Provider value={value}>{children}</StationContext.Provider>;
}
