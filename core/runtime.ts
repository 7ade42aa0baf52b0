import { container as rootContainer, type DependencyContainer, type InjectionToken } from 'tsyringe';
import { AnalyticsOptions, AnalyticsService } from './analytics/service.js';
import { AccessControl, StoredAccessControl } from './access/access-control.js';
import { registerAdminCommand } from './access/admin-command.js';
import { registerAppCommand } from './apps/app-command.js';
import { serveAppRequests } from './apps/control-requests.js';
import { AppAssembly } from './apps/app-assembly.js';
import { AppScope, CoreContainer } from './apps/app-scope.js';
import { AppSettingsService } from './apps/app-settings-service.js';
import { AppTimers } from './apps/app-timers.js';
import { countBufferAllocations } from './apps/buffer-usage.js';
import { ErrorSink, ErrorSinks } from './apps/error-sink.js';
import { FaultBoundary } from './apps/fault-boundary.js';
import { AppHost, type AppEntry } from './apps/host.js';
import { AppLoadOptionsToken, BUNDLED_APPS_FOLDER, type AppLoadOptions } from './apps/load.js';
import { installProcessNet } from './apps/process-net.js';
import { AppRegistry } from './apps/registry.js';
import { registerSettingsCommand } from './apps/settings-command.js';
import { pollSharedState } from './apps/shared-state-poll.js';
import { configuredSecrets, Settings } from './config/schema.js';
import { DashboardOptions, DashboardService } from './dashboard/dashboard.js';
import { registerDashboardCommand } from './dashboard/dashboard-command.js';
import { DisposableStore, toDisposable, type Disposable } from './disposables.js';
import type { GbxSession } from './gbx/session.js';
import { createLogger, Logger, redactLogs, type LoggerOptions } from './logging/logger.js';
import { registerReporting, startReporting } from './reporting/compose.js';
import { ExceptionHandler } from './reporting/exception-handler.js';
import type { ReportingOptions } from './reporting/options.js';
import { Redactor } from './reporting/redact.js';
import { LiveReportingSources } from './reporting/sources.js';
import { watchEventLoop, watchMemory } from './reporting/watchdogs.js';
import type { SandboxServer } from './sandbox/server.js';
import { CommandRateLimiter } from './server/command-rate.js';
import { CommandRegistry } from './server/commands.js';
import { connectToServer, type ServerConnection } from './server/connect.js';
import type { ServerEventMap } from './server/event-map.js';
import { EventBus, ServerEvents } from './server/events.js';
import { GameServer, ServerFacade } from './server/facade.js';
import { PlayerLanguages, ServerPlayerLanguages } from './server/player-languages.js';
import { Database, openDatabase } from './storage/database.js';
import { openWriteJournal } from './storage/write-journal.js';
import { showHelpWindow } from './ui/help-window.js';
import { StoredHudChoices } from './ui/hud.js';
import { registerHudCommand } from './ui/hud-window.js';
import { UiManager } from './ui/manager.js';

export interface RuntimeOptions {
  settings: Settings;
  /** A ready logger; otherwise one is made from DEBUG and DATA_DIR. */
  logger?: Logger;
  logging?: Pick<LoggerOptions, 'console' | 'transports'>;
  apps?: Partial<AppLoadOptions>;
  /** Install the process-level uncaughtException/unhandledRejection net (default true). */
  processNet?: boolean;
  /** How often the net re-checks its handlers and the process-wide functions (tests shorten it). */
  processNetTuning?: { checkEveryMs?: number };
  /** The apps to start (default: settings.APPS); definitions may be given inline. */
  appEntries?: readonly AppEntry[];
  /** Environment for DO_NOT_TRACK (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Analytics job tuning (tests: first ping delay, clock). */
  analytics?: Omit<AnalyticsOptions, 'env'>;
  /** Port for the embedded sandbox instead of DEDICATED.port (0: any free port). */
  sandboxPort?: number;
  /** Watch for a blocked event loop and heap growth (default true). */
  watchdogs?: boolean;
  /** Transport tuning for the exception handler (tests shorten timeouts). */
  reporting?: ReportingOptions;
  /** Replaces the default error sink, the exception handler (tests use this to collect errors). */
  errorSink?: ErrorSink;
  /** Also given every error and warning, after the error sink (tests watch the real handler this way). */
  errorTaps?: readonly ErrorSink[];
  /** How often live setting changes made elsewhere (`pitwall settings`, another controller) are read (default 5 s). */
  liveSettingsPollMs?: number;
  /** An open database to use instead of opening DATABASE_URL; the caller closes it. */
  database?: Database;
}

