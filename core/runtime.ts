import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { ErrorSink } from './apps/error-sink.js';
import { FaultBoundary } from './apps/fault-boundary.js';
import { AppHost, RootContainer, type AppEntry } from './apps/host.js';
import { AppTimers } from './apps/app-timers.js';
import { registerSettingsCommand } from './apps/settings-command.js';
import { AppRegistry } from './apps/registry.js';
import { AppLoadOptionsToken, BUNDLED_APPS_FOLDER, type AppLoadOptions } from './apps/load.js';
import { installProcessNet } from './apps/process-net.js';
import { configuredSecrets, Settings } from './config/schema.js';
import { registerReporting, startReporting } from './reporting/compose.js';
import { ExceptionHandler } from './reporting/exception-handler.js';
import type { ReportingOptions } from './reporting/options.js';
import { Redactor } from './reporting/redact.js';
import { decideAnalytics, type AnalyticsDecision } from './analytics/decision.js';
import { PING_IDENTITY } from './analytics/fields.js';
import { AnalyticsJob, type AnalyticsJobOptions } from './analytics/job.js';
import { watchEventLoop, watchMemory } from './reporting/watchdogs.js';
import { countBufferAllocations } from './apps/buffer-usage.js';
import type { Disposable } from './disposables.js';
import { createLogger, Logger, redactLogs, type LoggerOptions } from './logging/logger.js';
import { CommandRegistry } from './server/commands.js';
import { CommandRateLimiter } from './server/command-rate.js';
import { AccessControl, StoredAccessControl } from './access/access-control.js';
import { registerAdminCommand } from './access/admin-command.js';
import { EventBus, ServerEvents } from './server/events.js';
import type { ServerEventMap } from './server/event-map.js';
import { connectToServer, type ServerConnection } from './server/connect.js';
import { GameServer, ServerFacade } from './server/facade.js';
import type { GbxSession } from './gbx/session.js';
import type { SandboxServer } from './sandbox/server.js';
import { UiManager } from './ui/manager.js';
import { showHelpWindow } from './ui/help-window.js';
import { Database, openDatabase } from './storage/database.js';

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
  analytics?: Pick<AnalyticsJobOptions, 'firstPingDelayMs' | 'clock'>;
  /** Port for the embedded sandbox instead of DEDICATED.port (0: any free port). */
  sandboxPort?: number;
  /** Watch for a blocked event loop and heap growth (default true). */
  watchdogs?: boolean;
  /** Transport tuning for the exception handler (tests shorten timeouts). */
  reporting?: ReportingOptions;
  /** Replaces the default error sink (tests use this to collect errors). */
  errorSink?: ErrorSink;
  /** How often live setting changes made elsewhere (`pitwall settings`, another controller) are read (default 5 s). */
  liveSettingsPollMs?: number;
  /** An open database to use instead of opening DATABASE_URL; the caller closes it. */
  database?: Database;
}

/**
 * The composed controller: one child container of tsyringe's root per runtime (so tests can run several),
 * every core service registered by token, then the apps started.
 */
export class Runtime {
  private readonly cleanups: Disposable[] = [];
  private connection?: ServerConnection;
  private stopped?: Promise<void>;
  private requestExit: (request: { app: string; code: number }) => void = () => undefined;
  /** Resolves when an app called process.exit: the owner of the runtime should stop it in order. */
  readonly exitRequested = new Promise<{ app: string; code: number }>((resolve) => (this.requestExit = resolve));

  private constructor(
    readonly container: DependencyContainer,
    readonly settings: Settings,
    readonly logger: Logger,
    private readonly redactor: Redactor,
  ) {}

