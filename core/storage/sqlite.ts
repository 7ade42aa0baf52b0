import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type Dialect } from 'kysely';
import { PitwallError } from '../errors.js';
import { SqliteDriver, SQLITE_BUSY_TIMEOUT_MS } from './sqlite-driver.js';
import { openSqliteHandle, sqliteErrorCode, type SqliteEngineName, type SqliteHandle } from './sqlite-engine.js';
import { SqliteFileWatch } from './sqlite-file-watch.js';

export interface SqliteOpenOptions {
  /** Told, once, when the file is deleted or replaced while open (an error-level log line). */
  onFileGone?: (error: PitwallError) => void;
  /** The library to open it with; the one this Node runs by default. */
  engine?: SqliteEngineName;
}

/**
 * Opens the SQLite file (or ':memory:') as a Kysely dialect: WAL, a busy wait of a few milliseconds, and,
 * for a file, a watch that notices it being deleted or replaced. Stops with a PitwallError naming the file
 * when it cannot be used: a read-only file, a file that is not a database, a folder that cannot be written.
 */
export function openSqliteDialect(file: string, where: string, options: SqliteOpenOptions = {}): Dialect {
  let handle: SqliteHandle | undefined;
  try {
    if (file !== ':memory:') {
      mkdirSync(dirname(file), { recursive: true });
      // SQLite would open a read-only file read-only without a word and fail at the first write.
      if (existsSync(file) && !writable(file)) throw new PitwallError('PW_ERR_DATABASE_READ_ONLY', { file });
    }
    handle = openSqliteHandle(file, options.engine);
    // WAL: readers never wait for the writer and a killed process loses only uncommitted transactions;
    // NORMAL sync is safe against a process crash in WAL mode (only an OS crash could lose the last commits).
    handle.exec('pragma journal_mode = WAL');
    handle.exec('pragma synchronous = NORMAL');
    handle.exec(`pragma busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    handle.exec('pragma foreign_keys = ON');
  } catch (error) {
    handle?.close();
    throw openError(error, file, where);
  }
  const opened = handle;
  const watch = file === ':memory:' ? undefined : new SqliteFileWatch(file, statSync(file), options.onFileGone);
  return {
    createAdapter: () => new SqliteAdapter(),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createDriver: () => new SqliteDriver(opened, { file, ...(watch ? { watch } : {}) }),
    createIntrospector: (db) => new SqliteIntrospector(db),
  };
}

function writable(file: string): boolean {
  try {
    accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function openError(error: unknown, file: string, where: string): PitwallError {
  if (error instanceof PitwallError) return error;
  const reason = (error as Error).message;
  const code = sqliteErrorCode(error);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return new PitwallError('PW_ERR_DATABASE_NOT_SQLITE', { file, reason }, { cause: error });
  if (code === 'SQLITE_READONLY' && existsSync(file)) return new PitwallError('PW_ERR_DATABASE_READ_ONLY', { file }, { cause: error });
  return new PitwallError('PW_ERR_DATABASE_OPEN', { where, reason }, { cause: error });
}