/**
 * The composed controller: one child container of tsyringe's root per runtime (so tests can run several).
 * It registers every core service by token, starts them in order and stops them in reverse; the container
 * builds each service from its `@inject` constructor. What was started is owned by one DisposableStore.
 */
export class Runtime {
  private readonly started = new DisposableStore();
  private connection?: ServerConnection;
  private stopped?: Promise<void>;
  private requestExit: (request: { app: string; code: number }) => void = () => undefined;
  /** Resolves when an app called process.exit: the owner of the runtime should stop it in order. */
  readonly exitRequested = new Promise<{ app: string; code: number }>((resolve) => (this.requestExit = resolve));

  private constructor(
    readonly container: DependencyContainer,
    readonly settings: Settings,
    readonly logger: Logger,
  ) {}

  static async start(options: RuntimeOptions): Promise<Runtime> {
    const { settings } = options;
    // Made first, so that the logs are redacted from their first line on.
    const redactor = new Redactor(configuredSecrets(settings));
    const logger = options.logger ?? createLogger({ debug: settings.DEBUG, dataDir: settings.DATA_DIR, ...options.logging, redaction: redactor });
    if (options.logger) redactLogs(options.logger, redactor);
    const runtime = new Runtime(rootContainer.createChildContainer(), settings, logger);
    runtime.container.register(Redactor, { useValue: redactor });
    try {
      await runtime.compose(options);
      return runtime;
    } catch (error) {
      // What did start (watchdogs, the inspector session, the sandbox) must not keep the process alive.
      await runtime.dispose();
      throw error;
    }
  }