  static async start(options: RuntimeOptions): Promise<Runtime> {
    const { settings } = options;
    // Made first, so that the logs are redacted from their first line on.
    const redactor = new Redactor(configuredSecrets(settings));
    const logger = options.logger ?? createLogger({ debug: settings.DEBUG, dataDir: settings.DATA_DIR, ...options.logging, redaction: redactor });
    if (options.logger) redactLogs(options.logger, redactor);
    const runtime = new Runtime(rootContainer.createChildContainer(), settings, logger, redactor);
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
    const { settings, logger, container, redactor } = this;

    container.register(Settings, { useValue: settings });
    container.register(Logger, { useValue: logger });
    container.register(RootContainer, { useValue: container });
    container.register(AppLoadOptionsToken, {
      useValue: { bundledFolder: BUNDLED_APPS_FOLDER, cwd: process.cwd(), ...options.apps } satisfies AppLoadOptions,
    });
    container.register(Redactor, { useValue: redactor });
    registerReporting(
      container,
      {
        server: () => (container.isRegistered(GameServer) ? container.resolve<GameServer>(GameServer) : undefined),
        apps: () => (container.isRegistered(AppRegistry) ? container.resolve<AppRegistry>(AppRegistry) : undefined),
      },
      options.reporting,
    );
    const reporting = startReporting(container);
    const exceptionHandler = reporting.handler;
    this.cleanups.push({ dispose: () => reporting.stop(Math.min(5000, settings.SHUTDOWN_TIMEOUT_MS / 2)) });
    container.register(ErrorSink, { useValue: options.errorSink ?? exceptionHandler });
    container.registerInstance(FaultBoundary, container.resolve(FaultBoundary));
    const boundary = container.resolve(FaultBoundary);
    const timers = new AppTimers(boundary, logger);
    container.registerInstance(AppTimers, timers);
    this.cleanups.push(timers.start());
    container.register(ServerEvents, {
      useValue: new EventBus<ServerEventMap>((error, event) => boundary.capture(error, { app: 'core', event: { name: String(event) } })),
    });
    // The one permission check for commands, UI actions and settings edits: the groups kept in the database
    // (read once it is open, below, before anything can type a command) and the logins in ADMINS as masters.
    let access: StoredAccessControl | undefined;
    const commands = new CommandRegistry((login, level) => access?.can(login, level) ?? false);
    container.registerInstance(CommandRegistry, commands);

    if (options.processNet !== false) {
      const onAppExit = (app: string, code: number): void => this.requestExit({ app, code });
      this.cleanups.push(installProcessNet(boundary, { logger, onAppExit, ...options.processNetTuning }));
    }
    if (options.watchdogs !== false) {
      const warn = boundary.warn.bind(boundary);
      const buffers = countBufferAllocations(boundary);
      const limits = { heapMb: settings.REPORTING_HEAP_MB, rssMb: settings.REPORTING_RSS_MB, externalMb: settings.REPORTING_EXTERNAL_MB };
      this.cleanups.push(watchEventLoop(boundary, settings.REPORTING_BLOCK_MS, warn), buffers, watchMemory(limits, warn, { buffers }));
    }
    await this.openDatabase(options);
    access = await StoredAccessControl.open(this.database, settings.ADMINS);
    container.register(AccessControl, { useValue: access });
    this.cleanups.push(
      registerAdminCommand(commands, access, {
        error: (error) => boundary.capture(error, { app: 'core', event: { name: '//admin' } }),
        warn: (message) => logger.warn(message),
      }),
    );
    // One flood limit per player, shared by chat commands and UI actions.
    const rateLimiter = new CommandRateLimiter(settings.COMMAND_RATE_LIMIT);
    container.registerInstance(CommandRateLimiter, rateLimiter);
    const connection = await connectToServer(settings, logger, options.sandboxPort);
    this.connection = connection;
    this.cleanups.push({ dispose: () => connection.close() });
    const facade = new ServerFacade(connection.session, container.resolve<ServerEvents>(ServerEvents), commands, logger, {
      commandRateLimit: settings.COMMAND_RATE_LIMIT,
      rateLimiter,
    });
    this.cleanups.push({ dispose: () => facade.dispose() });
    await facade.load();
    container.register(GameServer, { useValue: facade });
    const ui = new UiManager({ server: facade, events: container.resolve<ServerEvents>(ServerEvents), allows: commands.allows, logger, rateLimiter });
    container.register(UiManager, { useValue: ui });
    this.cleanups.push({ dispose: () => ui.dispose() });
    // The core's own pages (the /help window) run as 'core'.
    const coreUi = ui.forApp('core', { run: (name, payload, fn) => boundary.run({ app: 'core', event: { name, payload } }, fn), isActive: () => true });
    facade.onHelp = (login, allowed) => showHelpWindow(coreUi, login, allowed);
    const host = container.resolve(AppHost);
    container.registerInstance(AppHost, host);
    container.register(AppRegistry, { useValue: host });
    host.onSecrets((appSecrets) => redactor.setSecrets([...configuredSecrets(settings), ...appSecrets]));
    this.cleanups.push(registerSettingsCommand(commands, host, logger.child({ label: 'settings' })));
    await this.host.start(options.appEntries ?? settings.APPS);
    this.pollSharedState(host, access, options.liveSettingsPollMs ?? 5000);
    this.startAnalytics(options, facade);
  }

