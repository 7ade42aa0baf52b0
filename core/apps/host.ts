import { inject, injectable } from 'tsyringe';
import { Settings } from '../config/schema.js';
import { DisposableStore } from '../disposables.js';
import { PitwallError } from '../errors.js';
import { Logger } from '../logging/logger.js';
import { AppAssembly } from './app-assembly.js';
import { AppSettingsService } from './app-settings-service.js';
import { AppTimers } from './app-timers.js';
import type { AppDefinition } from './define.js';
import { FaultBoundary } from './fault-boundary.js';
import { AppLoadOptionsToken, inlineApp, loadApp, locateApp, type AppLoadOptions, type AppsEntry } from './load.js';
import { WorkerApp } from './worker/host-side.js';
import { orderApps } from './order.js';
import { UiManager } from '../ui/manager.js';
import { CommandRegistry } from '../server/commands.js';
import { ServerEvents } from '../server/events.js';
import type { AppInfo, AppRegistry } from './registry.js';
import { newRecord, setState, type AppEntry, type AppRecord, type AppState, type AppStatus, type Hook } from './app-record.js';
import { runAppHook } from './hook-runner.js';
import { reloadApp } from './reload.js';
import { formatUptime } from './uptime.js';

export type { AppEntry, AppState, AppStatus } from './app-record.js';

/**
 * Loads the apps listed in APPS, starts them in dependency order and stops them in reverse: the state machine
 * of every app. One app's failure is contained: it is marked FAILED with a reason, its dependents are not
 * started, the rest run. Its settings live in AppSettingsService, its ctx is assembled by AppAssembly.
 */
@injectable()
export class AppHost implements AppRegistry {
  private readonly records: AppRecord[] = [];
  private readonly byId = new Map<string, AppRecord>();
  private readonly startOrder: AppRecord[] = [];
  private stopping?: Promise<void>;

  constructor(
    @inject(Settings) private readonly settings: Settings,
    @inject(Logger) private readonly logger: Logger,
    @inject(FaultBoundary) private readonly boundary: FaultBoundary,
    @inject(AppLoadOptionsToken) private readonly loadOptions: AppLoadOptions,
    @inject(AppTimers) private readonly timers: AppTimers,
    @inject(AppSettingsService) private readonly appSettings: AppSettingsService,
    @inject(AppAssembly) private readonly assembly: AppAssembly,
    @inject(UiManager) private readonly ui: UiManager,
    @inject(CommandRegistry) private readonly commands: CommandRegistry,
    @inject(ServerEvents) private readonly events: ServerEvents,
  ) {
    boundary.onOverBudget((app, count) => {
      const error = new PitwallError('PW_ERR_APP_ERROR_BUDGET', { id: app, count, seconds: settings.APP_ERROR_BUDGET.seconds });
      const record = this.byId.get(app);
      boundary.warn('app_disabled', error, record?.attribution ?? { app });
      void this.disable(app, error.message);
    });
    appSettings.bind({
      canApply: (id) => this.byId.get(id)?.state === 'RUNNING' && !this.stopping,
      restart: (id, changed) => this.restart(this.byId.get(id)!, changed),
    });
  }

  /** Loads, orders, inits and starts the apps; resolves when every app is RUNNING or FAILED. */
  async start(entries: readonly AppEntry[] = this.settings.APPS): Promise<AppStatus[]> {
    for (const entry of entries) await this.register(entry);
    const valid = this.records.filter((record) => record.definition && record.state === 'REGISTERED');
    // Before any hook runs: an app may throw its own secret from init() or start().
    this.appSettings.announceSecrets();
    const { order, problems } = orderApps(valid.map((record) => ({ id: record.id, dependsOn: record.definition!.dependsOn ?? [], uses: record.definition!.uses ?? [] })));
    await this.appSettings.withOverridesReadOnce(() => this.startInOrder(order, problems));
    this.logSummary();
    return this.statuses();
  }

  private async startInOrder(order: string[], problems: ReadonlyMap<string, Error>): Promise<void> {
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
  }