  private async compose(options: RuntimeOptions): Promise<void> {
    const { settings, logger, container } = this;
    const value = <T>(token: InjectionToken<T>, useValue: T): T => (container.register(token, { useValue }), useValue);
    value(Settings, settings);
    value(Logger, logger);
    value(CoreContainer, container);
    value(AppLoadOptionsToken, { bundledFolder: BUNDLED_APPS_FOLDER, cwd: process.cwd(), ...options.apps } satisfies AppLoadOptions);
    value(AnalyticsOptions, { env: options.env ?? process.env, ...options.analytics });
    const sources = new LiveReportingSources();
    registerReporting(container, sources, options.reporting);
    const reporting = startReporting(container);
    this.started.add(toDisposable(() => reporting.stop(Math.min(5000, settings.SHUTDOWN_TIMEOUT_MS / 2))));
    const sinks = [options.errorSink ?? reporting.handler, ...(options.errorTaps ?? [])];
    value(ErrorSink, sinks.length === 1 ? sinks[0]! : new ErrorSinks(sinks));
    for (const service of [FaultBoundary, AppTimers, AppScope, AppSettingsService, AppAssembly, AppHost]) container.registerSingleton<unknown>(service);
    const boundary = this.boundary;
    this.started.add(container.resolve(AppTimers).start());
    const events = value<ServerEvents>(ServerEvents, new EventBus<ServerEventMap>((error, event) => boundary.capture(error, { app: 'core', event: { name: String(event) } })));
    this.guardProcess(options);

    // Opened before anything connects, so a wrong URL or password stops the start at once; the permission
    // groups are read from it before anything can type a command.
    const database = value(Database, options.database ?? (await this.openDatabase(options)));
    const access = await StoredAccessControl.open(database, settings.ADMINS);
    value<AccessControl>(AccessControl, access);
    const commands = value(CommandRegistry, new CommandRegistry((login, level) => access.can(login, level)));
    this.started.add(registerAdminCommand(commands, access, { error: (error) => boundary.capture(error, { app: 'core', event: { name: '//admin' } }), warn: (message) => logger.warn(message) }));
    // One flood limit per player, shared by chat commands and UI actions.
    const rateLimiter = value(CommandRateLimiter, new CommandRateLimiter(settings.COMMAND_RATE_LIMIT));

    const connection = (this.connection = await connectToServer(settings, logger, options.sandboxPort));
    this.started.add(toDisposable(() => connection.close()));
    const facade = new ServerFacade(connection.session, events, commands, logger, { commandRateLimit: settings.COMMAND_RATE_LIMIT, rateLimiter });
    this.started.add(toDisposable(() => facade.dispose()));
    await facade.load();
    value(GameServer, facade);
    value<PlayerLanguages>(PlayerLanguages, this.started.add(new ServerPlayerLanguages(facade, events)));
    // Each player's hidden widgets (namespace core_hud), read for the players already on the server.
    const hud = await StoredHudChoices.open(database);
    // /hud is offered once an app declares a widget: a controller without any has nothing to choose from.
    let hudCommand: Disposable | undefined;
    const ui = value(UiManager, new UiManager({ server: facade, events, allows: commands.allows, logger, rateLimiter, hud, crowdPlayers: settings.UI_CROWD_PLAYERS, onWidget: () => (hudCommand ??= this.started.add(registerHudCommand(commands, ui, coreUi, logger))) }));
    await ui.loadChoices(facade.players.keys());
    this.started.add(toDisposable(() => ui.dispose()));
    // The core's own pages (the /help window) run as 'core'.
    const coreUi = ui.forApp('core', { run: (name, payload, fn) => boundary.run({ app: 'core', event: { name, payload } }, fn), isActive: () => true });
    facade.onHelp = (login, allowed) => showHelpWindow(coreUi, login, allowed);

    const host = this.host;
    value(AppRegistry, host);
    sources.attach({ server: facade, apps: host });
    const appSettings = this.appSettings;
    const redactor = container.resolve(Redactor);
    appSettings.onSecrets((appSecrets) => redactor.setSecrets([...configuredSecrets(settings), ...appSecrets]));
    this.started.add(registerSettingsCommand(commands, appSettings, logger.child({ label: 'settings' }), coreUi));
    // Before the apps, so a port in use stops the start before any app ran.
    if (settings.DASHBOARD.enabled) {
      value<DashboardOptions>(DashboardOptions, { connectionState: () => connection.session.state, analytics: () => (container.isRegistered(AnalyticsService) ? container.resolve(AnalyticsService) : undefined) });
      container.registerSingleton(DashboardService);
      const dashboard = container.resolve(DashboardService);
      this.started.add(await dashboard.start());
      this.started.add(registerDashboardCommand(commands, dashboard, container.resolve(GameServer), container.resolve(AccessControl)));
    }
    this.started.add(registerAppCommand(commands, host, { error: (error) => boundary.capture(error, { app: 'core', event: { name: '//app' } }), warn: (message) => logger.warn(message) }));
    await host.start(options.appEntries ?? settings.APPS);
    // A controller with apps answers `pitwall apps` from a shell; the CLI's own short-lived runtimes have none.
    if ((options.appEntries ?? settings.APPS).length > 0) this.started.add(serveAppRequests(settings.DATA_DIR, host, logger.child({ label: 'apps' })));
    this.started.add(pollSharedState(appSettings, access, logger, options.liveSettingsPollMs ?? 5000));
    container.registerSingleton(AnalyticsService);
    this.started.add(this.analyticsService.start());
  }

