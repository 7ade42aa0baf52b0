import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import { inject, injectable, type DependencyContainer } from 'tsyringe';
import { describeFsError } from '../config/data-dir.js';
import { Settings } from '../config/schema.js';
import { DisposableStore } from '../disposables.js';
import { PitwallError } from '../errors.js';
import { Logger } from '../logging/logger.js';
import { CommandRegistry } from '../server/commands.js';
import { ServerEvents } from '../server/events.js';
import { GameServer } from '../server/facade.js';
import { UiManager } from '../ui/manager.js';
import { Database } from '../storage/database.js';
import { openAppDatabase } from './app-database.js';
import { checkValue, resolveAppSettings, secretAppSettingValues } from './app-settings.js';
import { LiveSettingsStore, requireSetting, validateLiveValue } from './live-settings.js';
import { AppTimers } from './app-timers.js';
import { createAppContext } from './context.js';
import type { AppContext, AppDefinition, SettingsChange } from './define.js';
import type { Attribution } from './error-sink.js';
import { FaultBoundary, toError } from './fault-boundary.js';
import { AppLoadOptionsToken, inlineApp, loadApp, type AppLoadOptions } from './load.js';
import { orderApps } from './order.js';
import type { AppInfo, AppRegistry } from './registry.js';

/** DI token for the root container, parent of every app's child container. */
export const RootContainer = Symbol('RootContainer');

export type AppState = 'REGISTERED' | 'STARTING' | 'RUNNING' | 'STOPPING' | 'STOPPED' | 'FAILED';

export interface AppStatus {
  id: string;
  version: string;
  state: AppState;
  /** Why the app failed, when it did. */
  reason?: string;
}

type Hook = 'init' | 'start' | 'stop';

/** An APPS entry (bundled id, package name, module path) or, for embedding and tests, a definition. */
export type AppEntry = string | AppDefinition;

interface AppRecord {
  id: string;
  entry: string;
  version: string;
  state: AppState;
  reason?: string;
  definition?: AppDefinition;
  attribution: Attribution;
  store: DisposableStore;
  container?: DependencyContainer;
  ctx?: AppContext;
  exports?: unknown;
  secrets: string[];
  folder?: string;
  /** The settings the app sees now (file values with live overrides over them). */
  settings: Record<string, unknown>;
  settingsListeners: Set<(change: SettingsChange) => unknown>;
}

/**
 * Loads the apps listed in APPS, starts them in dependency order and stops them in reverse. One app's failure
 * is contained: it is marked FAILED with a reason, its dependents are not started, the rest run.
 */
@injectable()
export class AppHost implements AppRegistry {
  private readonly records: AppRecord[] = [];
  private readonly byId = new Map<string, AppRecord>();
  private readonly startOrder: AppRecord[] = [];
  private stopping?: Promise<void>;
  private readonly secretListeners: ((secrets: string[]) => void)[] = [];
  private liveStore?: LiveSettingsStore;
  private settingsQueue: Promise<void> = Promise.resolve();
  /** Stored values already warned about, so a periodic refresh does not repeat the warning. */
  private readonly warnedOverrides = new Set<string>();

  constructor(
    @inject(Settings) private readonly settings: Settings,
    @inject(Logger) private readonly logger: Logger,
    @inject(FaultBoundary) private readonly boundary: FaultBoundary,
    @inject(ServerEvents) private readonly events: ServerEvents,
    @inject(CommandRegistry) private readonly commands: CommandRegistry,
    @inject(GameServer) private readonly server: GameServer,
    @inject(AppLoadOptionsToken) private readonly loadOptions: AppLoadOptions,
    @inject(RootContainer) private readonly root: DependencyContainer,
    @inject(AppTimers) private readonly timers: AppTimers,
    @inject(UiManager) private readonly ui: UiManager,
    @inject(Database) private readonly database: Database,
  ) {
    boundary.onOverBudget((app, count) => {
      const error = new PitwallError('PW_ERR_APP_ERROR_BUDGET', { id: app, count, seconds: settings.APP_ERROR_BUDGET.seconds });
      const record = this.byId.get(app);
      boundary.warn('app_disabled', error, record?.attribution ?? { app });
      void this.disable(app, error.message);
    });
  }

