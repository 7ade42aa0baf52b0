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
import TransportStream from 'winston-transport';
import type { Attribution, ErrorSink } from './apps/error-sink.js';
import type { AppEntry, AppState, AppStatus } from './apps/host.js';
import { validateSettings } from './config/loader.js';
import type { Settings } from './config/schema.js';
import { Runtime, type RuntimeOptions } from './runtime.js';
import type { SandboxServer, SentChat } from './sandbox/server.js';
import { SandboxManialinks, type SandboxElement } from './sandbox/manialinks.js';
import type { AnswerOutcome } from './ui/manager.js';
import { AppRegistry } from './apps/registry.js';
import { sampleError } from './reporting/preview.js';
import type { ServerEventMap } from './server/event-map.js';
import * as base from '../settings/base.js';
import { openDatabase, type Database } from './storage/database.js';
import { createScratchDatabase, type ScratchDatabase } from './storage/scratch.js';

export interface CapturedError {
  error: Error;
  app: string;
  attribution: Attribution;
}

export interface LogEntry {
  level: string;
  message: string;
  label?: string;
}

/** A ManiaLink page a simulated player has on screen. */
export interface VisiblePage {
  /** The full page id, e.g. `pitwall.records.widget`. */
  id: string;
  xml: string;
  /** The `text` of every label, in document order, unescaped. */
  texts: string[];
  /** Every element with its attributes, in document order. */
  elements: SandboxElement[];
}

/** What players see of the apps' ManiaLink pages, and their clicks. */
export interface TestUi {
  visible(login: string): VisiblePage[];
  /** One page by its id (`pitwall.<app>.<id>`), or undefined when `login` does not see it. */
  page(login: string, id: string): VisiblePage | undefined;
  /**
   * `login` clicks an element, named by its action or its `id` attribute, with entries typed into the page's
   * fields; resolves with what the controller did once the app's handler has finished.
   */
  click(login: string, target: string, entries?: Record<string, string>): Promise<AnswerOutcome['outcome']>;
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
  /** A player joins; resolves once the apps' playerConnect handlers have been called. */
  join(login: string, nickName?: string, options?: { spectator?: boolean }): Promise<void>;
  /** A player leaves; resolves once the apps' playerDisconnect handlers have been called. */
  leave(login: string, reason?: string): Promise<void>;
  /** A player types in the chat (a `/command` too); resolves once the apps' playerChat handlers have been called. */
  chat(login: string, text: string): Promise<void>;
  /** A player crosses the finish line (the Trackmania.Event.WayPoint script callback). */
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
}

/** In-memory winston transport for asserting on log lines. */
export class MemoryTransport extends TransportStream {
  constructor(private readonly entries: LogEntry[]) {
    super();
  }

  override log(info: Record<string, unknown>, next: () => void): void {
    this.entries.push({ level: String(info.level), message: String(info.message), label: info.label as string | undefined });
    next();
  }
}

