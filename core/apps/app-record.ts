import { DisposableStore } from '../disposables.js';
import type { AppContext, AppDefinition, AppIsolation } from './define.js';
import type { Attribution } from './error-sink.js';
import type { AppsEntry } from './load.js';
import type { SwapHold } from './swap-hold.js';
import type { WorkerApp } from './worker/host-side.js';

export type AppState = 'REGISTERED' | 'STARTING' | 'RUNNING' | 'STOPPING' | 'STOPPED' | 'FAILED';

export interface AppStatus {
  id: string;
  version: string;
  state: AppState;
  /** 'worker' when its code runs in a worker thread of its own; absent for an app in the controller's thread. */
  isolation?: 'worker';
  /** Why the app failed, when it did. */
  reason?: string;
}

export type Hook = 'init' | 'start' | 'stop';

/**
 * An APPS entry (bundled id, package name, module path, or `{ id, isolation, heapMb }`) or, for embedding and
 * tests, a definition (which always runs in process).
 */
export type AppEntry = AppsEntry | AppDefinition;

/** What the host keeps of one app: where it came from, its state, its code and ctx, its worker and restarts. */
export interface AppRecord {
  id: string;
  entry: string;
  version: string;
  state: AppState;
  reason?: string;
  definition?: AppDefinition;
  attribution: Attribution;
  store: DisposableStore;
  ctx?: AppContext;
  exports?: unknown;
  folder?: string;
  isolation: AppIsolation;
  worker?: WorkerApp;
  /** Restarts spent after the app's worker ended (APP_RESTART.attempts), and the one waiting, if any. */
  restarts: number;
  restartTimer?: NodeJS.Timeout;
  /** The owner's heapMb for its worker, if any. */
  heapMb?: number;
  /** When it last became RUNNING (ms since 1970). */
  startedAt?: number;
  /** How many times it was reloaded (each in-process reload imports a new module instance). */
  reloads: number;
  /**
   * Open while the app is STARTING or RUNNING: its handlers run only then (read per event, so a flag, not a
   * state test). Each version of a reloaded app gets a gate of its own, so the old one stays closed.
   */
  gate: AppGate;
}

/** Whether an app's handlers may run now. */
export interface AppGate {
  readonly active: boolean;
  /** Whether the app may register handlers, pages and timers (while STARTING or RUNNING); `active` if absent. */
  readonly accepting?: boolean;
  /** While a reload swaps the app's versions: its handlers do not run, their calls wait here instead. */
  readonly hold?: SwapHold;
}

/** Moves the app to `state`, opening or closing its gate with it (a held gate opens when its hold ends). */
export function setState(record: AppRecord, state: AppState): void {
  record.state = state;
  const gate = record.gate as { active: boolean; accepting?: boolean; hold?: SwapHold };
  gate.accepting = state === 'STARTING' || state === 'RUNNING';
  gate.active = gate.accepting && gate.hold === undefined;
}

/** A REGISTERED record for an APPS entry or an inline definition; `asked` is the entry, absent for a definition. */
export function newRecord(given: AppEntry): { record: AppRecord; asked: Exclude<AppsEntry, string> | undefined; entry: string } {
  const inline = typeof given === 'object' && typeof (given as { init?: unknown }).init === 'function';
  const asked = inline ? undefined : typeof given === 'string' ? { id: given } : (given as Exclude<AppsEntry, string>);
  const entry = asked ? asked.id : `<inline app ${String((given as { id?: unknown }).id)}>`;
  const record: AppRecord = {
    id: asked ? asked.id : String((given as { id?: unknown }).id),
    entry,
    version: '0.0.0',
    state: 'REGISTERED',
    attribution: { app: entry },
    store: new DisposableStore(),
    isolation: asked?.isolation ?? 'process',
    restarts: 0,
    reloads: 0,
    // Every gate has the same three fields from the start: the per-event read of `active` stays monomorphic.
    gate: { active: false, accepting: false, hold: undefined },
    ...(asked?.heapMb !== undefined ? { heapMb: asked.heapMb } : {}),
  };
  return { record, asked, entry };
}