  /** Loads, orders, inits and starts the apps; resolves when every app is RUNNING or FAILED. */
  async start(entries: readonly AppEntry[] = this.settings.APPS): Promise<AppStatus[]> {
    for (const entry of entries) await this.register(entry);
    const valid = this.records.filter((record) => record.definition && record.state === 'REGISTERED');
    // Before any hook runs: an app may throw its own secret from init() or start().
    for (const record of valid) record.secrets = this.configuredSecrets(record);
    for (const listener of this.secretListeners) listener(this.secrets());
    const { order, problems } = orderApps(valid.map((record) => ({ id: record.id, dependsOn: record.definition!.dependsOn ?? [] })));
    for (const id of order) {
      const record = this.byId.get(id)!;
      const problem = problems.get(id);
      if (problem) {
        this.markFailed(record, problem.message);
        continue;
      }
      const failedDependency = (record.definition!.dependsOn ?? []).find((dependency) => this.byId.get(dependency)?.state !== 'RUNNING');
      if (failedDependency) {
        this.markFailed(record, new PitwallError('PW_ERR_APP_DEPENDENCY_FAILED', { id, dependency: failedDependency }).message);
        continue;
      }
      await this.startApp(record);
    }
    this.logSummary();
    return this.statuses();
  }

  /** Stops running apps in reverse start order. Safe to call more than once. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const record of [...this.startOrder].reverse()) {
        if (record.state !== 'RUNNING') continue;
        await this.shutDown(record);
        record.state = 'STOPPED';
        this.logger.info(`App '${record.id}' stopped`);
      }
    })();
    return this.stopping;
  }

  statuses(): AppStatus[] {
    return this.records.map(({ id, version, state, reason }) => (reason ? { id, version, state, reason } : { id, version, state }));
  }

  status(id: string): AppStatus | undefined {
    return this.statuses().find((status) => status.id === id);
  }

  /** The apps currently RUNNING (cheap: read by analytics and reports). */
  running(): { id: string; version: string }[] {
    return this.startOrder.filter((record) => record.state === 'RUNNING').map(({ id, version }) => ({ id, version }));
  }

