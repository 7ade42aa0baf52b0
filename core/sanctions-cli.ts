import type { Kysely } from 'kysely';
// Type only: the admin app owns these tables; the shell reads them with the app's own row shape.
import type { AdminTables, SanctionKind } from '../apps/admin/store.js';
import type { Settings } from './config/schema.js';
import { GbxFault } from './gbx/client.js';
import { shellSession } from './cli/shell-session.js';
import { openDatabase } from './storage/database.js';

/** The admin app's namespace and its table of sanctions, as `ctx.db` gives them to the app. */
const ADMIN_NAMESPACE = 'app_admin';

/** The shell commands, one per kind of stored sanction, with the server method that lifts it and its words. */
export const SANCTION_COMMANDS = {
  bans: { kind: 'ban', unset: 'UnBan', held: 'banned', lifted: 'unbanned', none: 'Nobody is banned.', title: 'Banned' },
  blacklist: { kind: 'blacklist', unset: 'UnBlackList', held: 'blacklisted', lifted: 'unblacklisted', none: 'Nobody is blacklisted.', title: 'Blacklisted' },
  guests: { kind: 'guest', unset: 'RemoveGuest', held: 'on the guest list', lifted: 'removed from the guest list', none: 'Nobody is on the guest list.', title: 'Guests' },
  mutes: { kind: 'mute', unset: 'UnIgnore', held: 'muted', lifted: 'unmuted', none: 'Nobody is muted.', title: 'Muted' },
} as const satisfies Record<string, { kind: SanctionKind; unset: string; held: string; lifted: string; none: string; title: string }>;

export type SanctionCommand = keyof typeof SANCTION_COMMANDS;

export function isSanctionCommand(name: string): name is SanctionCommand {
  return Object.hasOwn(SANCTION_COMMANDS, name);
}

export const SANCTIONS_USAGE = `Usage: pitwall bans list | remove <login>
       pitwall blacklist list | remove <login>
       pitwall guests list | remove <login>
       pitwall mutes list | remove <login>
`;

export interface SanctionsCliIo {
  out(text: string): void;
  err(text: string): void;
}

/**
 * `pitwall bans|blacklist|guests|mutes list|remove <login>`: the admin app's stored sanctions, read and lifted
 * from a shell on the database, so an owner refused at the door can let themselves back in. A removal is also
 * lifted on the dedicated server when it answers, and logged in the admin actions as done by 'cli'.
 */
export async function sanctionsCli(command: SanctionCommand, args: string[], settings: Settings, io: SanctionsCliIo): Promise<number> {
  const words = SANCTION_COMMANDS[command];
  const [subcommand, ...rest] = args;
  const valid = (subcommand === 'list' && rest.length === 0) || (subcommand === 'remove' && rest.length === 1 && !rest[0]!.startsWith('-'));
  if (!valid) {
    io.err(`${subcommand === 'list' || subcommand === 'remove' ? `Wrong arguments for 'pitwall ${command} ${subcommand}'.` : `Unknown ${command} command '${subcommand ?? ''}'.`}\n${SANCTIONS_USAGE}`);
    return 2;
  }
  const database = await openDatabase(settings.DATABASE_URL, settings.DATA_DIR);
  try {
    // No table: the admin app never ran on this database, so nothing is stored.
    const stored = (await database.tables(ADMIN_NAMESPACE)).includes('sanctions');
    const db = database.namespace<AdminTables>(ADMIN_NAMESPACE, 'pitwall sanctions');
    if (subcommand === 'list') {
      const rows = stored ? await db.selectFrom('sanctions').selectAll().where('kind', '=', words.kind).orderBy('at').orderBy('login').execute() : [];
      io.out(rows.length === 0 ? `${words.none}\n` : `${words.title}:\n${rows.map((row) => `  ${row.login}  by ${row.by} at ${row.at}${row.reason ? `: ${row.reason}` : ''}`).join('\n')}\n`);
      return 0;
    }
    const login = rest[0]!;
    const removed = stored && (await remove(db, login, words.kind));
    if (!removed) {
      io.err(`${login} is not ${words.held} in the database; nothing was changed. See: pitwall ${command} list\n`);
      return 1;
    }
    await db.insertInto('actions').values({ at: new Date().toISOString(), by: 'cli', action: words.lifted, target: login, reason: '' }).execute();
    io.out(`${login} is ${words.lifted} in the database: Pitwall will not apply it again. ${await liftOnServer(settings, words.unset, login)}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

/** False when there was nothing to remove (looked up first: not every driver counts deleted rows). */
async function remove(db: Kysely<AdminTables>, login: string, kind: SanctionKind): Promise<boolean> {
  const row = await db.selectFrom('sanctions').select('login').where('login', '=', login).where('kind', '=', kind).executeTakeFirst();
  if (!row) return false;
  await db.deleteFrom('sanctions').where('login', '=', login).where('kind', '=', kind).execute();
  return true;
}

/** The dedicated server keeps its own lists until it restarts: lift it there too when it can be reached. */
async function liftOnServer(settings: Settings, method: string, login: string): Promise<string> {
  const { session, host, port } = shellSession(settings, { connectTimeoutMs: 3000 });
  try {
    await session.connect();
    await session.call(method, login);
    return `The dedicated server at ${host}:${port} lifted it too.`;
  } catch (error) {
    // The server's fault means its own list did not hold the login: nothing is left to lift.
    if (error instanceof GbxFault) return `The dedicated server at ${host}:${port} did not hold it (${error.faultString}).`;
    return `The dedicated server at ${host}:${port} could not be reached (${(error as Error).message}); it keeps its own list until it restarts.`;
  } finally {
    session.close();
  }
}
