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
