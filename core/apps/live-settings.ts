import type { Kysely } from 'kysely';
import { PitwallError } from '../errors.js';
import { isConnectionFault } from '../storage/connection-faults.js';
import type { Database, NamedMigration } from '../storage/database.js';
import { writeOrQueue } from '../storage/write-or-queue.js';
import { checkValue, example, parseSettingText } from './app-settings.js';
import type { AppSettingSpec, AppSettingsSpec } from './define.js';

/** The namespace of the live setting overrides: core data, beside (never inside) any app's tables. */
export const LIVE_SETTINGS_NAMESPACE = 'core_settings';

interface OverrideRow {
  app: string;
  key: string;
  /** The value as JSON, so numbers, booleans and lists keep their type. */
  value: string;
  changed_by: string;
  changed_at: string;
}

interface ChangeRow {
  at: string;
  app: string;
  key: string;
  /** JSON of the new override; null for a reset to the file's value. */
  value: string | null;
  changed_by: string;
}

interface LiveSettingsTables {
  overrides: OverrideRow;
  changes: ChangeRow;
}

const migrations: NamedMigration[] = [
  {
    name: '001-create-overrides',
    async up(db) {
      await db.schema
        .createTable('overrides')
        .addColumn('app', 'text', (column) => column.notNull())
        .addColumn('key', 'text', (column) => column.notNull())
        .addColumn('value', 'text', (column) => column.notNull())
        .addColumn('changed_by', 'text', (column) => column.notNull())
        .addColumn('changed_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('overrides_pk', ['app', 'key'])
        .execute();
      await db.schema
        .createTable('changes')
        .addColumn('at', 'text', (column) => column.notNull())
        .addColumn('app', 'text', (column) => column.notNull())
        .addColumn('key', 'text', (column) => column.notNull())
        .addColumn('value', 'text')
        .addColumn('changed_by', 'text', (column) => column.notNull())
        .execute();
    },
  },
];

export interface SettingOverride {
  app: string;
  key: string;
  value: unknown;
  changedBy: string;
  changedAt: string;
}

export interface SettingChangeRecord {
  at: string;
  app: string;
  key: string;
  /** undefined: reset to the file's value. */
  value?: unknown;
  changedBy: string;
}

/** `records.listed` -> { app: 'records', key: 'listed' }; undefined when it is not of that shape. */
export function parseSettingPath(path: string): { app: string; key: string } | undefined {
  const match = /^([a-z][a-z0-9_-]*)\.([A-Za-z][A-Za-z0-9_]*)$/.exec(path);
  return match ? { app: match[1]!, key: match[2]! } : undefined;
}

/**
 * Reads a value typed in chat or on the command line for `app.key` and checks it against the app's declared
 * schema, the same check the settings file gets. Throws PW_ERR_LIVE_SETTING naming what is wrong.
 */
export function validateLiveValue(app: string, spec: AppSettingsSpec, key: string, text: string): unknown {
  const setting = requireSetting(app, spec, key);
  const value = parseSettingText(setting, text);
  const problem = checkValue(setting, value);
  if (problem) throw new PitwallError('PW_ERR_LIVE_SETTING', { path: `${app}.${key}`, problem: `${problem}; expected ${example(setting)}` });
  return value;
}

/**
 * The declaration of `app.key`; throws PW_ERR_LIVE_SETTING listing the known keys when the app has no such
 * setting. Own keys only: `constructor` or `toString` are what every object inherits, not settings.
 */
export function requireSetting(app: string, spec: AppSettingsSpec, key: string): AppSettingSpec {
  const setting = Object.hasOwn(spec, key) ? spec[key] : undefined;
  if (setting) return setting;
  const known = Object.keys(spec);
  throw new PitwallError('PW_ERR_LIVE_SETTING', { path: `${app}.${key}`, problem: `'${key}' is not a setting of app '${app}' (known: ${known.length ? known.join(', ') : 'none'})` });
}

/**
 * The setting overrides made in game or with `pitwall settings`, kept in the database: they win over the
 * settings file until reset, and every change is recorded with who made it. While the database is
 * unreachable, changes are queued (see writeOrQueue) and reads answer from the last overrides read with the
 * queued changes over them, so a change made during an outage applies at once and is stored when it is back.
 */
export class LiveSettingsStore {
  private ready?: Promise<void>;
  /** The last overrides read, by the app asked for ('' for all). */
  private readonly lastRead = new Map<string, SettingOverride[]>();
  /** Changes queued during an outage, oldest first, until they are replayed; value undefined: a reset. */
  private readonly queued: { app: string; key: string; value?: unknown; changedBy: string; changedAt: string }[] = [];

  private constructor(
    private readonly database: Database,
    private readonly db: Kysely<LiveSettingsTables>,
  ) {}

  static open(database: Database): LiveSettingsStore {
    return new LiveSettingsStore(database, database.namespace<LiveSettingsTables>(LIVE_SETTINGS_NAMESPACE, 'live settings'));
  }

  /** Creates the tables on first use (tried again on the next use if that failed). */
  private migrated(): Promise<void> {
    this.ready ??= this.database.migrate(LIVE_SETTINGS_NAMESPACE, 'live settings', migrations).then(
      () => undefined,
      (error: unknown) => {
        this.ready = undefined;
        throw error;
      },
    );
    return this.ready;
  }

  /** Every override of `app` (every app's when omitted), by key. */
  async overrides(app?: string): Promise<SettingOverride[]> {
    let stored: SettingOverride[];
    try {
      await this.migrated();
      let query = this.db.selectFrom('overrides').selectAll().orderBy('app').orderBy('key');
      if (app !== undefined) query = query.where('app', '=', app);
      const rows = await query.execute();
      stored = rows.map((row) => ({ app: row.app, key: row.key, value: JSON.parse(row.value) as unknown, changedBy: row.changed_by, changedAt: row.changed_at }));
      this.lastRead.set(app ?? '', stored);
    } catch (error) {
      const known = this.lastRead.get(app ?? '');
      if (!known || !isConnectionFault(error)) throw error;
      stored = known;
    }
    return this.withQueued(stored, app);
  }

  /** Stores an override (already validated) and records who made it. */
  async set(app: string, key: string, value: unknown, changedBy: string): Promise<void> {
    await this.migrated();
    const at = new Date().toISOString();
    const json = JSON.stringify(value);
    const written = await writeOrQueue(this.db, [
      this.db.deleteFrom('overrides').where('app', '=', app).where('key', '=', key),
      this.db.insertInto('overrides').values({ app, key, value: json, changed_by: changedBy, changed_at: at }),
      this.db.insertInto('changes').values({ at, app, key, value: json, changed_by: changedBy }),
    ]);
    if (written.queued) this.remember({ app, key, value, changedBy, changedAt: at }, written.replayed);
  }

  /** Removes an override, so the settings file's value applies again; false when there was none. */
  async reset(app: string, key: string, changedBy: string): Promise<boolean> {
    // Looked up first: not every driver reports how many rows a delete removed.
    if (!(await this.overrides(app)).some((override) => override.key === key)) return false;
    const at = new Date().toISOString();
    const written = await writeOrQueue(this.db, [
      this.db.deleteFrom('overrides').where('app', '=', app).where('key', '=', key),
      this.db.insertInto('changes').values({ at, app, key, value: null, changed_by: changedBy }),
    ]);
    if (written.queued) this.remember({ app, key, changedBy, changedAt: at }, written.replayed);
    return true;
  }

  /** Who made the latest change of `app.key`, if anyone did. */
  async lastChangedBy(app: string, key: string): Promise<string | undefined> {
    const queued = this.queued.findLast((change) => change.app === app && change.key === key);
    if (queued) return queued.changedBy;
    await this.migrated();
    const row = await this.db.selectFrom('changes').select('changed_by').where('app', '=', app).where('key', '=', key).orderBy('at', 'desc').executeTakeFirst();
    return row?.changed_by;
  }

  /** The recorded changes, oldest first. */
  async history(): Promise<SettingChangeRecord[]> {
    await this.migrated();
    const rows = await this.db.selectFrom('changes').selectAll().orderBy('at').execute();
    return rows.map((row) => ({ at: row.at, app: row.app, key: row.key, ...(row.value === null ? {} : { value: JSON.parse(row.value) as unknown }), changedBy: row.changed_by }));
  }

  private remember(change: LiveSettingsStore['queued'][number], replayed: Promise<unknown>): void {
    this.queued.push(change);
    void replayed.then(() => this.queued.splice(this.queued.indexOf(change), 1));
  }

  /** The queued changes, in order, over what the database holds. */
  private withQueued(stored: SettingOverride[], app: string | undefined): SettingOverride[] {
    const changes = this.queued.filter((change) => app === undefined || change.app === app);
    if (changes.length === 0) return stored;
    const byKey = new Map(stored.map((override) => [`${override.app}.${override.key}`, override]));
    for (const { app: owner, key, value, changedBy, changedAt } of changes) {
      if (value === undefined) byKey.delete(`${owner}.${key}`);
      else byKey.set(`${owner}.${key}`, { app: owner, key, value, changedBy, changedAt });
    }
    return [...byKey.values()].sort((a, b) => (a.app === b.app ? (a.key < b.key ? -1 : 1) : a.app < b.app ? -1 : 1));
  }
}
