import { createHook, executionAsyncResource } from 'node:async_hooks';
import { toDisposable, type Disposable } from './disposables.js';
import type { Attribution } from './apps/error-sink.js';

/**
 * Which app's code runs now, and which app's code made the async work that runs now, for the whole process:
 * the attribution of an error thrown in a timer, a promise or a socket callback an app started.
 *
 * AsyncLocalStorage would answer the same, but entering its scope costs more per call than an event's whole
 * dispatch. Here entering is one write (`current.entry`, restored by the caller). One async_hooks `init` hook
 * gives every async resource made while an app's entry is current (or made by a callback of a resource that
 * has one) that entry, the way AsyncLocalStorage itself propagated its store before Node's async context
 * frames. Code the core runs for an app but that is not the app's (a client's request timer) runs in
 * `outsideApps`.
 */
export interface ScopeEntry {
  /** The fault boundary the attribution belongs to: several controllers in one process never see each other's. */
  readonly owner: object;
  readonly attribution: Attribution;
}

const SCOPE = Symbol('pitwall.scope');
type Tagged = { [SCOPE]?: ScopeEntry };

/** The entry of the app code running synchronously now; whoever sets it restores the one before. */
export const current: { entry: ScopeEntry | undefined } = { entry: undefined };

/** The entry that owns the code running now: the one set here, else the one the running async resource was made under. */
export function entryNow(): ScopeEntry | undefined {
  return current.entry ?? (executionAsyncResource() as Tagged)[SCOPE];
}

/** Runs `fn` as no app's: what it makes async (a timer, a socket) is the core's, whoever's call led to it. */
export function outsideApps<T>(fn: () => T): T {
  const outer = current.entry;
  current.entry = undefined;
  try {
    return fn();
  } finally {
    current.entry = outer;
  }
}

type TimerListener = (timer: NodeJS.Timeout, entry: ScopeEntry | undefined) => void;
const timerListeners = new Set<TimerListener>();
let holders = 0;
const hook = createHook({
  init(_asyncId, type, _trigger, resource) {
    const entry = entryNow();
    if (entry !== undefined) (resource as Tagged)[SCOPE] = entry;
    if (type === 'Timeout') for (const listener of timerListeners) listener(resource as NodeJS.Timeout, entry);
  },
});

/**
 * Keeps the process's one hook enabled while anything holds it (each running controller does), and tells
 * `onTimer` of every timer created, with the entry it was created under.
 */
export function holdAsyncScopes(onTimer?: TimerListener): Disposable {
  if (holders++ === 0) hook.enable();
  if (onTimer) timerListeners.add(onTimer);
  let held = true;
  return toDisposable(() => {
    if (!held) return;
    held = false;
    if (onTimer) timerListeners.delete(onTimer);
    if (--holders === 0) hook.disable();
  });
}