/** Starts a real core with a temp DATA_DIR, collecting errors and logs. */
export async function startTestCore(options: TestCoreOptions = {}): Promise<TestCore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-test-'));
  const testDatabaseUrl = process.env.PITWALL_TEST_DATABASE_URL;
  let scratch: ScratchDatabase | undefined;
  if (testDatabaseUrl && !options.database && options.settings?.DATABASE_URL === undefined) scratch = await createScratchDatabase(testDatabaseUrl);
  const settings = testSettings({ DATA_DIR: dataDir, ...(scratch ? { DATABASE_URL: scratch.url } : {}), ...options.settings });
  const errors: CapturedError[] = [];
  const logs: LogEntry[] = [];
  const collect: ErrorSink = {
    capture: (error, attribution) => errors.push({ error, app: attribution.app, attribution }),
  };
  // With real reporting, errors still reach `errors` through a tap on the handler.
  let errorSink: ErrorSink | undefined = collect;
  if (options.reporting) errorSink = undefined;
  const runtime = await Runtime.start({
    settings,
    logging: { console: false, transports: [new MemoryTransport(logs)] },
    appEntries: options.apps ?? settings.APPS,
    processNet: false,
    watchdogs: options.watchdogs ?? false,
    ...(options.cwd ? { apps: { cwd: options.cwd } } : {}),
    env: options.env ?? {},
    analytics: { firstPingDelayMs: 3_600_000, ...options.analytics },
    errorSink,
    reporting: { sendTimeoutMs: 5000, backoffInitialMs: 50 },
    ...(options.database ? { database: options.database } : {}),
    ...(options.liveSettingsPollMs ? { liveSettingsPollMs: options.liveSettingsPollMs } : {}),
  }).catch(async (error: unknown) => {
    await scratch?.drop();
    throw error;
  });
  if (options.reporting) tapErrors(runtime, collect);
  const sandbox = runtime.sandbox!;
  const nextEvent = <E extends keyof ServerEventMap>(event: E, predicate: (payload: ServerEventMap[E]) => boolean = () => true, ms = 5000) =>
    new Promise<ServerEventMap[E]>((resolve, reject) => {
      const timer = setTimeout(() => {
        subscription.dispose();
        reject(new Error(`Timed out after ${ms} ms waiting for the ${String(event)} event`));
      }, ms);
      const subscription = runtime.events.on(event, (payload) => {
        if (!predicate(payload)) return;
        clearTimeout(timer);
        void subscription.dispose();
        resolve(payload);
      });
    });
  const visible = (login: string): VisiblePage[] =>
    sandbox.manialinks.pages(login).map(({ id, xml }) => {
      const elements = SandboxManialinks.elements(xml);
      const texts = elements.filter((element) => element.tag === 'label' && element.attributes.text !== undefined).map((element) => element.attributes.text!);
      return { id, xml, texts, elements };
    });
  const ui: TestUi = {
    visible,
    page: (login, id) => visible(login).find((page) => page.id === id),
    click(login, target, entries) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          stopListening();
          reject(new Error(`Timed out after 5000 ms waiting for ${login}'s click on '${target}' to be handled`));
        }, 5000);
        let answer = '';
        const stopListening = runtime.ui.onAnswer((outcome) => {
          if (outcome.login !== login || outcome.answer !== answer) return;
          stopListening();
          clearTimeout(timer);
          void outcome.done.then(() => resolve(outcome.outcome));
        });
        try {
          answer = sandbox.manialinks.click(login, target, entries).answer;
          sandbox.playerClick(login, target, entries);
        } catch (error) {
          stopListening();
          clearTimeout(timer);
          reject(error as Error);
        }
      });
    },
  };
  return {
    ui,
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
      const seen = nextEvent('modeScript', (payload) => payload.name === 'Trackmania.Event.WayPoint' && (payload.data as { login?: string }).login === login);
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
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          stopListening();
          reject(new Error(`Timed out after ${ms} ms waiting for a chat line matching ${String(match)}; the apps sent: ${JSON.stringify(sandbox.chatLog.map((chat) => chat.text))}`));
        }, ms);
        const stopListening = sandbox.onChat((chat) => {
          if (!matches(chat)) return;
          clearTimeout(timer);
          stopListening();
          resolve(chat);
        });
      });
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

/**
 * A fresh database on its own, to share between test cores (`startTestCore({ database })`) or to query
 * directly: SQLite in a temp folder, or a new database on PITWALL_TEST_DATABASE_URL's PostgreSQL server.
 * close() closes it and removes the folder or drops the database.
 */
export async function openTestDatabase(): Promise<{ database: Database; close(): Promise<void> }> {
  const testDatabaseUrl = process.env.PITWALL_TEST_DATABASE_URL;
  if (testDatabaseUrl) {
    const scratch = await createScratchDatabase(testDatabaseUrl);
    const database = await openDatabase(scratch.url, '.');
    return { database, close: async () => (await database.close(), await scratch.drop()) };
  }
  const folder = mkdtempSync(join(tmpdir(), 'pitwall-db-'));
  const database = await openDatabase('', folder);
  return { database, close: async () => (await database.close(), rmSync(folder, { recursive: true, force: true })) };
}

/** Settings for a test core: sandbox on a free port with no simulated activity, nothing sent anywhere. */
export function testSettings(overrides: Partial<Settings> & { DATA_DIR: string }): Settings {
  return validateSettings({
    ...structuredClone(baseSettings()),
    SANDBOX: true,
    SANDBOX_ACTIVITY: { enabled: false, intervalMs: 1000, maxPlayers: 8 },
    DEDICATED: { host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'test-password' },
    ANALYTICS: false,
    LOGGING_REPORTING: 0,
    APPS: [],
    ...overrides,
  });
}

/** Lets a test see every error the real exception handler receives. */
function tapErrors(runtime: Runtime, collect: ErrorSink): void {
  const handler = runtime.exceptionHandler;
  const capture = handler.capture.bind(handler);
  const warn = handler.warn.bind(handler);
  handler.capture = (error, attribution) => {
    collect.capture(error, attribution);
    capture(error, attribution);
  };
  handler.warn = (kind, error, attribution) => {
    collect.capture(error, attribution);
    warn(kind, error, attribution);
  };
}

export function baseSettings(): Record<string, unknown> {
  return Object.fromEntries(Object.entries(base));
}

/** Polls `predicate` each macrotask until it holds; fails naming `what` after `ms`. */
export async function waitFor(predicate: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
