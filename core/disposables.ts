/** Something that can be undone: a registered handler, a timer, a command. */
export interface Disposable {
  dispose(): void | Promise<void>;
}

export function toDisposable(dispose: () => void | Promise<void>): Disposable {
  return { dispose };
}

/**
 * Collects what an app registered so it can all be removed when the app stops. Disposing runs every
 * disposer, newest first, even when some throw; the failures are returned, not thrown.
 */
export class DisposableStore {
  private readonly items = new Set<Disposable>();
  private disposed = false;

  get size(): number {
    return this.items.size;
  }

  add<T extends Disposable>(item: T): T {
    if (this.disposed) {
      void Promise.resolve().then(() => item.dispose());
      return item;
    }
    this.items.add(item);
    return item;
  }

  /** Forgets an item that was disposed on its own (e.g. a one-shot timer that fired). */
  delete(item: Disposable): void {
    this.items.delete(item);
  }

  async dispose(): Promise<unknown[]> {
    this.disposed = true;
    const failures: unknown[] = [];
    for (const item of [...this.items].reverse()) {
      try {
        await item.dispose();
      } catch (error) {
        failures.push(error);
      }
    }
    this.items.clear();
    return failures;
  }
}

/**
 * A Disposable that can also be called: what `onX(listener)` methods return where callers written against the
 * older "returns the unsubscribe function" form still call it.
 */
export type Subscription = Disposable & (() => void);

export function toSubscription(disposable: Disposable): Subscription {
  const unsubscribe = (): void => void disposable.dispose();
  return Object.assign(unsubscribe, { dispose: unsubscribe });
}

/**
 * A typed listener set: `on()` hands back the Disposable that removes the listener, so owners collect it in a
 * DisposableStore instead of keeping the function around to pass to an `off()`. `emit` calls the listeners
 * registered when it starts, in order; a listener that throws does not stop the others (the error goes to
 * `onListenerError`, or is rethrown once every listener ran when there is none).
 */
export class Emitter<T> {
  /**
   * Replaced on every change, never changed in place, so `emit` walks the list it started with without copying
   * it: emitting allocates nothing (it sits on the GBX callback path).
   */
  private listeners: readonly { readonly listener: (value: T) => void }[] = [];

  constructor(private readonly onListenerError?: (error: unknown) => void) {}

  get size(): number {
    return this.listeners.length;
  }

  on(listener: (value: T) => void): Disposable {
    // One entry per registration, so registering the same function twice gives two, each removable on its own.
    const entry = { listener };
    this.listeners = [...this.listeners, entry];
    return toDisposable(() => {
      if (this.listeners.includes(entry)) this.listeners = this.listeners.filter((each) => each !== entry);
    });
  }

  emit(value: T): void {
    const listeners = this.listeners;
    // With one listener and no error hook, the listener's own throw is already "rethrown after every listener ran".
    if (listeners.length === 1 && !this.onListenerError) return listeners[0]!.listener(value);
    let failure: { error: unknown } | undefined;
    for (const entry of listeners) {
      try {
        entry.listener(value);
      } catch (error) {
        if (this.onListenerError) this.onListenerError(error);
        else failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }

  /** Removes every listener (the owner is shutting down). */
  clear(): void {
    this.listeners = [];
  }
}