  /**
   * What `pitwall settings` or another controller on the same database changed reaches this one: live
   * settings (to the apps) and permission groups (to every check).
   */
  private pollSharedState(host: AppHost, access: StoredAccessControl, ms: number): void {
    const log = this.logger.child({ label: 'settings' });
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      Promise.all([
        host.refreshLiveSettings().catch((error: unknown) => log.warn(`Could not read the live settings: ${(error as Error).message}`)),
        access.reload().catch((error: unknown) => log.warn(`Could not read the permission groups: ${(error as Error).message}`)),
      ]).finally(() => (running = false));
    }, ms).unref();
    this.cleanups.push({ dispose: () => clearInterval(timer) });
  }

  /** Opens DATABASE_URL before anything connects, so a wrong URL or password stops the start at once. */
  private async openDatabase(options: RuntimeOptions): Promise<void> {
    let database = options.database;
    if (!database) {
      const log = this.logger.child({ label: 'database' });
      // A controller that runs no apps (the CLI previews) keeps nothing: no SQLite file is created for it.
      const inMemory = (options.appEntries ?? this.settings.APPS).length === 0;
      database = await openDatabase(this.settings.DATABASE_URL, this.settings.DATA_DIR, {
        inMemory,
        onBackgroundError: (error) => log.warn(`A database connection was lost (${error.message}); the next query opens a new one`),
      });
      const opened = database;
      this.cleanups.push({ dispose: () => opened.close() });
      log.info(`Database: ${database.where}`);
    }
    this.container.register(Database, { useValue: database });
  }

  /** The analytics job, when analytics are on. */
  analytics?: AnalyticsJob;
  readonly analyticsDecision: AnalyticsDecision = { on: false, reason: 'not started' };
  private readonly startedAt = Date.now();

  /** Schedules the ping when analytics are on; says in the log either way, and why. */
  private startAnalytics(options: RuntimeOptions, server: ServerFacade): void {
    const decision = decideAnalytics(this.settings, options.env ?? process.env);
    (this as { analyticsDecision: AnalyticsDecision }).analyticsDecision = decision;
    const log = this.logger.child({ label: 'analytics' });
    const job = new AnalyticsJob({
      settings: this.settings,
      logger: log,
      sources: () => ({ server, runningApps: this.host.running(), uptimeSeconds: (Date.now() - this.startedAt) / 1000 }),
      redactLocalCopy: (json) => this.redactor.exactSecrets(json),
      ...options.analytics,
    });
    // Built either way so `pitwall analytics preview` can show the payload; only started when on.
    this.analytics = job;
    if (!decision.on) {
      log.info(`Analytics are off: ${decision.reason}. Nothing is sent or written for analytics.`);
      return;
    }
    const destination = this.settings.ANALYTICS_URL ? `sent to ${new URL(this.settings.ANALYTICS_URL).host}` : `written to ${this.settings.DATA_DIR}/analytics (ANALYTICS_URL is empty)`;
    log.info(`Analytics are on: a ping on '${this.settings.ANALYTICS_SCHEDULE}' is ${destination}; ${PING_IDENTITY}; docs/privacy.md lists every field, ANALYTICS = false turns it off`);
    job.start();
    this.cleanups.push({ dispose: () => job.stop() });
  }

  get host(): AppHost {
    return this.container.resolve(AppHost);
  }

  get boundary(): FaultBoundary {
    return this.container.resolve(FaultBoundary);
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

  /** Undoes everything composed so far, newest first. */
  private async dispose(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0).reverse()) await cleanup.dispose();
  }
}