  /** The process-level net for errors and process.exit, and the watchdogs for a blocked loop and memory. */
  private guardProcess(options: RuntimeOptions): void {
    const { boundary, settings } = this;
    if (options.processNet !== false) {
      const onAppExit = (app: string, code: number): void => this.requestExit({ app, code });
      this.started.add(installProcessNet(boundary, { logger: this.logger, onAppExit, ...options.processNetTuning }));
    }
    if (options.watchdogs === false) return;
    const warn = boundary.warn.bind(boundary);
    const buffers = this.started.add(countBufferAllocations(boundary));
    const limits = { heapMb: settings.REPORTING_HEAP_MB, rssMb: settings.REPORTING_RSS_MB, externalMb: settings.REPORTING_EXTERNAL_MB };
    this.started.add(watchEventLoop(boundary, settings.REPORTING_BLOCK_MS, warn));
    this.started.add(watchMemory(limits, warn, { buffers }));
  }

  private async openDatabase(options: RuntimeOptions): Promise<Database> {
    const log = this.logger.child({ label: 'database' });
    // A controller that runs no apps (the CLI previews) keeps nothing: no SQLite file is created for it.
    const inMemory = (options.appEntries ?? this.settings.APPS).length === 0;
    const database = await openDatabase(this.settings.DATABASE_URL, this.settings.DATA_DIR, {
      inMemory,
      onBackgroundError: (error) => log.warn(`A database connection was lost (${error.message}); the next query opens a new one`),
      onFileGone: (error) => log.error(error.message),
    });
    this.started.add(toDisposable(() => database.close()));
    log.info(`Database: ${database.where}`);
    // Before any app starts: what an earlier run queued during an outage is replayed first.
    this.started.add(await openWriteJournal(database, { dataDir: this.settings.DATA_DIR, log }));
    return database;
  }

  get host(): AppHost {
    return this.container.resolve(AppHost);
  }

  get appSettings(): AppSettingsService {
    return this.container.resolve(AppSettingsService);
  }

  get boundary(): FaultBoundary {
    return this.container.resolve(FaultBoundary);
  }

  private get analyticsService(): AnalyticsService {
    return this.container.resolve(AnalyticsService);
  }

  /** The analytics job (built even when analytics are off, for `pitwall analytics preview`). */
  get analytics(): AnalyticsService['job'] | undefined {
    return this.container.isRegistered(AnalyticsService) ? this.analyticsService.job : undefined;
  }

  get events(): ServerEvents {
    return this.container.resolve(ServerEvents);
  }

  get server(): ServerFacade {
    return this.container.resolve<ServerFacade>(GameServer);
  }

  /** The embedded sandbox server, when SANDBOX is on. */
  get sandbox(): SandboxServer | undefined {
    return this.connection?.sandbox;
  }

  get session(): GbxSession {
    return this.connection!.session;
  }

  get exceptionHandler(): ExceptionHandler {
    return this.container.resolve(ExceptionHandler);
  }

  get ui(): UiManager {
    return this.container.resolve(UiManager);
  }

  get database(): Database {
    return this.container.resolve<Database>(Database);
  }

  get commands(): CommandRegistry {
    return this.container.resolve(CommandRegistry);
  }

  /** The owner's web dashboard, when DASHBOARD.enabled. */
  get dashboard(): DashboardService | undefined {
    return this.container.isRegistered(DashboardService) ? this.container.resolve(DashboardService) : undefined;
  }

  get access(): AccessControl {
    return this.container.resolve<AccessControl>(AccessControl);
  }

  /** Stops apps in reverse order, then core services. Safe to call more than once. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      await this.host.stop();
      await this.dispose();
    })();
    return this.stopped;
  }

  /** Undoes everything started so far, newest first; every disposer runs even when one throws. */
  private async dispose(): Promise<void> {
    for (const failure of await this.started.dispose()) this.logger.error(`Stopping a core service failed: ${(failure as Error).message ?? String(failure)}`);
  }
}