  /** Stops running apps in reverse start order. Safe to call more than once. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const record of this.records) clearTimeout(record.restartTimer);
      for (const record of [...this.startOrder].reverse()) {
        if (record.state !== 'RUNNING') continue;
        await this.shutDown(record);
        setState(record, 'STOPPED');
        this.logger.info(`App '${record.id}' stopped`);
      }
    })();
    return this.stopping;
  }

  statuses(): AppStatus[] {
    return this.records.map(({ id, version, state, isolation, reason }) => ({ id, version, state, ...(isolation === 'worker' ? { isolation } : {}), ...(reason ? { reason } : {}) }));
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

  /** What a RUNNING app's init returned (its API for other apps and the dashboard), else undefined. */
  runningExports<T = unknown>(id: string): T | undefined {
    const record = this.byId.get(id);
    return record?.state === 'RUNNING' ? (record.exports as T) : undefined;
  }

  /**
   * Restarts a running app (stop, then init and start with a fresh store), as asked by `by`; returns the line
   * to answer. Only a RUNNING app restarts: a failed or stopped one starts again with Pitwall.
   */
  async restartApp(id: string, by: string): Promise<string> {
    const record = this.byId.get(id);
    if (!record) return `There is no app '${id}' (loaded: ${this.ids().join(', ') || 'none'}).`;
    if (record.state !== 'RUNNING' || this.stopping) {
      return `App '${id}' is ${record.state}${record.reason ? ` (${record.reason})` : ''}: only a running app can be restarted; restart Pitwall to start it again.`;
    }
    this.logger.info(`App '${id}' restarts, as asked by ${by}`);
    await this.shutDown(record);
    record.store = new DisposableStore();
    this.timers.resume(record.id);
    await this.startApp(record);
    const after = record.state as AppState;
    return after === 'RUNNING' ? `App '${id}' restarted.` : `App '${id}' did not start again: ${record.reason ?? after}.`;
  }

  /**
   * Loads an app's code afresh and swaps it in without restarting anything else: a new worker for a worker app,
   * a new module instance (the entry file imported under a new URL) for an app in process. The new code is
   * loaded before the old version stops, so a file that does not load (a syntax error, a throw at import)
   * leaves the old version running. Then the old version stops, its pages staying on screen, and the new one
   * starts: migrations run, settings are read again, commands are registered again, and the pages it shows
   * replace the old ones (the ones it does not show are hidden once it runs). Commands and events that arrive
   * meanwhile wait in a SwapHold for the version that runs next. When the new version fails to start, an app
   * in process goes back to its old definition; a worker app stays FAILED.
   */
  reloadApp(id: string, by: string): Promise<string> {
    return reloadApp(
      {
        logger: this.logger,
        boundary: this.boundary,
        loadOptions: this.loadOptions,
        ui: this.ui,
        appSettings: this.appSettings,
        timers: this.timers,
        commands: this.commands,
        events: this.events,
        ids: () => this.ids(),
        record: (app) => this.byId.get(app),
        stopping: () => this.stopping !== undefined,
        loadInWorker: (record, asked, options) => this.loadInWorker(record, asked, options),
        shutDown: (record) => this.shutDown(record),
        startApp: (record) => this.startApp(record),
      },
      id,
      by,
    );
  }

  /** Stops one running app (`//app stop`): it stays STOPPED until `//app start` or a restart of Pitwall. */
  async stopApp(id: string, by: string): Promise<string> {
    const record = this.byId.get(id);
    if (!record) return `There is no app '${id}' (loaded: ${this.ids().join(', ') || 'none'}).`;
    if (record.state !== 'RUNNING' || this.stopping) return `App '${id}' is ${record.state}: only a running app can be stopped.`;
    const dependents = this.startOrder.filter((other) => other.state === 'RUNNING' && other.definition?.dependsOn?.includes(id)).map((other) => other.id);
    if (dependents.length) return `App '${id}' was not stopped: ${dependents.join(', ')} depend${dependents.length === 1 ? 's' : ''} on it; stop ${dependents.length === 1 ? 'it' : 'them'} first.`;
    this.logger.info(`App '${id}' stops, as asked by ${by}`);
    await this.shutDown(record);
    setState(record, 'STOPPED');
    return `App '${id}' stopped.`;
  }

