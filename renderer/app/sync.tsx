import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { onFactRecorded } from '../db/facts';
import { readMeta } from '../db/meta';
import { stationRoom, type StationRoom, type StorageEstimateLike } from '../db/storageRoom';
import { SyncEngine, type SyncStatus } from '../sync/engine';
import { workerPageReader } from '../sync/workerPageReader';
import { useStation } from './station';

interface SyncState {
  engine: SyncEngine;
  status: SyncStatus | null;
  /** The station's storage, in words; null where the browser does not say. */
  room: StationRoom | null;
}

const SyncContext = createContext<SyncState | null>(null);

/** What is wrong with the desktop app's journal, in words; null when nothing is (and in a browser). */
export function useJournalProblem(): string | null {
  const { journal } = useStation();
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => journal?.subscribe(setProblem), [journal]);
  return problem;
}

/** Read again this often: a station fills slowly, and the disk under it may fill from elsewhere. */
const ROOM_EVERY_MS = 60_000;

/** The station's storage, as the sync provider last read it: for the header, Settings and Sync. */
export const useStationRoom = (): StationRoom | null => useSync().room;

export function useSync(): SyncState {
  const value = useContext(SyncContext);
  if (!value) throw new Error('useSync outside <SyncProvider>');
  return value;
}

/**
 * One sync loop per station: in a browser with several tabs open, only the tab holding the lock
 * runs it (the others show its status from the shared database).
 */
export function SyncProvider({ children }: { children: ReactNode }) {
  const { db, station, reload, journal } = useStation();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  // Read once a minute, here only: the screens show it, and the engine tells the server.
  const [estimate, setEstimate] = useState<StorageEstimateLike | null>(null);
  const lastEstimate = useRef<StorageEstimateLike | null>(null);
  useEffect(() => {
    const read = () =>
      void navigator.storage
        ?.estimate?.()
        .then((e) => e, () => null)
        .then((e) => setEstimate((lastEstimate.current = e)));
    read();
    const timer = setInterval(read, ROOM_EVERY_MS);
    return () => clearInterval(timer);
  }, []);
  const room = useMemo(() => (estimate ? stationRoom(estimate) : null), [estimate]);
  const pages = useMemo(() => (typeof Worker === 'undefined' ? null : workerPageReader()), []);
  const engine = useMemo(
    () =>
      new SyncEngine({
        readPage: pages?.read,
        db,
        fetch: (input, init) => fetch(input, init),
        now: () => new Date(),
        random: Math.random,
        isOnline: () => navigator.onLine,
        onAcknowledged: (ack) => void journal?.acknowledged(ack),
        onRequeued: () => void journal?.requeued(),
        fillFromJournal: journal ? () => journal.fillDatabase() : undefined,
        storage: () => {
          const e = lastEstimate.current;
          return Promise.resolve(e?.usage !== undefined && e.quota ? { used: e.usage, quota: e.quota } : null);
        },
        recorder: async () => {
          const [station, session] = await Promise.all([readMeta(db, 'station'), readMeta(db, 'session')]);
          return station && session ? { stationId: station.id, actor: session.user } : null;
        },
      }),
    [db, pages, journal],
  );

  useEffect(() => {
    let release: (() => void) | null = null;
    const run = () => engine.start();
    if (navigator.locks) {
      void navigator.locks.request('returns-dock-sync', () => {
        run();
        return new Promise<void>((resolve) => (release = resolve));
      });
    } else {
      run();
    }
    const offFact = onFactRecorded((event) => {
      // The fact is on disk in IndexedDB already; the journal is a second copy until it is acknowledged.
      void journal?.recorded(event);
      engine.nudge();
    });
    const online = () => engine.networkBack();
    const offline = () => engine.nudge(60_000);
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    const offStatus = engine.subscribe(setStatus);
    return () => {
      engine.stop();
      pages?.close();
      release?.();
      offFact();
      offStatus();
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
    };
  }, [engine, pages, journal]);

  // Renamed on the server: the header takes the name the engine stored.
  useEffect(() => {
    if (status?.stationName && station && status.stationName !== station.name) void reload();
  }, [status?.stationName, station, reload]);

  return <SyncContext.Provider value={{ engine, status, room }}>{children}</SyncContext.Provider>;
}
