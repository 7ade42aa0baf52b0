import { Kysely, Migrator, PostgresDialect, SqliteAdapter, sql, type Dialect, type Migration } from 'kysely';
import pg from 'pg';
import { PitwallError } from '../errors.js';
import { readMigrationHistories, upToDate } from './migration-history.js';
import { rememberNamespace } from './namespace-registry.js';
import { scopedDialect, SharedDriver, type QueryOwner } from './scoped-dialect.js';
import { openSqliteDialect } from './sqlite.js';
import type { SqliteEngineName } from './sqlite-engine.js';
import { PrefixingSqliteQueryCompiler, tablePrefixPlugins } from './table-prefix.js';
import { parseDatabaseUrl, type DatabaseTarget } from './url.js';

/** One migration of a namespace: applied in list order, once, recorded in the namespace's history. */
export interface NamedMigration {
  name: string;
  // Migrations see the database as it was then, not as today's table interface says: untyped on purpose.
  up(db: Kysely<any>): Promise<void>;
  down?(db: Kysely<any>): Promise<void>;
}

export type DialectName = 'sqlite' | 'postgres';

/** DI token and interface of the database service: namespaces, migrations, nothing about apps. */
export const Database = Symbol('Database');
export interface Database {
  readonly dialect: DialectName;
  /** The target without secrets, for messages: "the SQLite file var/pitwall.sqlite", "PostgreSQL at host:5432/db". */
  readonly where: string;
  /** A Kysely whose tables live in `namespace` (a PostgreSQL schema, or a table prefix on SQLite). */
  namespace<DB>(namespace: string, owner: string): Kysely<DB>;
  /** Applies the pending migrations of `namespace` in one transaction under the migration lock. */
  migrate(namespace: string, owner: string, migrations: readonly NamedMigration[]): Promise<string[]>;
  /** The tables `namespace` holds, its migration history included, by their names inside the namespace. */
  tables(namespace: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Where each namespace records its migrations (inside the namespace). */
export const MIGRATION_TABLE = 'pitwall_migrations';
const MIGRATION_LOCK_TABLE = 'pitwall_migrations_lock';

export interface OpenDatabaseOptions {
  /** With DATABASE_URL empty: an in-memory SQLite database instead of the file (nothing is written). */
  inMemory?: boolean;
  /** Told about connections the pool dropped in the background (the pool reconnects by itself). */
  onBackgroundError?: (error: Error) => void;
  /** Told, once, when the SQLite file is deleted or replaced while open; log it at error level. */
  onFileGone?: (error: PitwallError) => void;
  /** The SQLite library to use (benchmarks compare them); by default the one this Node runs. */
  sqliteEngine?: SqliteEngineName;
}

/** Opens DATABASE_URL ('' is the SQLite file under DATA_DIR) and checks that it answers. */
export async function openDatabase(url: string, dataDir: string, options: OpenDatabaseOptions = {}): Promise<Database> {
  const target = parseDatabaseUrl(url, dataDir);
  if (target.dialect === 'postgres') return openPostgres(target, options);
  return options.inMemory ? openMemoryDatabase() : openSqlite(target, options);
}

/** A SQLite database that lives in memory only: nothing is written to disk. */
export function openMemoryDatabase(): Database {
  return openSqlite({ dialect: 'sqlite', file: ':memory:', where: 'an in-memory SQLite database' });
}

function openSqlite(target: Extract<DatabaseTarget, { dialect: 'sqlite' }>, options: OpenDatabaseOptions = {}): Database {
  const { onFileGone, sqliteEngine: engine } = options;
  const dialect = openSqliteDialect(target.file, target.where, { ...(onFileGone ? { onFileGone } : {}), ...(engine ? { engine } : {}) });
  return new SqlDatabase(dialect, 'sqlite', target.where);
}

async function openPostgres(target: Extract<DatabaseTarget, { dialect: 'postgres' }>, options: OpenDatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    max: 10,
    connectionTimeoutMillis: 10_000,
  });
  // A connection the server closes while idle (or while in use) emits 'error': without listeners that
  // would crash the process. The pool drops such clients and opens new ones on the next query.
  const background = (error: Error) => options.onBackgroundError?.(error);
  pool.on('error', background);
  pool.on('connect', (client) => client.on('error', background));
  try {
    const client = await pool.connect();
    try {
      await client.query('select 1');
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw connectError(error, target);
  }
  return new SqlDatabase(new PostgresDialect({ pool }), 'postgres', target.where);
}

function connectError(error: unknown, target: Extract<DatabaseTarget, { dialect: 'postgres' }>): PitwallError {
  const code = String((error as { code?: unknown }).code ?? '');
  const reason = (error as Error).message;
  const { host, port, user, database } = target;
  if (code === '28P01' || code === '28000') return new PitwallError('PW_ERR_DATABASE_AUTH', { host, port, user, database, reason }, { cause: error });
  if (code === '3D000') return new PitwallError('PW_ERR_DATABASE_OPEN', { where: target.where, reason: `${reason}; create it (CREATE DATABASE "${database}" OWNER "${user}") or name an existing one in DATABASE_URL` }, { cause: error });
  if (code.startsWith('E') || /timeout/i.test(reason)) return new PitwallError('PW_ERR_DATABASE_UNREACHABLE', { host, port, reason }, { cause: error });
  return new PitwallError('PW_ERR_DATABASE_OPEN', { where: target.where, reason }, { cause: error });
}

/** The Database over any Kysely dialect; tests hand it PGlite's. */
export class SqlDatabase implements Database {
  private readonly shared: SharedDriver;
  private closed?: Promise<void>;
  /** Every namespace's applied migrations, read on the first migrate() and kept up to date by the later ones. */
  private histories?: Promise<Map<string, Set<string>> | undefined>;