  /** Starts a stopped or failed app again (`//app start`), with the code it was loaded with. */
  async startStoppedApp(id: string, by: string): Promise<string> {
    const record = this.byId.get(id);
    if (!record) return `There is no app '${id}' (loaded: ${this.ids().join(', ') || 'none'}).`;
    if ((record.state !== 'STOPPED' && record.state !== 'FAILED') || !record.definition || this.stopping) return `App '${id}' is ${record.state}: only a stopped or failed app can be started.`;
    const missing = (record.definition.dependsOn ?? []).find((dependency) => this.byId.get(dependency)?.state !== 'RUNNING');
    if (missing) return `App '${id}' was not started: it depends on '${missing}', which is not running.`;
    this.logger.info(`App '${id}' starts, as asked by ${by}`);
    clearTimeout(record.restartTimer);
    record.store = new DisposableStore();
    record.reason = undefined;
    record.restarts = 0;
    this.timers.resume(id);
    await this.startApp(record);
    return (record.state as AppState) === 'RUNNING' ? `App '${id}' started.` : `App '${id}' did not start: ${(record.reason as string | undefined)?.split('\n')[0] ?? record.state}.`;
  }

  /** One line per app for `//app list` and `pitwall apps`: state, isolation, version and uptime. */
  describeApps(now = Date.now()): string[] {
    return this.records.map((record) => {
      const up = record.state === 'RUNNING' && record.startedAt !== undefined ? `, up ${formatUptime(now - record.startedAt)}` : '';
      const why = record.state === 'FAILED' && record.reason ? ` (${record.reason.split('\n')[0]})` : '';
      return `${record.id} ${record.version} ${record.state} in ${record.isolation}${up}${why}`;
    });
  }

  /** Stops a running app and marks it FAILED (used for the error budget); dependents follow. */
  async disable(id: string, reason: string): Promise<void> {
    const record = this.byId.get(id);
    if (!record || (record.state !== 'RUNNING' && record.state !== 'STARTING')) return;
    setState(record, 'STOPPING');
    await this.shutDown(record);
    this.markFailed(record, reason);
    for (const dependent of this.startOrder) {
      if (dependent.definition?.dependsOn?.includes(id)) {
        await this.disable(dependent.id, new PitwallError('PW_ERR_APP_DEPENDENCY_FAILED', { id: dependent.id, dependency: id }).message);
      }
    }
  }

