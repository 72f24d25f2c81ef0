import { useEffect, useId, useState, type FormEvent } from 'react';
import type { User } from '../../../shared/entities';
import { actorSchema, roleSchema, type Role } from '../../../shared/events';
import { parseAt } from '../../../shared/validation';
import { stationSchema } from '../../../shared/sync';
import { useStation } from '../../app/station';

const ROLE_NAMES: Record<Role, string> = { dock: 'Dock', inspector: 'Inspector', supervisor: 'Supervisor' };

/** First run: name this station (it is on every fact it records). */
export function StationSetup() {
  const { setUpStation } = useStation();
  const id = useId();
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = parseAt(stationSchema.shape.name, name, 'Station name');
    if (!parsed.ok) return setProblem(parsed.error);
    await setUpStation(parsed.value);
  }

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>Set up this station</h2>
      <p>Give this station a name people will recognise, such as “Dock door 3”.</p>
      <label htmlFor={`${id}-name`}>Station name</label>
      <input id={`${id}-name`} type="text" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} autoFocus />
      {problem && <p role="alert" className="problem">{problem}</p>}
      <button type="submit" className="primary">Save station</button>
    </form>
  );
}

/**
 * Who is at the station: their name and role go on every fact they record. Once the server has
 * sent the people it knows, they are the choice, each with the role a supervisor gave them; a
 * station working alone takes a typed name and role.
 */
export function SignIn() {
  const { db } = useStation();
  const [known, setKnown] = useState<User[] | null>(null);
  useEffect(() => {
    void db.users
      .toArray()
      .then((users) => setKnown(users.filter((u) => u.active && u.role !== 'admin').sort((a, b) => a.name.localeCompare(b.name))));
  }, [db]);
  if (known === null) return null;
  return known.length > 0 ? <ChooseUser users={known} /> : <TypeUser />;
}

function ChooseUser({ users }: { users: User[] }) {
  const { station, signIn } = useStation();
  const id = useId();
  const [chosen, setChosen] = useState(users[0]!.id);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const user = users.find((u) => u.id === chosen);
    if (user && user.role !== 'admin') await signIn({ name: user.name, role: user.role });
  }

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>Sign in at {station?.name}</h2>
      <label htmlFor={`${id}-who`}>Who is signing in</label>
      <select id={`${id}-who`} value={chosen} onChange={(e) => setChosen(e.target.value)} autoFocus>
        {users.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name} — {u.role === 'admin' ? '' : ROLE_NAMES[u.role]}
          </option>
        ))}
      </select>
      <button type="submit" className="primary">Sign in</button>
    </form>
  );
}

function TypeUser() {
  const { station, signIn } = useStation();
  const id = useId();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('dock');
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = parseAt(actorSchema, { name, role }, 'sign-in');
    if (!parsed.ok) return setProblem(parsed.error.replace(/^name:/, 'Your name:'));
    await signIn(parsed.value);
  }

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>Sign in at {station?.name}</h2>
      <label htmlFor={`${id}-name`}>Your name</label>
      <input id={`${id}-name`} type="text" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} autoFocus />
      <label htmlFor={`${id}-role`}>Role</label>
      <select id={`${id}-role`} value={role} onChange={(e) => setRole(roleSchema.parse(e.target.value))}>
        {roleSchema.options.map((r) => (
          <option key={r} value={r}>
            {ROLE_NAMES[r]}
          </option>
        ))}
      </select>
      {problem && <p role="alert" className="problem">{problem}</p>}
      <button type="submit" className="primary">Sign in</button>
    </form>
  );
}
