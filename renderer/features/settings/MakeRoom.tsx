import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { bytesInWords } from '../../../shared/words';
import { useStation } from '../../app/station';
import { KEEP_PHOTOS_DAYS, photosOnServer, removePhotosOnServer } from '../../db/photoRoom';
import { describeWriteError } from '../../db/writeErrors';

/**
 * A supervisor's way to make room at a station: its inspection photos that the server keeps, and
 * has for a month, leave the station; each unit then offers its photos from the server.
 */
export function MakeRoom() {
  const { db } = useStation();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [at, setAt] = useState(() => new Date());
  const onServer = useLiveQuery(() => photosOnServer(db, at), [db, at]);

  async function remove() {
    try {
      const now = new Date();
      const removed = await removePhotosOnServer(db, now);
      setMessage({ ok: true, text: `Removed ${removed.count} ${removed.count === 1 ? 'photo' : 'photos'} (${bytesInWords(removed.bytes)}) from this station; each unit shows its photos from the server when asked.` });
      setAt(now);
    } catch (e) {
      setMessage({ ok: false, text: describeWriteError(e) });
    }
  }

  if (!onServer || (onServer.count === 0 && !message)) return null;
  return (
    <section className="stack" aria-label="Make room" data-testid="make-room">
      {onServer.count > 0 && (
        <>
          <p>
            {onServer.count} inspection {onServer.count === 1 ? 'photo' : 'photos'} ({bytesInWords(onServer.bytes)}) taken over {KEEP_PHOTOS_DAYS} days ago{' '}
            {onServer.count === 1 ? 'is' : 'are'} kept on the sync server as well. Removing {onServer.count === 1 ? 'it' : 'them'} here makes room; a unit shows its photos from the server when asked.
          </p>
          <button type="button" onClick={() => void remove()}>
            Remove {onServer.count === 1 ? 'it' : 'them'} from this station
          </button>
        </>
      )}
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'saved' : 'problem'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
