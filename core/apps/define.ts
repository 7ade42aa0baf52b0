import type { Kysely } from 'kysely';
import type { DependencyContainer } from 'tsyringe';
import type { Disposable } from '../disposables.js';
import type { CommandHandler, CommandOptions, CommandSpec, TypedCommandHandler } from '../server/commands.js';
import type { ParamDeclaration } from '../server/command-params.js';
import type { AccessLevel } from '../server/levels.js';
import type { ServerEventMap } from '../server/event-map.js';
import type { GameServer } from '../server/facade.js';
import type { AppUi } from '../ui/manager.js';
import type { AppLogger } from './app-logger.js';
import type { NamedMigration } from '../storage/database.js';
import type { AppMessages, MessageArgs, MessageKey } from '../i18n/messages.js';

/** One app setting: its type, default, and whether its value is a secret (redacted from every report). */
export type AppSettingSpec =
  | { type: 'string'; default: string; secret?: boolean; description?: string }
  | { type: 'number' | 'integer'; default: number; min?: number; max?: number; description?: string }
  | { type: 'boolean'; default: boolean; description?: string }
  | { type: 'string[]'; default: string[]; description?: string };

export type AppSettingsSpec = Record<string, AppSettingSpec>;

/**
 * What `settings` is inferred as before each entry is checked on its own: any entry with a known type. Were it
 * AppSettingsSpec, one wrong default would fail the inference and type every setting as the union of all.
 */
export type AppSettingsDeclaration = Record<string, { type: AppSettingSpec['type'] }>;

/** The declaration a setting of type `T` must match, e.g. `{ type: 'integer'; default: number; min?; max? }`. */
type SettingSpecOf<T> = T extends 'number' | 'integer'
  ? Extract<AppSettingSpec, { type: 'number' | 'integer' }> & { type: T }
  : T extends AppSettingSpec['type']
    ? Extract<AppSettingSpec, { type: T }>
    : AppSettingSpec;

/** Each declared setting checked against the declaration of its own type, so a wrong entry is an error there only. */
export type CheckedSettings<S> = { [K in keyof S]: S[K] extends { type: infer T } ? SettingSpecOf<T> : AppSettingSpec };

type ValueOf<S extends { type: AppSettingSpec['type'] }> = S extends { type: 'string' }
  ? string
  : S extends { type: 'number' | 'integer' }
    ? number
    : S extends { type: 'boolean' }
      ? boolean
      : string[];

/** The settings object an app receives: each declared key with the owner's value or the default. */
export type AppSettingsOf<S extends AppSettingsDeclaration> = { readonly [K in keyof S]: ValueOf<S[K]> };

/** A live change of one of an app's settings (`//set`, `pitwall settings set`, or a reset to the file's value). */
export interface SettingsChange {
  key: string;
  value: unknown;
  previous: unknown;
  /** Who changed it: a player login, or `cli` for `pitwall settings`. */
  changedBy: string;
}

/** One migration of an app's tables: `up` (and optionally `down`) run once, in list order, at app start. */
export type AppMigration = NamedMigration;

/** An app's database section: its migrations, and (as a type only) its table interface. */
export interface AppDatabase<DB = unknown> {
  readonly migrations: readonly AppMigration[];
  /** Never set: carries the table interface to ctx.db's type. */
  readonly tables?: DB;
}

/** Declares an app's tables: `database: defineDatabase<Tables>({ migrations: [...] })` makes ctx.db a Kysely<Tables>. */
export function defineDatabase<DB>(database: { migrations: readonly AppMigration[] }): AppDatabase<DB> {
  return { migrations: database.migrations };
}

