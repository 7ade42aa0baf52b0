import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import TransportStream from 'winston-transport';
import type { AppDefinition } from '../../core/apps/define.js';
import type { Attribution, ErrorSink } from '../../core/apps/error-sink.js';
import type { AppEntry, AppState, AppStatus } from '../../core/apps/host.js';
import { validateSettings } from '../../core/config/loader.js';
import type { Settings } from '../../core/config/schema.js';
import { Runtime, type RuntimeOptions } from '../../core/runtime.js';
import type { SandboxServer } from '../../core/sandbox/server.js';
import type { ServerEventMap } from '../../core/server/event-map.js';
import * as base from '../../settings/base.js';

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

export interface TestCore {
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
  /** Start the event-loop and heap watchdogs (a worker thread; off unless a test needs them). */
  watchdogs?: boolean;
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
  const settings = testSettings({ DATA_DIR: dataDir, ...options.settings });
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
    env: options.env ?? {},
    analytics: { firstPingDelayMs: 3_600_000, ...options.analytics },
    errorSink,
    reporting: { sendTimeoutMs: 5000, backoffInitialMs: 50 },
  });
  if (options.reporting) tapErrors(runtime, collect);
  return {
    runtime,
    sandbox: runtime.sandbox!,
    settings,
    dataDir: settings.DATA_DIR,
    errors,
    logs,
    state: (id) => runtime.host.status(id)?.state,
    status: (id) => runtime.host.status(id),
    emit: (event, payload) => runtime.events.emit(event, payload),
    waitFor: (predicate, what, ms = 5000) => waitFor(predicate, what, ms),
    async stop() {
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
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

/** A minimal valid app, with overrides. */
export function testApp(id: string, overrides: Partial<AppDefinition> = {}): AppDefinition {
  return { id, version: '1.0.0', init() {}, ...overrides };
}
