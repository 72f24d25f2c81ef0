import { useId, useState, type FormEvent } from 'react';
import { z } from 'zod';
import { parseAt } from '../../../shared/validation';
import { useStation } from '../../app/station';
import { useSync } from '../../app/sync';
import { serverAddressSchema } from '../../../shared/sync';
import { enrolStation } from '../../sync/enrol';
import { moveToServerAddress } from '../../sync/moveServer';

const moveFormSchema = z.object({
  serverUrl: serverAddressSchema,
  code: z
    .string()
    .trim()
    .max(40)
    .refine((c) => c === '' || c.length >= 4, { error: 'must be the code from the supervisor, or left empty' }),
});

/**
 * A linked station told where its sync server answers now. The same server at a new address
 * needs nothing more; another server needs an enrolment code from it. A supervisor's task: a
 * wrong address would leave the station's facts unsent.
 */
export function ServerMoved({ serverUrl }: { serverUrl: string }) {
  const { db, session, reload } = useStation();
  const { engine } = useSync();
  const id = useId();
  const [address, setAddress] = useState('');
  const [code, setCode] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  if (session?.user.role !== 'supervisor') return <p className="hint">Should the sync server move to another address, a supervisor points this station at it here.</p>;

  async function move(e: FormEvent) {
    e.preventDefault();
    const form = parseAt(moveFormSchema, { serverUrl: address.trim(), code }, 'form');
    if (!form.ok) return setMessage({ ok: false, text: form.error.replace(/^serverUrl:/, 'New address:').replace(/^code:/, 'Enrolment code:') });
    const { serverUrl: to, code: typed } = form.value;
    try {
      const fetchFn = (i: string, init?: RequestInit) => fetch(i, init);
      const { name } = typed ? await enrolStation(db, to, typed, fetchFn, new Date()) : await moveToServerAddress(db, to, fetchFn);
      await reload();
      setAddress('');
      setCode('');
      setMessage({ ok: true, text: `Now syncing with ${to} as “${name}”.` });
      await engine.syncNow();
    } catch (err) {
      setMessage({ ok: false, text: `Still syncing with ${serverUrl}: ${(err as Error).message}.` });
    }
  }

  return (
    <details className="stack">
      <summary>The sync server moved to another address</summary>
      <form onSubmit={(e) => void move(e)} className="stack">
        <p className="hint">
          The same server at a new address (a new machine, or its backup restored on another one) knows this station: type its address. Another server needs an enrolment
          code from it too. Nothing recorded here is lost either way; what the server lacks is sent to it.
        </p>
        <label htmlFor={`${id}-url`}>New address</label>
        <input id={`${id}-url`} type="text" value={address} onChange={(e) => setAddress(e.target.value)} placeholder="http://192.168.1.20:8787" />
        <label htmlFor={`${id}-code`}>Enrolment code (another server only)</label>
        <input id={`${id}-code`} type="text" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" />
        <button type="submit">Sync with this address</button>
      </form>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'saved' : 'problem'}>
          {message.text}
        </p>
      )}
    </details>
  );
}