  private async register(given: AppEntry): Promise<void> {
    const { record, asked, entry } = newRecord(given);
    this.records.push(record);
    let definition: AppDefinition;
    try {
      let loaded: { definition: AppDefinition; folder?: string };
      if (!asked) loaded = inlineApp(entry, given);
      else if (asked.isolation === 'worker') loaded = await this.loadInWorker(record, asked);
      else {
        loaded = await loadApp(asked.id, this.loadOptions);
        // The app's own default; the owner's `isolation: 'process'` wins over it.
        if (loaded.definition.isolation === 'worker' && asked.isolation === undefined) {
          record.isolation = 'worker';
          loaded = await this.loadInWorker(record, asked);
        }
      }
      definition = loaded.definition;
      record.id = definition.id;
      record.version = definition.version;
      record.attribution = { app: definition.id, appVersion: definition.version, ...(record.isolation === 'worker' ? { isolation: 'worker' as const } : {}) };
      if (record.isolation === 'worker') this.boundary.setIsolation(definition.id, 'worker');
      record.folder = loaded.folder;
      if (loaded.folder) this.boundary.registerAppFolder(loaded.folder, record.attribution);
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      // A throw in the app's own module code is the app's fault; a wrong name in APPS is the owner's.
      if (cause !== undefined) this.boundary.capture(cause, { ...record.attribution, ...(record.isolation === 'worker' ? { isolation: 'worker' as const } : {}) });
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
    this.appSettings.register(definition, record.attribution);
  }

  private async startApp(record: AppRecord): Promise<void> {
    try {
      await this.appSettings.load(record.id);
    } catch (error) {
      this.markFailed(record, (error as Error).message);
      return;
    }
    const assembled = await this.assembly.assemble({
      definition: record.definition!,
      attribution: record.attribution,
      store: record.store,
      gate: record.gate,
      exportsOf: (id) => this.byId.get(id)?.exports,
      runningExportsOf: (id) => (this.byId.get(id)?.state === 'RUNNING' ? this.byId.get(id)!.exports : undefined),
    });
    if (!assembled.ok) {
      this.markFailed(record, assembled.reason);
      return;
    }
    record.ctx = assembled.ctx;
    setState(record, 'STARTING');
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
    setState(record, 'RUNNING');
    record.startedAt = Date.now();
    this.logger.info(`App '${record.id}' ${record.version} started`);
  }

  /** Applies changed settings to an app that listens for none: stop it, then start it with a fresh store. */
  private async restart(record: AppRecord, changed: string[]): Promise<void> {
    this.logger.info(`App '${record.id}' restarts to apply its changed setting ${changed.join(', ')}`);
    await this.shutDown(record);
    record.store = new DisposableStore();
    this.timers.resume(record.id);
    await this.startApp(record);
  }

  /** Runs a lifecycle hook with the per-hook timeout; a failure is captured once and described. */
  private runHook(record: AppRecord, hook: Hook): Promise<{ ok: true; value: unknown } | { ok: false; reason: string }> {
    return runAppHook(this.boundary, record, hook, this.settings.APP_HOOK_TIMEOUT_MS);
  }

  /** Runs the stop hook (unless told not to), then every disposer and the app's container. */
  private async shutDown(record: AppRecord, options: { skipStopHook?: boolean } = {}): Promise<void> {
    setState(record, 'STOPPING');
    if (!options.skipStopHook) await this.runHook(record, 'stop');
    const failures = await record.store.dispose();
    for (const failure of failures) this.boundary.capture(failure, { ...record.attribution, hook: 'stop' });
    this.timers.release(record.id);
    try {
      await record.ctx?.container.dispose();
    } catch (error) {
      this.boundary.capture(error, { ...record.attribution, hook: 'stop' });
    }
  }

  /** Starts the app's worker thread, which imports its module and sends back its definition. */
  private async loadInWorker(record: AppRecord, asked: Exclude<AppsEntry, string>, options: { swap?: boolean } = {}): Promise<{ definition: AppDefinition; folder?: string; worker: WorkerApp }> {
    const { specifier, folder } = locateApp(asked.id, this.loadOptions);
    const worker = new WorkerApp({
      entry: asked.id,
      specifier,
      heapMb: asked.heapMb ?? this.settings.APP_WORKER_HEAP_MB,
      callTimeoutMs: this.settings.APP_HOOK_TIMEOUT_MS,
      database: { url: this.settings.DATABASE_URL, dataDir: this.settings.DATA_DIR },
      boundary: this.boundary,
      onEnded: (reason) => void this.workerEnded(record, reason),
    });
    if (!options.swap) record.worker = worker;
    return { definition: await worker.load(), ...(folder ? { folder } : {}), worker };
  }

  /**
   * The worker of an app ended on its own (out of memory, process.exit, an uncaught throw): the app is FAILED
   * with the reason, everything it registered is removed, and APP_RESTART decides whether it starts again.
   */
  private async workerEnded(record: AppRecord, reason: string): Promise<void> {
    // While starting, the hook waiting on the worker fails and says why.
    if (record.state !== 'RUNNING') return;
    const error = new PitwallError('PW_ERR_APP_WORKER_ENDED', { id: record.id, reason });
    this.boundary.warn('app_disabled', error, record.attribution);
    await this.disable(record.id, error.message);
    if (this.stopping) return;
    const { attempts, backoffMs } = this.settings.APP_RESTART;
    if (record.restarts >= attempts) {
      if (attempts > 0) this.logger.error(`App '${record.id}' gave up after ${attempts} restart${attempts === 1 ? '' : 's'}: ${reason}; it stays failed until Pitwall restarts.`);
      return;
    }
    const delay = backoffMs * 2 ** record.restarts;
    record.restarts += 1;
    this.logger.warn(`App '${record.id}' starts again in ${delay} ms (restart ${record.restarts} of ${attempts}): ${reason}`);
    record.restartTimer = setTimeout(() => void this.revive(record), delay);
    record.restartTimer.unref();
  }

  /** Starts a failed app again with a fresh store (and, for a worker app, a fresh worker). */
  private async revive(record: AppRecord): Promise<void> {
    record.restartTimer = undefined;
    if (this.stopping || record.state !== 'FAILED') return;
    const failedDependency = (record.definition!.dependsOn ?? []).find((dependency) => this.byId.get(dependency)?.state !== 'RUNNING');
    if (failedDependency) return;
    record.store = new DisposableStore();
    record.reason = undefined;
    this.timers.resume(record.id);
    await this.startApp(record);
  }

  private markFailed(record: AppRecord, reason: string): void {
    setState(record, 'FAILED');
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
