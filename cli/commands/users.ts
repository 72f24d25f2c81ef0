import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { userSchema, type User, type UserRole } from '../../shared/entities';
import { AdminCallError, adminClient, adminCommand, oneNamed, type AdminTarget } from '../adminClient';
import { aligned, writeLine, type CommandIo, type ExitCode } from '../io';

export const USERS_HELP = `rmadock users [list]                the people who may sign in at the stations, with their roles
rmadock users add NAME --role ROLE  a person, as dock, inspector, supervisor or admin
rmadock users role NAME ROLE        give a person another role
rmadock users deactivate NAME       someone who has left: no longer offered at sign-in, their record kept
rmadock users activate NAME         offered at sign-in again
  Options: --server URL and --data DIR, as for rmadock stations. Each linked station takes the
  change at its next sync. NAME is a person's name as listed (any case), or their id.`;

export type UsersAction =
  | { kind: 'list' }
  | { kind: 'add'; name: string; role: UserRole }
  | { kind: 'role'; user: string; role: UserRole }
  | { kind: 'active'; user: string; active: boolean };

const listingSchema = z.array(z.object({ value: userSchema, version: z.number().int() }));
const savedSchema = z.object({ version: z.number().int() });

type Listed = User & { version: number };

function table(users: readonly Listed[]): string {
  if (!users.length) return 'Nobody yet: rmadock users add "Dana Ortiz" --role dock adds someone.';
  const sorted = [...users].sort((a, b) => a.name.localeCompare(b.name));
  return aligned([['NAME', 'ROLE', 'ACTIVE', 'ID'], ...sorted.map((u) => [u.name, u.role, u.active ? 'yes' : 'no', u.id])]);
}

// Stations offer everyone active at sign-in but admins, who work at the server.
const signInSaid = (role: UserRole) => (role === 'admin' ? 'Stations do not offer admins at sign-in.' : 'Each linked station offers them at sign-in from its next sync.');

export async function usersCommand(action: UsersAction, target: AdminTarget, io: CommandIo, env: NodeJS.ProcessEnv): Promise<ExitCode> {
  return adminCommand('rmadock users', io, async () => {
    const call = adminClient(target, env);
    const users = async (): Promise<Listed[]> => (await call('/api/v1/admin/users', listingSchema)).map((u) => ({ ...u.value, version: u.version }));
    // Saved whole against the version read: a change made meanwhile elsewhere is not overwritten.
    const save = (user: User, baseVersion: number | null) =>
      call(`/api/v1/admin/users/${encodeURIComponent(user.id)}`, savedSchema, {
        method: 'PUT',
        body: { json: { user, baseVersion } },
        said: { 409: `${user.name} was changed by someone else meanwhile: rmadock users shows them as they are now; run this again` },
      });

    if (action.kind === 'list') {
      writeLine(io.stdout, table(await users()));
    } else if (action.kind === 'add') {
      const name = action.name.trim();
      const same = (await users()).find((u) => u.name.toLowerCase() === name.toLowerCase());
      if (same?.active) throw new AdminCallError(`${same.name} is already here (${same.role}): give the new person's name another way, with an initial say`);
      if (same) throw new AdminCallError(`${same.name} was here before (${same.role}): rmadock users activate ${JSON.stringify(same.name)} offers them at sign-in again`);
      await save({ id: uuidv7(), name, role: action.role, active: true }, null);
      writeLine(io.stdout, `${name}: ${action.role}. ${signInSaid(action.role)}`);
    } else {
      const { version, ...user } = oneNamed(await users(), action.user, 'person', 'rmadock users', 'people');
      const changed = action.kind === 'role' ? { ...user, role: action.role } : { ...user, active: action.active };
      if (changed.role === user.role && changed.active === user.active) {
        writeLine(io.stdout, `${user.name} is ${action.kind === 'role' ? `${user.role} already` : user.active ? 'active already' : 'deactivated already'}: nothing changed.`);
        return 0;
      }
      await save(changed, version);
      writeLine(
        io.stdout,
        action.kind === 'role'
          ? `${user.name}: ${action.role} (was ${user.role}). Each linked station takes it at its next sync; whoever is signed in keeps their role until they sign in again.`
          : action.active
            ? `${user.name}: active again. ${signInSaid(user.role)}`
            : `${user.name}: deactivated. Stations stop offering them at sign-in from their next sync; what they recorded stays theirs.`,
      );
    }
    return 0;
  });
}
