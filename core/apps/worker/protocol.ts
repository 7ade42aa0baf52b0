/**
 * The messages between the controller and an app running in a worker thread (`isolation: 'worker'`). Only
 * structured-cloneable data crosses: functions stay on their side and are named by a numeric key.
 */

/** An error as it crosses the port: enough to rebuild it for the exception pipeline. */
export interface WireError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
}

/** What the worker learned from the app's module: its definition without the functions. */
export interface WireDefinition {
  id: string;
  version: string;
  description?: string;
  dependsOn?: string[];
  uses?: string[];
  settings?: Record<string, unknown>;
  reporting?: { dsn: string; contact?: string };
  messages?: Record<string, unknown>;
  hooks: { start: boolean; stop: boolean };
}

/** The part of the server's state an app reads synchronously (ctx.server.players, info, currentMap). */
export interface WireServerState {
  info: unknown;
  players: [string, unknown][];
  currentMap: unknown;
}

/** A chat command's spec with each handler replaced by its key. */
export interface WireCommandSpec {
  name: string;
  [option: string]: unknown;
}

export type ToWorker =
  | { t: 'hook'; seq: number; hook: 'init' | 'start' | 'stop'; settings: Record<string, unknown>; dataDir: string; state: WireServerState }
  /** `state` only when it changed since the worker last got it (see StateMirror). */
  | { t: 'event'; name: string; payload: unknown; state?: WireServerState }
  | { t: 'command'; seq: number; key: number; call: { login: string; name: string; args: string[]; text: string; params?: unknown }; state?: WireServerState }
  | { t: 'settings'; settings: Record<string, unknown>; change: { key: string; value: unknown; previous: unknown; changedBy: string } }
  | { t: 'answer'; seq: number; ok: true; value: unknown }
  | { t: 'answer'; seq: number; ok: false; error: WireError }
  /** A click on one of the app's page actions, or another handler the worker registered by key. */
  | { t: 'invoke'; seq: number; key: number; payload: unknown }
  | { t: 'ping'; seq: number };

export type FromWorker =
  | { t: 'ready'; definition: WireDefinition }
  | { t: 'load-failed'; error: WireError }
  | { t: 'done'; seq: number; ok: true; value?: unknown }
  | { t: 'done'; seq: number; ok: false; error: WireError }
  /** A call the app makes: `target` is the ctx itself, its server, or the command call `seq` (reply). */
  | { t: 'call'; seq: number; target: 'ctx' | 'server' | 'call'; callSeq?: number; method: string; args: unknown[] }
  | { t: 'log'; level: string; label: string; message: string; fields?: Record<string, unknown> }
  | { t: 'error'; error: WireError; event?: { name: string; payload?: unknown }; hook?: string }
  | { t: 'on'; key: number; event: string }
  | { t: 'command-register'; key: number; spec: WireCommandSpec | string; options?: Record<string, unknown>; handlers: Record<string, number> }
  | { t: 'settings-listen'; key: number }
  | { t: 'unregister'; key: number }
  | { t: 'pong'; seq: number };

/** A page's markup as rendered in the worker (escaped there): its XML and, per action slot, a handler key. */
export interface WireMarkup {
  xml: string;
  actions: { slot: number; key: number; level?: string; admin?: boolean }[];
}

/** What the host hands the worker at start (workerData). */
export interface WorkerStart {
  /** The module's specifier (a file URL or a package name) and the APPS entry it came from. */
  specifier: string;
  entry: string;
  hookTimeoutMs: number;
  /** The controller's DATABASE_URL and DATA_DIR: the worker opens its own connection for ctx.db. */
  database: { url: string; dataDir: string };
}

export function toWire(thrown: unknown): WireError {
  if (thrown instanceof Error) {
    const code = (thrown as { code?: unknown }).code;
    return { name: thrown.name, message: thrown.message, ...(thrown.stack ? { stack: thrown.stack } : {}), ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: `a non-Error value was thrown: ${String(thrown).slice(0, 300)}` };
}

/** Rebuilds an error that crossed the port, keeping its name, stack and code. */
export function fromWire(wire: WireError): Error {
  const error = new Error(wire.message);
  error.name = wire.name;
  if (wire.stack) error.stack = wire.stack;
  if (wire.code) (error as { code?: string }).code = wire.code;
  return error;
}
