/**
 * `pitwall/testing`: start a real controller against the sandbox server on a free port, with a temporary
 * DATA_DIR, load the apps under test, drive the sandbox (players joining, chatting, finishing, maps
 * changing) and observe what the apps did (chat they sent, their state, errors with attribution, what a
 * level-3 feed would send). Waits follow events, not the clock.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessGroup } from './access/access-control.js';
import type { AppDefinition } from './apps/define.js';
import type { Attribution, ErrorSink } from './apps/error-sink.js';
import type { AppEntry, AppState, AppStatus } from './apps/host.js';
import type { Settings } from './config/schema.js';
import { PitwallError } from './errors.js';
import { Runtime, type RuntimeOptions } from './runtime.js';
import type { SandboxServer, SentChat } from './sandbox/server.js';
import { messageProblems } from './i18n/messages.js';
import { setSandboxPlayerLanguage } from './sandbox/methods/player-details.js';
import { AppRegistry } from './apps/registry.js';
import { sampleError } from './reporting/preview.js';
import type { ServerEventMap } from './server/event-map.js';
import type { Database } from './storage/database.js';
import { scratchDatabaseForCore } from './testing/database.js';
import { MemoryTransport, type LogEntry } from './testing/logs.js';
import { testSettings } from './testing/settings.js';
import { createTestUi, type TestUi } from './testing/ui.js';
import { waitFor, waitForEvent } from './testing/waits.js';

export { openTestDatabase } from './testing/database.js';
export { MemoryTransport, type LogEntry } from './testing/logs.js';
export { baseSettings, testSettings } from './testing/settings.js';
export type { TestUi, VisiblePage } from './testing/ui.js';
export { waitFor } from './testing/waits.js';

/**
 * Every problem with an app's translations (a key a language lacks or does not know, an empty line,
 * placeholders that differ from English); `assert.deepEqual(checkMessages(app), [])` in the app's tests.
 */
export function checkMessages(app: Pick<AppDefinition, 'id' | 'messages'>): string[] {
  return messageProblems(app.id, app.messages);
}

export interface CapturedError {
  error: Error;
  app: string;
  attribution: Attribution;
}

export interface TestCore {
  /** What players see and click. */
  ui: TestUi;
  runtime: Runtime;
  /** The sandbox dedicated server the core is connected to. */
  sandbox: SandboxServer;
  settings: Settings;
  dataDir: string;
  errors: CapturedError[];
  logs: LogEntry[];
  state(id: string): AppState | undefined;
  status(id: string): AppStatus | undefined;
  emit<E extends keyof ServerEventMap>(event: E, payload: ServerEventMap[E]): void;
  /** Resolves when `predicate` holds, checking on every tick; rejects after `ms`. */
  waitFor(predicate: () => boolean, what: string, ms?: number): Promise<void>;
  /**
   * A player joins; resolves once the apps' playerConnect handlers have been called. `language` is the one
   * their game reports (GetDetailedPlayerInfo's Language; default 'en'), which ctx.t answers in.
   */
  join(login: string, nickName?: string, options?: { spectator?: boolean; language?: string }): Promise<void>;
  /** A player leaves; resolves once the apps' playerDisconnect handlers have been called. */
  leave(login: string, reason?: string): Promise<void>;
  /** A player types in the chat (a `/command` too); resolves once the apps' playerChat handlers have been called. */
  chat(login: string, text: string): Promise<void>;
  /**
   * A player crosses the finish line (the Trackmania.Event.WayPoint script callback); resolves once the
   * apps' playerFinish handlers have been called.
   */
  finish(login: string, raceTimeMs: number): Promise<void>;
  /** The map changes; resolves once the apps' beginMap handlers have been called. */
  nextMap(): Promise<void>;
  /** Every chat line apps sent through the server, oldest first. */
  readonly chatLog: readonly SentChat[];
  /** Resolves with the first chat line, already sent or still to come, that matches. */
  waitForChat(match: string | RegExp, ms?: number): Promise<SentChat>;
  /** The next time `event` fires (and `predicate` holds), e.g. to await an app's reaction. */
  nextEvent<E extends keyof ServerEventMap>(event: E, predicate?: (payload: ServerEventMap[E]) => boolean, ms?: number): Promise<ServerEventMap[E]>;
  /**
   * What the level-3 feed of `appId` would send its developers for `error` (default: a sample error), or why
   * it would send nothing. The app must be loaded and declare `reporting: { dsn }`.
   */
  feedPreview(appId: string, error?: Error): Record<string, unknown> | string;
  /**
   * Puts `login` in an access group (operator, admin or master), as an owner's `//admin add` in game does,
   * stored in this core's database. A master from the start: `startTestCore({ settings: { ADMINS: [login] } })`.
   */
  grant(login: string, group: AccessGroup): Promise<void>;
  stop(): Promise<void>;
}

