import { join } from 'node:path';
import { PitwallError } from '../errors.js';

/** Where the database lives, parsed from DATABASE_URL. */
export type DatabaseTarget =
  | { dialect: 'sqlite'; file: string; where: string }
  | { dialect: 'postgres'; host: string; port: number; database: string; user: string; password: string; url: string; where: string };

/** The embedded database file under DATA_DIR, used when DATABASE_URL is empty. */
export const SQLITE_FILE_NAME = 'pitwall.sqlite';

/**
 * '' -> the embedded SQLite file DATA_DIR/pitwall.sqlite; postgres://user:pass@host:port/db -> PostgreSQL.
 * `where` describes the target for messages and logs: it never holds the password.
 */
export function parseDatabaseUrl(value: string, dataDir: string): DatabaseTarget {
  if (value === '') {
    const file = join(dataDir, SQLITE_FILE_NAME);
    return { dialect: 'sqlite', file, where: `the SQLite file ${file}` };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PitwallError('PW_ERR_DATABASE_URL', { reason: 'it is not a URL' });
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new PitwallError('PW_ERR_DATABASE_URL', { reason: `its scheme '${url.protocol.replace(/:$/, '')}' is not postgres` });
  }
  if (!url.hostname) throw new PitwallError('PW_ERR_DATABASE_URL', { reason: 'it names no host' });
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database || database.includes('/')) throw new PitwallError('PW_ERR_DATABASE_URL', { reason: `it names no database after the host (${url.hostname})` });
  if (!url.username) throw new PitwallError('PW_ERR_DATABASE_URL', { reason: `it names no user for ${url.hostname}` });
  const port = url.port ? Number(url.port) : 5432;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    dialect: 'postgres',
    host,
    port,
    database,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    url: value,
    where: `PostgreSQL at ${url.hostname}:${port}/${database}`,
  };
}

