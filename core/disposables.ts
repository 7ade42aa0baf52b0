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
 * A typed listener set: `on()` hands back the Disposable that removes the listener, so owners collect it in a
 * DisposableStore instead of keeping the function around to pass to an `off()`. `emit` calls the listeners
 * registered when it starts, in order; a listener that throws does not stop the others (the error goes to
 * `onListenerError`, or is rethrown once every listener ran when there is none).
 */
export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  constructor(private readonly onListenerError?: (error: unknown) => void) {}

  get size(): number {
    return this.listeners.size;
  }

  on(listener: (value: T) => void): Disposable {
    // Wrapped so that registering the same function twice gives two registrations, each removable on its own.
    const entry = (value: T): void => listener(value);
    this.listeners.add(entry);
    return toDisposable(() => void this.listeners.delete(entry));
  }

  emit(value: T): void {
    if (this.listeners.size === 0) return;
    let failure: { error: unknown } | undefined;
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        if (this.onListenerError) this.onListenerError(error);
        else failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }

  /** Removes every listener (the owner is shutting down). */
  clear(): void {
    this.listeners.clear();
  }
}
