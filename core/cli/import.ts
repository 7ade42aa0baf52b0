import { parseCommandArgs } from '../cli-args.js';
import type { Settings } from '../config/schema.js';
import { PitwallError } from '../errors.js';
import { redactSourceUrl } from '../import/connect.js';
import type { SourceDatabase } from '../import/source.js';
import { IMPORT_SOURCES } from '../import/sources/index.js';
import { openImportTarget } from '../import/target.js';
import { importRows, progressLine, summaryLine } from '../import/writer.js';
import { openDatabase } from '../storage/database.js';
import { shellSession } from './shell-session.js';

export const IMPORT_USAGE = `Usage: pitwall import <${[...IMPORT_SOURCES.keys()].sort().join('|')}> --from <url> [--dry-run] [--server <login>]
  --from      the other controller's database: mysql://user:password@host:3306/name,
              postgres://user:password@host:5432/name, or a SQLite file (sqlite:/path/file.db)
  --dry-run   read everything and print what would change, write nothing
  --server    the dedicated server login the statistics and records belong to
              (default: asked from the dedicated server in DEDICATED)
`;

export interface ImportCliIo {
  out(text: string): void;
  err(text: string): void;
  openSource(url: string): Promise<SourceDatabase>;
  /** The server login when --server is not given (by default asked from the dedicated server). */
  serverLogin?(settings: Settings): Promise<string>;
  /** The import's date (for rows the source gave none); by default the clock. */
  now?(): Date;
}

/**
 * `pitwall import <source> --from <url>`: another controller's players, maps, local records with checkpoints,
 * karma and play time into Pitwall's database (DATABASE_URL). Running it again changes nothing; every row it
 * cannot take is printed with the reason, then one summary line.
 */
export async function importCli(args: string[], settings: Settings, io: ImportCliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('import', args, { from: { type: 'string' }, 'dry-run': { type: 'boolean' }, server: { type: 'string' } }, { positionals: 1 });
  const [id] = positionals;
  const source = id === undefined ? undefined : IMPORT_SOURCES.get(id);
  if (!source || values.from === undefined) {
    const problem = id === undefined ? 'Say which controller to import from.' : !source ? `There is no import source '${id}'.` : `Say where ${id}'s database is with --from <url>.`;
    io.err(`${problem}\n${IMPORT_USAGE}`);
    return 2;
  }
  const from = redactSourceUrl(values.from);
  let serverLogin = values.server;
  if (serverLogin === undefined) {
    try {
      serverLogin = await (io.serverLogin ?? askServerLogin)(settings);
    } catch (error) {
      io.err(`Cannot tell which server the statistics belong to: ${(error as Error).message}. Fix: start the dedicated server, or pass --server <its login>.\n`);
      return 1;
    }
  }
  let db: SourceDatabase;
  try {
    db = await io.openSource(values.from);
  } catch (error) {
    io.err(`${error instanceof PitwallError ? `${error.code}: ` : ''}${(error as Error).message}\n`);
    return 1;
  }
  const database = await openDatabase(settings.DATABASE_URL, settings.DATA_DIR);
  try {
    const target = await openImportTarget(database);
    const summary = await importRows(source.read(db), target, { source: source.id, serverLogin, dryRun: values['dry-run'] === true, now: io.now?.() ?? new Date(), onProgress: (so) => io.err(`${progressLine(so)}\n`) });
    for (const row of summary.rejected) io.out(`Not taken: ${row.what}: ${row.reason}\n`);
    io.out(`${summaryLine(summary, from)}\n`);
    return 0;
  } catch (error) {
    // A reader names the table or column it could not find; the rows before it are written and stay.
    io.err(`The import from ${from} stopped: ${(error as Error).message}\nRows read before it are kept; running the import again after the fix adds nothing twice.\n`);
    return 1;
  } finally {
    await db.close();
    await database.close();
  }
}

async function askServerLogin(settings: Settings): Promise<string> {
  const { session, host, port } = shellSession(settings, { connectTimeoutMs: 3000 });
  try {
    await session.connect();
    const info = (await session.call('GetSystemInfo')) as { ServerLogin?: unknown };
    if (typeof info.ServerLogin !== 'string' || info.ServerLogin === '') throw new Error(`the dedicated server at ${host}:${port} gave no ServerLogin`);
    return info.ServerLogin;
  } catch (error) {
    throw new Error(`the dedicated server at ${host}:${port} could not be asked (${(error as Error).message})`);
  } finally {
    session.close();
  }
}
