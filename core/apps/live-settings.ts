import type { Kysely } from 'kysely';
import { PitwallError } from '../errors.js';
import type { Database, NamedMigration } from '../storage/database.js';
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
 * settings file until reset, and every change is recorded with who made it.
 */
export class LiveSettingsStore {
  private ready?: Promise<void>;

  private constructor(
    private readonly database: Database,
    private readonly db: Kysely<LiveSettingsTables>,
  ) {}

  static open(database: Database): LiveSettingsStore {
    return new LiveSettingsStore(database, database.namespace<LiveSettingsTables>(LIVE_SETTINGS_NAMESPACE, 'live settings'));
  }

  /** Creates the tables on first use. */
  private migrated(): Promise<void> {
    this.ready ??= this.database.migrate(LIVE_SETTINGS_NAMESPACE, 'live settings', migrations).then(() => undefined);
    return this.ready;
  }

  /** Every override of `app` (every app's when omitted), by key. */
  async overrides(app?: string): Promise<SettingOverride[]> {
    await this.migrated();
    let query = this.db.selectFrom('overrides').selectAll().orderBy('app').orderBy('key');
    if (app !== undefined) query = query.where('app', '=', app);
    const rows = await query.execute();
    return rows.map((row) => ({ app: row.app, key: row.key, value: JSON.parse(row.value) as unknown, changedBy: row.changed_by, changedAt: row.changed_at }));
  }

  /** Stores an override (already validated) and records who made it. */
  async set(app: string, key: string, value: unknown, changedBy: string): Promise<void> {
    await this.migrated();
    const at = new Date().toISOString();
    const json = JSON.stringify(value);
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('overrides').where('app', '=', app).where('key', '=', key).execute();
      await trx.insertInto('overrides').values({ app, key, value: json, changed_by: changedBy, changed_at: at }).execute();
      await trx.insertInto('changes').values({ at, app, key, value: json, changed_by: changedBy }).execute();
    });
  }

  /** Removes an override, so the settings file's value applies again; false when there was none. */
  async reset(app: string, key: string, changedBy: string): Promise<boolean> {
    await this.migrated();
    return this.db.transaction().execute(async (trx) => {
      // Looked up first: not every driver reports how many rows a delete removed.
      const existing = await trx.selectFrom('overrides').select('key').where('app', '=', app).where('key', '=', key).executeTakeFirst();
      if (!existing) return false;
      await trx.deleteFrom('overrides').where('app', '=', app).where('key', '=', key).execute();
      await trx.insertInto('changes').values({ at: new Date().toISOString(), app, key, value: null, changed_by: changedBy }).execute();
      return true;
    });
  }

  /** Who made the latest change of `app.key`, if anyone did. */
  async lastChangedBy(app: string, key: string): Promise<string | undefined> {
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
}
