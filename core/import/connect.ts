/**
 * Opens the other controller's database named by `pitwall import --from <url>`: MySQL or MariaDB (mysql2),
 * PostgreSQL (pg) or a SQLite file (read-only). Every failure is a PW_ERR_IMPORT_SOURCE naming the URL with its
 * password replaced by `***`, what went wrong and how to fix it; the password itself is in no message.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { PitwallError } from '../errors.js';
import { openSqliteHandle, sqliteErrorCode } from '../storage/sqlite-engine.js';
import type { SourceDatabase } from './source.js';

const FORMS =
  'mysql://user:password@host:3306/database (or mariadb://...), postgres://user:password@host:5432/database, ' +
  'or the path of a SQLite file (sqlite:/path/to/file.db, or a path ending in .db, .sqlite or .sqlite3)';

/** How long a server may take to accept the connection before the import gives up on it. */
const CONNECT_TIMEOUT_MS = 10_000;

/** The URL as it may be shown: the password (in the user part or a `password=` parameter) replaced by `***`. */
export function redactSourceUrl(url: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*:\/\/)/i.exec(url);
  let shown = url;
  if (scheme) {
    const rest = url.slice(scheme[1]!.length);
    // The user part ends at the last `@`: a password with an unencoded `@`, `/` or `?` is hidden whole.
    const at = rest.lastIndexOf('@');
    if (at >= 0) {
      const userInfo = rest.slice(0, at);
      const colon = userInfo.indexOf(':');
      if (colon >= 0) shown = `${scheme[1]}${userInfo.slice(0, colon)}:***${rest.slice(at)}`;
    }
  }
  return shown.replace(/([?&](?:password|pass|pwd)=)[^&#]*/gi, '$1***');
}

function sourceError(url: string, problem: string, fix: string, secret?: string): PitwallError<'PW_ERR_IMPORT_SOURCE'> {
  const hide = (text: string) => (secret && secret.length >= 3 ? text.split(secret).join('***') : text);
  return new PitwallError('PW_ERR_IMPORT_SOURCE', { url: redactSourceUrl(url), problem: hide(problem), fix: hide(fix) });
}

interface ServerTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

/** Opens the database `url` names; throws PW_ERR_IMPORT_SOURCE when it cannot. */
export async function openSource(url: string): Promise<SourceDatabase> {
  const text = url.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  if (scheme === 'sqlite' || scheme === 'file') return openSqliteSource(url, text.slice(scheme.length + 1));
  if (scheme === 'mysql' || scheme === 'mariadb') return openMysql(url, serverTarget(url, text, 3306, 'mysql://user:password@host:3306/database'));
  if (scheme === 'postgres' || scheme === 'postgresql') return openPostgres(url, serverTarget(url, text, 5432, 'postgres://user:password@host:5432/database'));
  // A Windows drive letter (C:\...) is a path, not a scheme.
  if (scheme && scheme.length > 1) {
    throw sourceError(url, `'${scheme}:' is not a kind of database Pitwall can import from`, `name the database as ${FORMS}`);
  }
  if (/\.(db|sqlite|sqlite3)$/i.test(text)) return openSqliteSource(url, text);
  throw sourceError(url, 'it is neither a database URL nor the path of a SQLite file', `name the database as ${FORMS}`);
}

function serverTarget(url: string, text: string, defaultPort: number, form: string): ServerTarget {
  const encode = `percent-encode special characters of the user and password (@ as %40, / as %2F, : as %3A, ? as %3F, # as %23)`;
  // An unencoded / ? or # in the password ends the host part early: what follows would be read as the host and
  // database (and shown in messages), so such a URL is refused before it is parsed.
  const rest = text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const authorityEnd = rest.search(/[/?#]/);
  if (authorityEnd >= 0 && rest.lastIndexOf('@') > authorityEnd) {
    throw sourceError(url, 'its user and password part holds a /, ? or # that is not percent-encoded', `${encode}: ${form}`);
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw sourceError(url, 'it is not a valid URL', `write it as ${form}, and ${encode}`);
  }
  const decode = (part: string, what: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw sourceError(url, `its ${what} has a % that does not start a valid percent-encoding`, `write % in the ${what} as %25`);
    }
  };
  const password = decode(parsed.password, 'password');
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw sourceError(url, 'it names no host', `write it as ${form}`, password);
  const database = decode(parsed.pathname.replace(/^\//, ''), 'database name');
  if (database === '' || database.includes('/')) {
    throw sourceError(url, database === '' ? 'it names no database' : `'${database}' is not a database name`, `put the name of the other controller's database after the host: ${form}`, password);
  }
  const user = decode(parsed.username, 'user');
  if (user === '') throw sourceError(url, 'it names no user', `put the user the other controller logs in with before the host: ${form}`, password);
  return { host, port: parsed.port === '' ? defaultPort : Number(parsed.port), user, password, database };
}

// MySQL / MariaDB ------------------------------------------------------------------------------------------

async function openMysql(url: string, target: ServerTarget): Promise<SourceDatabase> {
  let connection: mysql.Connection;
  try {
    connection = await mysql.createConnection({
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      database: target.database,
      connectTimeout: CONNECT_TIMEOUT_MS,
      // DATETIME as Date, read as UTC (the zone XAseco, UASECO and Sequelize write in); BIGINT as a number when
      // it fits, DECIMAL as text: the readers take Number() of both.
      dateStrings: false,
      timezone: 'Z',
      supportBigNumbers: true,
      bigNumberStrings: false,
    });
  } catch (error) {
    throw mysqlConnectError(url, target, error);
  }
  // A connection the server drops while idle emits 'error'; the next query reports it instead.
  connection.on('error', () => undefined);
  try {
    // TIMESTAMP columns come in the session's zone: UTC like the DATETIMEs.
    await connection.query("SET time_zone = '+00:00'");
  } catch (error) {
    await connection.end().catch(() => undefined);
    throw mysqlConnectError(url, target, error);
  }
  return {
    engine: 'mysql',
    async query(sql, params = []) {
      const [rows] = await connection.query(sql, params as unknown[]);
      return Array.isArray(rows) ? (rows as Record<string, unknown>[]).map((row) => ({ ...row })) as never : [];
    },
    async hasTable(name) {
      const [rows] = await connection.query(
        'SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND CAST(table_name AS BINARY) = CAST(? AS BINARY)',
        [name],
      );
      return (rows as unknown[]).length > 0;
    },
    async close() {
      await connection.end().catch(() => connection.destroy());
    },
  };
}

function mysqlConnectError(url: string, target: ServerTarget, error: unknown): PitwallError {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const reason = String(message ?? error);
  const at = `${target.host}:${target.port}`;
  const hide = target.password;
  switch (code) {
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
    case 'ER_NOT_SUPPORTED_AUTH_MODE':
      return sourceError(url, `the MySQL/MariaDB server at ${at} refused user '${target.user}' (${reason})`,
        `put the user and password the other controller logs in with in the URL (XAseco: localdatabase.xml, UASECO: config/UASECO.xml, MINIcontrol: DATABASE in .env), percent-encoding special characters (@ as %40, / as %2F, : as %3A, ? as %3F, # as %23)`, hide);
    case 'ER_BAD_DB_ERROR':
      return sourceError(url, `the MySQL/MariaDB server at ${at} has no database '${target.database}'`,
        `put the name of the other controller's database after the host (SHOW DATABASES lists them)`, hide);
    case 'ER_DBACCESS_DENIED_ERROR':
      return sourceError(url, `user '${target.user}' may not read database '${target.database}' on the MySQL/MariaDB server at ${at} (${reason})`,
        `check the database name (SHOW DATABASES lists those the user may see), log in as the user the other controller uses, or grant this one access (GRANT SELECT ON \`${target.database}\`.* TO '${target.user}'@'%')`, hide);
    default: {
      if ((typeof code === 'string' && ((code.startsWith('E') && !code.startsWith('ER_')) || code === 'PROTOCOL_CONNECTION_LOST')) || /timeout/i.test(reason)) {
        return sourceError(url, `cannot reach the MySQL/MariaDB server at ${at} (${reason || 'no answer'})`,
          `start the server, or correct the host and port in the URL (MySQL and MariaDB listen on 3306 unless configured otherwise; check bind-address if it runs on another machine)`, hide);
      }
      return sourceError(url, `the MySQL/MariaDB server at ${at} refused the connection (${reason})`,
        `check the URL against the other controller's database settings`, hide);
    }
  }
}

// PostgreSQL -----------------------------------------------------------------------------------------------

/** `?` placeholders to `$1`, `$2`...; a `?` inside a quoted string or identifier, or a comment, is kept. */
export function numberPlaceholders(sql: string): string {
  let out = '';
  let index = 0;
  for (let i = 0; i < sql.length; i++) {
    const char = sql[i]!;
    if (char === "'" || char === '"') {
      const end = sql.indexOf(char, i + 1);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop + 1);
      i = stop;
    } else if (char === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else if (char === '?') {
      out += `$${++index}`;
    } else {
      out += char;
    }
  }
  return out;
}

async function openPostgres(url: string, target: ServerTarget): Promise<SourceDatabase> {
  const client = new pg.Client({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        // `timestamp without time zone` read as UTC, not as the local time of the machine running the import.
        oid === 1114 ? (value: string) => new Date(`${value.replace(' ', 'T')}Z`) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw postgresConnectError(url, target, error);
  }
  return {
    engine: 'postgres',
    query: async (sql, params = []) => (await client.query(numberPlaceholders(sql), params as unknown[])).rows as never,
    hasTable: async (name) =>
      (await client.query('SELECT 1 FROM information_schema.tables WHERE table_schema = ANY (current_schemas(false)) AND table_name = $1', [name])).rows.length > 0,
    close: async () => client.end(),
  };
}

function postgresConnectError(url: string, target: ServerTarget, error: unknown): PitwallError {
  const code = String((error as { code?: unknown }).code ?? '');
  const reason = String((error as { message?: unknown }).message ?? error);
  const at = `${target.host}:${target.port}`;
  const hide = target.password;
  if (code === '28P01' || code === '28000') {
    return sourceError(url, `the PostgreSQL server at ${at} refused user '${target.user}' (${reason})`,
      `put the user and password the other controller logs in with in the URL, percent-encoding special characters (@ as %40, / as %2F, : as %3A, ? as %3F, # as %23)`, hide);
  }
  if (code === '3D000') {
    return sourceError(url, `the PostgreSQL server at ${at} has no database '${target.database}'`,
      `put the name of the other controller's database after the host (psql -l lists them)`, hide);
  }
  if (code.startsWith('E') || /timeout|terminated/i.test(reason)) {
    return sourceError(url, `cannot reach the PostgreSQL server at ${at} (${reason || 'no answer'})`,
      `start the server, or correct the host and port in the URL (PostgreSQL listens on 5432 unless configured otherwise)`, hide);
  }
  return sourceError(url, `the PostgreSQL server at ${at} refused the connection (${reason})`, `check the URL against the other controller's database settings`, hide);
}

// SQLite ---------------------------------------------------------------------------------------------------

function openSqliteSource(url: string, rest: string): SourceDatabase {
  // sqlite:/abs/file.db, sqlite:///abs/file.db, and MINIcontrol's sqlite://userdata/local.sqlite (relative).
  const path = rest.startsWith('//') ? rest.slice(2) : rest;
  const fix = 'give the path of the other controller\'s SQLite file (MINIcontrol keeps it at userdata/local.sqlite unless its DATABASE says otherwise)';
  if (path === '') throw sourceError(url, 'it names no file', fix);
  const file = resolve(path);
  if (!existsSync(file)) throw sourceError(url, `there is no file ${file}`, fix);
  if (!statSync(file).isFile()) throw sourceError(url, `${file} is not a file`, fix);
  let db;
  try {
    db = openSqliteHandle(file);
  } catch (error) {
    throw sourceError(url, `${file} cannot be opened (${(error as Error).message})`, 'make the file readable by the user running the import');
  }
  try {
    // Nothing the import runs may change the other controller's file.
    db.exec('PRAGMA query_only = ON');
    db.prepare('SELECT count(*) FROM sqlite_master').all([]);
  } catch (error) {
    db.close();
    const notSqlite = sqliteErrorCode(error) === 'SQLITE_NOTADB';
    throw sourceError(url, notSqlite ? `${file} is not a SQLite database` : `${file} cannot be read (${(error as Error).message})`, notSqlite ? fix : 'make the file readable by the user running the import');
  }
  const handle = db;
  return {
    engine: 'sqlite',
    async query(sql, params = []) {
      const statement = handle.prepare(sql);
      if (statement.reader) return statement.all(params as unknown[]) as never;
      statement.run(params as unknown[]);
      return [];
    },
    hasTable: async (name) => handle.prepare("SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?").all([name]).length > 0,
    close: async () => handle.close(),
  };
}