/** What an app gets in init/start/stop. Everything registered through it is removed when the app stops. */
// DB defaults to any so that an app typed with its own tables is still an AppDefinition (an APPS entry).
export interface AppContext<S extends AppSettingsDeclaration = AppSettingsSpec, DB = any, M extends AppMessages = AppMessages> {
  readonly id: string;
  readonly version: string;
  /** Writes log lines labelled with the app id; `child(part)` labels them `<id>:<part>`. */
  readonly logger: AppLogger;
  /** The app's validated settings (APP_SETTINGS['<id>'] over the declared defaults). */
  readonly settings: AppSettingsOf<S>;
  /** A folder of the app's own under DATA_DIR, created the first time the app reads this. */
  readonly dataDir: string;
  /** The app's own child container: register services here; of the core it resolves `GameServer` and `AppLogger`. */
  readonly container: DependencyContainer;
  /** The dedicated server: info, players, current map, chat, and raw GbxRemote calls. */
  readonly server: GameServer;
  /** The app's own ManiaLink pages: show, update, hide; removed from every screen when the app stops. */
  readonly ui: AppUi;
  /**
   * The app's own tables (declared with `database`), migrated before init: a Kysely query builder typed by
   * the app's table interface. Other apps' tables are not visible through it.
   */
  readonly db: Kysely<DB>;
  /** Listens to a server event; the handler's errors are attributed to this app. */
  on<E extends keyof ServerEventMap>(event: E, handler: (payload: ServerEventMap[E]) => unknown): Disposable;
  /** Registers a chat command `/name args`: the handler gets the words as `call.args`. */
  command(name: string, handler: CommandHandler, options?: CommandOptions): Disposable;
  /**
   * Registers a declared chat command: level, aliases, typed parameters (the handler gets `call.params`,
   * typed by the declaration) or sub-commands. Wrong input is answered with the usage; the handler never runs.
   */
  command<const P extends ParamDeclaration = {}>(spec: CommandSpec<P>, handler?: TypedCommandHandler<P>): Disposable;
  /**
   * Whether `login` reaches `level` ('player' < 'operator' < 'admin' < 'master'): the same check commands
   * use, for the app's own actions (a button, a setting it lets players change).
   */
  can(login: string, level: AccessLevel): boolean;
  /** Runs `fn` on a schedule: a 6-field cron expression, or every N milliseconds. Runs never overlap. */
  every(schedule: string | number, fn: () => unknown): Disposable;
  /** Runs `fn` once after `ms` milliseconds. */
  after(ms: number, fn: () => unknown): Disposable;
  /**
   * Called after one of the app's settings changed live; ctx.settings already holds the new value. An app
   * that registers no listener is restarted instead, so it reads its settings afresh in init.
   */
  onSettingsChange(listener: (change: SettingsChange) => unknown): Disposable;
  /** Adds a cleanup to run when the app stops. */
  onStop(cleanup: () => unknown): Disposable;
  /** What the init() of a dependency (listed in dependsOn) returned. */
  dependency<T = unknown>(id: string): T;
  /**
   * What the init() of an app listed in `uses` returned, while that app is running; undefined when it is not
   * in APPS, failed or stopped. Ask at each use: it may stop or come back while this app runs.
   */
  optionalDependency<T = unknown>(id: string): T | undefined;
  /**
   * The app's line `key` (declared in its `messages`) in the language of `login`'s game (English when the
   * server does not say, or the app has no translation), with `{param}`s filled in.
   */
  t<K extends MessageKey<M>>(login: string, key: K, ...params: MessageArgs<M, K>): Promise<string>;
  /** Sends `login` the line `key` in their language. */
  tell<K extends MessageKey<M>>(login: string, key: K, ...params: MessageArgs<M, K>): Promise<void>;
  /** Sends every connected player the line `key`, each in their own language. */
  announce<K extends MessageKey<M>>(key: K, ...params: MessageArgs<M, K>): Promise<void>;
}

export interface AppReportingOptions {
  /** The DSN of the app developers' own error tracker, for the level-3 feed. */
  dsn: string;
  contact?: string;
}

export interface AppDefinition<S extends AppSettingsDeclaration = AppSettingsSpec, E = unknown, DB = any, M extends AppMessages = AppMessages> {
  /** Lower-case letters, digits, - and _, starting with a letter; unique among the loaded apps. */
  id: string;
  version: string;
  description?: string;
  /** Ids of apps that must be running before this one starts. */
  dependsOn?: string[];
  /**
   * Ids of apps this one works with when they are there (e.g. maps shows karma when the karma app runs): when
   * listed in APPS they start first, but this app starts without them and keeps running when they fail.
   */
  uses?: string[];
  settings?: S extends CheckedSettings<S> ? S : CheckedSettings<S>;
  reporting?: AppReportingOptions;
  /** The app's tables and their migrations; gives the app ctx.db. */
  database?: AppDatabase<DB>;
  /** The app's player-facing lines by language (`defineMessages`), for ctx.t, ctx.tell and ctx.announce. */
  messages?: M;
  /**
   * Where the app runs by default: 'process' (the controller's thread) or 'worker' (a worker thread of its own,
   * which cannot block or crash the controller). The owner's APPS entry `{ id, isolation }` overrides it.
   */
  isolation?: AppIsolation;
  /** Registers handlers; may return an API for dependent apps (see ctx.dependency). */
  init(ctx: AppContext<S, DB, M>): E | Promise<E>;
  start?(ctx: AppContext<S, DB, M>): unknown;
  stop?(ctx: AppContext<S, DB, M>): unknown;
}

export type AppIsolation = 'process' | 'worker';

/** A typed identity: a plain object of the same shape is an app just as well. */
export function defineApp<S extends AppSettingsDeclaration = AppSettingsSpec, E = unknown, DB = unknown, M extends AppMessages = AppMessages>(
  app: AppDefinition<S, E, DB, M>,
): AppDefinition<S, E, DB, M> {
  return app;
}