  app(id: string): AppInfo | undefined {
    const record = this.byId.get(id);
    if (!record?.definition) return undefined;
    return { id: record.id, version: record.version, folder: record.folder, reporting: record.definition.reporting };
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  /** The configured secret values of every app's settings, for redaction. */
  secrets(): string[] {
    return this.records.flatMap((record) => record.secrets);
  }

  /** Tells `listener` every app's secret setting values once the apps are loaded, before any app hook runs. */
  onSecrets(listener: (secrets: string[]) => void): void {
    this.secretListeners.push(listener);
  }

  /** The values the owner gave (or the defaults of) the settings an app declares secret, valid or not. */
  private configuredSecrets(record: AppRecord): string[] {
    const spec = record.definition!.settings ?? {};
    const given = this.settings.APP_SETTINGS[record.id] ?? {};
    const values = Object.fromEntries(Object.entries(spec).map(([key, setting]) => [key, key in given ? given[key] : setting.default]));
    return secretAppSettingValues(spec, values);
  }

  /** Stops a running app and marks it FAILED (used for the error budget); dependents follow. */
  async disable(id: string, reason: string): Promise<void> {
    const record = this.byId.get(id);
    if (!record || (record.state !== 'RUNNING' && record.state !== 'STARTING')) return;
    record.state = 'STOPPING';
    await this.shutDown(record);
    this.markFailed(record, reason);
    for (const dependent of this.startOrder) {
      if (dependent.definition?.dependsOn?.includes(id)) {
        await this.disable(dependent.id, new PitwallError('PW_ERR_APP_DEPENDENCY_FAILED', { id: dependent.id, dependency: id }).message);
      }
    }
  }

  private async register(given: AppEntry): Promise<void> {
    const entry = typeof given === 'string' ? given : `<inline app ${String((given as { id?: unknown }).id)}>`;
    const record: AppRecord = {
      id: typeof given === 'string' ? given : String((given as { id?: unknown }).id),
      entry,
      version: '0.0.0',
      state: 'REGISTERED',
      attribution: { app: entry },
      store: new DisposableStore(),
      secrets: [],
      settings: {},
      settingsListeners: new Set(),
    };
    this.records.push(record);
    let definition: AppDefinition;
    try {
      const loaded = typeof given === 'string' ? await loadApp(given, this.loadOptions) : inlineApp(entry, given);
      definition = loaded.definition;
      record.id = definition.id;
      record.version = definition.version;
      record.attribution = { app: definition.id, appVersion: definition.version };
      record.folder = loaded.folder;
      if (loaded.folder) this.boundary.registerAppFolder(loaded.folder, record.attribution);
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      // A throw in the app's own module code is the app's fault; a wrong name in APPS is the owner's.
      if (cause !== undefined) this.boundary.capture(cause, record.attribution);
      this.markFailed(record, (error as Error).message);
      return;
    }
    const first = this.byId.get(definition.id);
    if (first) {
      this.markFailed(record, new PitwallError('PW_ERR_APP_DUPLICATE_ID', { id: definition.id, first: first.entry, second: entry }).message);
      return;
    }
    record.definition = definition;
    this.byId.set(definition.id, record);
  }

  private async startApp(record: AppRecord): Promise<void> {
    const definition = record.definition!;
    let settings: Record<string, unknown>;
    try {
      settings = await this.currentSettings(record);
    } catch (error) {
      this.markFailed(record, (error as Error).message);
      return;
    }
    record.settings = settings;
    record.settingsListeners.clear();
    record.secrets = secretAppSettingValues(definition.settings ?? {}, settings);
    const dataDir = join(this.settings.DATA_DIR, 'apps', record.id);
    try {
      mkdirSync(dataDir, { recursive: true });
    } catch (error) {
      this.markFailed(record, new PitwallError('PW_ERR_APP_DATA_DIR', { id: record.id, path: resolve(dataDir), reason: describeFsError(error) }).message);
      return;
    }
    record.container = this.root.createChildContainer();
    const db = await this.migrateDatabase(record);
    if (db === false) return;
    record.ctx = createAppContext({
      definition,
      attribution: record.attribution,
      logger: this.logger.child({ label: record.id }),
      settings: () => record.settings,
      onSettingsChange: (listener) => {
        record.settingsListeners.add(listener);
        return { dispose: () => void record.settingsListeners.delete(listener) };
      },
      dataDir,
      container: record.container,
      store: record.store,
      boundary: this.boundary,
      events: this.events,
      commands: this.commands,
      server: this.server,
      ui: this.ui,
      db,
      isActive: () => record.state === 'STARTING' || record.state === 'RUNNING',
      exportsOf: (id) => this.byId.get(id)?.exports,
    });
    record.state = 'STARTING';
    if (!this.startOrder.includes(record)) this.startOrder.push(record);
    for (const hook of ['init', 'start'] as const) {
      const outcome = await this.runHook(record, hook);
      if (!outcome.ok) {
        await this.shutDown(record, { skipStopHook: true });
        this.markFailed(record, outcome.reason);
        return;
      }
      if (hook === 'init') record.exports = outcome.value;
      // The error budget may have disabled the app while the hook ran.
      if ((record.state as AppState) !== 'STARTING') return;
    }
    record.state = 'RUNNING';
    this.logger.info(`App '${record.id}' ${record.version} started`);
  }

  private get live(): LiveSettingsStore {
    this.liveStore ??= LiveSettingsStore.open(this.database);
    return this.liveStore;
  }

  /** The file's values (APP_SETTINGS over the defaults) with the live overrides over them. */
  private async currentSettings(record: AppRecord): Promise<Record<string, unknown>> {
    const spec = record.definition!.settings ?? {};
    const values = { ...resolveAppSettings(record.id, spec, this.settings.APP_SETTINGS[record.id]) };
    for (const override of await this.live.overrides(record.id)) {
      const setting = spec[override.key];
      // An override the app no longer accepts (key removed, range narrowed) is skipped, not fatal.
      const problem = setting ? checkValue(setting, override.value) : 'the app declares no such setting';
      if (problem) {
        const warned = `${record.id}.${override.key}=${JSON.stringify(override.value)}`;
        if (this.warnedOverrides.has(warned)) continue;
        this.warnedOverrides.add(warned);
        this.logger.warn(`App '${record.id}': ignoring the live setting ${override.key} = ${JSON.stringify(override.value)} (${problem}); pitwall settings set ${record.id}.${override.key} --reset removes it`);
        continue;
      }
      values[override.key] = override.value;
    }
    return Object.freeze(values);
  }

  /**
   * Changes one of an app's settings live (`text` as typed, checked by the app's schema), stores it over the
   * file's value, and hands it to the app. Throws PW_ERR_LIVE_SETTING(_APP) and changes nothing when invalid.
   */
  async changeSetting(id: string, key: string, text: string, changedBy: string): Promise<{ value: unknown; shown: string }> {
    const record = this.settingsTarget(id);
    const value = validateLiveValue(id, record.definition!.settings ?? {}, key, text);
    await this.live.set(id, key, value, changedBy);
    const setting = record.definition!.settings![key]!;
    const shown = setting.type === 'string' && setting.secret ? '********' : JSON.stringify(value);
    this.logger.info(`Setting ${id}.${key} set to ${shown} by ${changedBy}`);
    await this.applySettings(record, changedBy);
    return { value, shown };
  }

  /** Removes the live override of `id.key`, so the file's value applies again; false when there was none. */
  async resetSetting(id: string, key: string, changedBy: string): Promise<boolean> {
    const record = this.settingsTarget(id);
    requireSetting(id, record.definition!.settings ?? {}, key);
    if (!(await this.live.reset(id, key, changedBy))) return false;
    this.logger.info(`Setting ${id}.${key} reset to the settings file's value by ${changedBy}`);
    await this.applySettings(record, changedBy);
    return true;
  }

  /** The current values of an app's settings, for `//set` answers. */
  settingsOf(id: string): Readonly<Record<string, unknown>> | undefined {
    return this.byId.get(id)?.settings;
  }

  private settingsTarget(id: string): AppRecord {
    const record = this.byId.get(id);
    if (!record?.definition) throw new PitwallError('PW_ERR_LIVE_SETTING_APP', { app: id, known: [...this.byId.keys()] });
    return record;
  }

  /**
   * Reads the live settings again (another controller on the same database or `pitwall settings` may have
   * changed them) and hands what changed to the running apps.
   */
  refreshLiveSettings(): Promise<void> {
    return this.inSettingsOrder(async () => {
      for (const record of [...this.startOrder]) await this.applyNow(record, undefined);
    });
  }

  /** Hands changed settings to a running app, one change at a time across apps. */
  private applySettings(record: AppRecord, changedBy: string): Promise<void> {
    return this.inSettingsOrder(() => this.applyNow(record, changedBy));
  }

  private inSettingsOrder(work: () => Promise<void>): Promise<void> {
    const run = this.settingsQueue.then(work);
    this.settingsQueue = run.catch(() => undefined);
    return run;
  }

  /** To its listeners, or by restarting it when it has none; `changedBy` undefined: read from the change history. */
  private async applyNow(record: AppRecord, changedBy: string | undefined): Promise<void> {
    // Once the controller is stopping, nothing is restarted.
    if (record.state !== 'RUNNING' || this.stopping) return;
    const previous = record.settings;
    const next = await this.currentSettings(record);
    const changed = Object.keys(next).filter((key) => JSON.stringify(next[key]) !== JSON.stringify(previous[key]));
    if (changed.length === 0) return;
    record.settings = next;
    record.secrets = secretAppSettingValues(record.definition!.settings ?? {}, next);
    for (const listener of this.secretListeners) listener(this.secrets());
    if (record.settingsListeners.size > 0) {
      for (const key of changed) {
        const change: SettingsChange = { key, value: next[key], previous: previous[key], changedBy: changedBy ?? (await this.live.lastChangedBy(record.id, key)) ?? 'unknown' };
        for (const listener of [...record.settingsListeners]) {
          await this.boundary.run({ ...record.attribution, event: { name: 'settingsChange', payload: { key } } }, () => listener(change));
        }
      }
      return;
    }
    this.logger.info(`App '${record.id}' restarts to apply its changed setting ${changed.join(', ')}`);
    await this.shutDown(record);
    record.store = new DisposableStore();
    this.timers.resume(record.id);
    await this.startApp(record);
  }

  /** Migrates the app's tables before init; a failed migration (rolled back) fails this app only. */
  private async migrateDatabase(record: AppRecord): Promise<Kysely<unknown> | undefined | false> {
    const declared = record.definition!.database;
    if (!declared) return undefined;
    try {
      const { db, applied } = await openAppDatabase(this.database, record.id, declared);
      if (applied.length) this.logger.info(`App '${record.id}': applied database migrations ${applied.join(', ')}`);
      return db;
    } catch (error) {
      this.boundary.capture(error, { ...record.attribution, hook: 'init' });
      this.markFailed(record, (error as Error).message);
      return false;
    }
  }

  /** Runs a lifecycle hook with the per-hook timeout; a failure is captured once and described. */
  private async runHook(record: AppRecord, hook: Hook): Promise<{ ok: true; value: unknown } | { ok: false; reason: string }> {
    const fn = record.definition![hook];
    if (!fn) return { ok: true, value: undefined };
    const attribution = { ...record.attribution, hook };
    const ms = this.settings.APP_HOOK_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PitwallError('PW_ERR_APP_HOOK_TIMEOUT', { id: record.id, hook, ms })), ms);
    });
    const call = (async () => this.boundary.runHook(attribution, () => fn.call(record.definition, record.ctx!)))();
    // A hook that settles after its timeout must not surface as an unhandled rejection.
    call.catch(() => undefined);
    try {
      return { ok: true, value: await Promise.race([call, timedOut]) };
    } catch (thrown) {
      const error = toError(thrown);
      this.boundary.capture(error, attribution);
      const reason = error instanceof PitwallError && error.code === 'PW_ERR_APP_HOOK_TIMEOUT'
        ? error.message
        : new PitwallError('PW_ERR_APP_HOOK_FAILED', { id: record.id, hook, message: error.message }).message;
      return { ok: false, reason };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs the stop hook (unless told not to), then every disposer and the child container. */
  private async shutDown(record: AppRecord, options: { skipStopHook?: boolean } = {}): Promise<void> {
    record.state = 'STOPPING';
    if (!options.skipStopHook) await this.runHook(record, 'stop');
    const failures = await record.store.dispose();
    for (const failure of failures) this.boundary.capture(failure, { ...record.attribution, hook: 'stop' });
    this.timers.release(record.id);
    try {
      await record.container?.dispose();
    } catch (error) {
      this.boundary.capture(error, { ...record.attribution, hook: 'stop' });
    }
  }

  private markFailed(record: AppRecord, reason: string): void {
    record.state = 'FAILED';
    record.reason = reason;
    this.logger.error(`App '${record.id}' failed: ${reason}`);
  }

  private logSummary(): void {
    const running = this.records.filter((record) => record.state === 'RUNNING').map((record) => record.id);
    const failed = this.records.filter((record) => record.state === 'FAILED');
    const failedText = failed.map((record) => `${record.id} (${record.reason?.split('\n')[0]})`).join('; ');
    const line = `Apps: ${running.length} running${running.length ? ` (${running.join(', ')})` : ''}, ${failed.length} failed${failed.length ? `: ${failedText}` : ''}`;
    if (failed.length) this.logger.warn(line);
    else this.logger.info(line);
  }
}