export interface TestCoreOptions {
  settings?: Partial<Settings>;
  apps?: AppEntry[];
  /** Use the real exception handler (reports, outbox) instead of only collecting errors. */
  reporting?: boolean;
  /** Environment for DO_NOT_TRACK (default: empty). */
  env?: NodeJS.ProcessEnv;
  analytics?: RuntimeOptions['analytics'];
  /** Folder relative APPS paths and npm package names are resolved from (default: the current folder). */
  cwd?: string;
  /** Start the event-loop and heap watchdogs (a worker thread; off unless a test needs them). */
  watchdogs?: boolean;
  /**
   * An open database for the apps (e.g. one that two test cores share); the caller closes it. Without it
   * (and without settings.DATABASE_URL) each core gets a fresh database: SQLite in its temp DATA_DIR, or,
   * when PITWALL_TEST_DATABASE_URL names a PostgreSQL server, a new database there, dropped at stop().
   */
  database?: Database;
  /** How often live setting changes made outside this core are read (default 5 s). */
  liveSettingsPollMs?: number;
  /**
   * Start even when an app fails to start (it is then FAILED, see status()); without it startTestCore stops
   * the core and throws PW_ERR_TEST_APP_FAILED naming each failed app and why.
   */
  allowFailedApps?: boolean;
}