  private readonly base: Dialect;

  constructor(
    base: Dialect,
    readonly dialect: DialectName,
    readonly where: string,
  ) {
    this.base = base;
    this.shared = new SharedDriver(base.createDriver());
    if (dialect === 'sqlite') {
      this.base = {
        createAdapter: () => new TransactionalSqliteAdapter(),
        createDriver: () => base.createDriver(),
        createQueryCompiler: () => new PrefixingSqliteQueryCompiler(),
        createIntrospector: (db) => base.createIntrospector(db),
      };
    }
  }

  namespace<DB>(namespace: string, owner: string): Kysely<DB> {
    const db = this.inNamespace(this.unscoped<DB>(owner), namespace);
    rememberNamespace(db, { database: this, namespace, owner });
    return db;
  }

  async migrate(namespace: string, owner: string, migrations: readonly NamedMigration[]): Promise<string[]> {
    const names = migrations.map((migration) => migration.name);
    const repeated = names.find((name, index) => !name || names.indexOf(name) !== index);
    if (repeated !== undefined) {
      throw new PitwallError('PW_ERR_DATABASE_MIGRATION', { owner, migration: repeated, message: 'every migration needs a name of its own (this one is empty or repeated)' });
    }
    // The history is kept by name, in name order: a list whose names sort differently would run out of order.
    const unordered = names.findIndex((name, index) => index > 0 && name < names[index - 1]!);
    if (unordered > 0) {
      throw new PitwallError('PW_ERR_DATABASE_MIGRATION', {
        owner,
        migration: names[unordered]!,
        message: `its name sorts before '${names[unordered - 1]}', which comes earlier in the list; start each name with its number (001-create-notes, 002-add-index)`,
      });
    }
    const historyKey = this.historyKey(namespace);
    const histories = await this.migrationHistories();
    if (upToDate(histories?.get(historyKey), names)) return [];
    const db = this.unscoped<unknown>(owner);
    const migrator = new Migrator({
      db,
      provider: {
        getMigrations: async () =>
          Object.fromEntries(
            migrations.map((migration): [string, Migration] => [
              migration.name,
              {
                up: (trx) => migration.up(this.inNamespace(trx, namespace)),
                ...(migration.down ? { down: (trx: Kysely<any>) => migration.down!(this.inNamespace(trx, namespace)) } : {}),
              },
            ]),
          ),
      },
      ...this.historyTables(namespace),
    });
    const { error, results = [] } = await migrator.migrateToLatest();
    if (error) {
      const failed = results.find((result) => result.status === 'Error')?.migrationName ?? '(migration history)';
      const cause = error instanceof PitwallError && error.cause instanceof Error ? error.cause : error;
      throw new PitwallError('PW_ERR_DATABASE_MIGRATION', { owner, migration: failed, message: cause instanceof Error ? cause.message : String(cause) }, { cause: error });
    }
    histories?.set(historyKey, new Set(names));
    return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
  }

  /** Read once per database; when the read fails, each migrate() asks its migrator, as without it. */
  private migrationHistories(): Promise<Map<string, Set<string>> | undefined> {
    this.histories ??= readMigrationHistories(this.unscoped<unknown>('pitwall'), this.dialect, MIGRATION_TABLE).catch(() => {
      this.histories = undefined;
      return undefined;
    });
    return this.histories;
  }

  private historyKey(namespace: string): string {
    return this.dialect === 'postgres' ? namespace : sqlitePrefix(namespace) + MIGRATION_TABLE;
  }

  async tables(namespace: string): Promise<string[]> {
    const db = this.unscoped<unknown>('pitwall');
    if (this.dialect === 'postgres') {
      const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = ${namespace} order by table_name`.execute(db);
      return rows.map((row) => row.name);
    }
    const prefix = sqlitePrefix(namespace);
    const { rows } = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and substr(name, 1, ${prefix.length}) = ${prefix} order by name`.execute(db);
    return rows.map((row) => row.name.slice(prefix.length));
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      await this.shared.init().catch(() => undefined);
      await this.shared.driver.destroy();
    })();
    return this.closed;
  }

  /** A Kysely over the shared driver whose errors name `owner`; tables not yet namespaced. */
  private unscoped<DB>(owner: string): Kysely<DB> {
    const queryOwner: QueryOwner = { label: owner, where: this.where };
    return new Kysely<DB>({ dialect: scopedDialect(this.base, this.shared, queryOwner) });
  }

  private inNamespace<DB>(db: Kysely<DB>, namespace: string): Kysely<DB> {
    if (this.dialect === 'postgres') return db.withSchema(namespace);
    return tablePrefixPlugins(sqlitePrefix(namespace)).reduce((scoped, plugin) => scoped.withPlugin(plugin), db);
  }

  private historyTables(namespace: string) {
    if (this.dialect === 'postgres') return { migrationTableSchema: namespace, migrationTableName: MIGRATION_TABLE, migrationLockTableName: MIGRATION_LOCK_TABLE };
    const prefix = sqlitePrefix(namespace);
    return { migrationTableName: prefix + MIGRATION_TABLE, migrationLockTableName: prefix + MIGRATION_LOCK_TABLE };
  }
}

/**
 * SQLite rolls DDL back like any other change, but Kysely's adapter says it does not, which would leave the
 * tables of a failed migration run behind. With this one a whole run is one transaction on SQLite too.
 */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** On SQLite a namespace is a name prefix: `app_records` -> `app_records__`. */
export function sqlitePrefix(namespace: string): string {
  return `${namespace}__`;
}