/** Starts a real core with a temp DATA_DIR, collecting errors and logs. */
export async function startTestCore(options: TestCoreOptions = {}): Promise<TestCore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-test-'));
  const scratch = await scratchDatabaseForCore(!options.database && options.settings?.DATABASE_URL === undefined);
  const settings = testSettings({ DATA_DIR: dataDir, ...(scratch ? { DATABASE_URL: scratch.url } : {}), ...options.settings });
  const errors: CapturedError[] = [];
  const logs: LogEntry[] = [];
  const collect = (error: Error, attribution: Attribution): void => void errors.push({ error, app: attribution.app, attribution });
  // Alone, the collector is the error sink; with real reporting it sits beside the exception handler and
  // sees its warnings too.
  const errorSinks: Pick<RuntimeOptions, 'errorSink' | 'errorTaps'> = options.reporting
    ? { errorTaps: [{ capture: collect, warn: (_kind, error, attribution) => collect(error, attribution) } satisfies ErrorSink] }
    : { errorSink: { capture: collect } };
  const runtime = await Runtime.start({
    settings,
    logging: { console: false, transports: [new MemoryTransport(logs)] },
    appEntries: options.apps ?? settings.APPS,
    processNet: false,
    watchdogs: options.watchdogs ?? false,
    ...(options.cwd ? { apps: { cwd: options.cwd } } : {}),
    env: options.env ?? {},
    analytics: { firstPingDelayMs: 3_600_000, ...options.analytics },
    ...errorSinks,
    reporting: { sendTimeoutMs: 5000, backoffInitialMs: 50 },
    ...(options.database ? { database: options.database } : {}),
    ...(options.liveSettingsPollMs ? { liveSettingsPollMs: options.liveSettingsPollMs } : {}),
  }).catch(async (error: unknown) => {
    await scratch?.drop();
    throw error;
  });
  const failed = runtime.host.statuses().filter((status) => status.state === 'FAILED');
  if (failed.length > 0 && !options.allowFailedApps) {
    await runtime.stop();
    await scratch?.drop();
    rmSync(dataDir, { recursive: true, force: true });
    throw new PitwallError('PW_ERR_TEST_APP_FAILED', { failed: failed.map((status) => ({ id: status.id, reason: status.reason ?? 'no reason given' })) });
  }
  const sandbox = runtime.sandbox!;
  const nextEvent = <E extends keyof ServerEventMap>(event: E, predicate: (payload: ServerEventMap[E]) => boolean = () => true, ms = 5000) =>
    waitForEvent<ServerEventMap[E]>((listener) => runtime.events.on(event, listener), predicate, () => `Timed out after ${ms} ms waiting for the ${String(event)} event`, ms);
  return {
    ui: createTestUi(runtime, sandbox),
    runtime,
    sandbox,
    settings,
    dataDir: settings.DATA_DIR,
    errors,
    logs,
    state: (id) => runtime.host.status(id)?.state,
    status: (id) => runtime.host.status(id),
    emit: (event, payload) => runtime.events.emit(event, payload),
    waitFor: (predicate, what, ms = 5000) => waitFor(predicate, what, ms),
    nextEvent,
    async join(login, nickName = login, joinOptions = {}) {
      const seen = nextEvent('playerConnect', (payload) => payload.login === login);
      if (joinOptions.language) setSandboxPlayerLanguage(sandbox.world, login, joinOptions.language);
      sandbox.playerJoin(login, nickName, joinOptions.spectator ?? false);
      await seen;
    },
    async leave(login, reason = '') {
      const seen = nextEvent('playerDisconnect', (payload) => payload.login === login);
      sandbox.playerLeave(login, reason);
      await seen;
    },
    async chat(login, text) {
      const seen = nextEvent('playerChat', (payload) => payload.login === login && payload.text === text);
      sandbox.playerChat(login, text);
      await seen;
    },
    async finish(login, raceTimeMs) {
      const seen = nextEvent('playerFinish', (payload) => payload.login === login);
      sandbox.playerFinish(login, raceTimeMs);
      await seen;
    },
    async nextMap() {
      const seen = nextEvent('beginMap');
      sandbox.nextMap();
      await seen;
    },
    get chatLog() {
      return sandbox.chatLog;
    },
    waitForChat(match, ms = 5000) {
      const matches = (chat: SentChat): boolean => (typeof match === 'string' ? chat.text === match : match.test(chat.text));
      const already = sandbox.chatLog.find(matches);
      if (already) return Promise.resolve(already);
      const sent = (): string => JSON.stringify(sandbox.chatLog.map((chat) => chat.text));
      return waitForEvent<SentChat>((listener) => sandbox.onChat(listener), matches, () => `Timed out after ${ms} ms waiting for a chat line matching ${String(match)}; the apps sent: ${sent()}`, ms);
    },
    async grant(login, group) {
      // As the owner: an actor at the top level, there only for this grant.
      const owner = runtime.access.addActor('testing:owner', 'master');
      try {
        const change = await runtime.access.grant('testing:owner', login, group);
        if (runtime.access.memberOf(login)?.group !== group) throw new Error(`Cannot put ${login} in group ${group}: ${change.message}`);
      } finally {
        await owner.dispose();
      }
    },
    feedPreview(appId, error = sampleError()) {
      const app = runtime.container.resolve<AppRegistry>(AppRegistry).app(appId);
      const preview = runtime.exceptionHandler.previewFeed(error, { app: appId, appVersion: app?.version }, appId, undefined, { anyLevel: true });
      return typeof preview === 'string' ? preview : (preview.event as Record<string, unknown>);
    },
    async stop() {
      await runtime.stop();
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
