/** How long queued tasks may run back to back before the queue lets the event loop take a turn. */
export const SLICE_MS = 5;

/**
 * Runs tasks one after another, letting the event loop take a turn whenever they have run SLICE_MS: a burst
 * of finishes (hundreds arriving in one read from the server) is worked through between other players'
 * commands, instead of in one long stretch of microtasks that nothing else can interrupt. A task queued while
 * the queue is idle starts a slice and runs at once: a lone finish waits no turn. Each task's promise is the
 * caller's, so an error stays with the handler that queued it.
 */
export class TurnQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private sliceStart = Number.NEGATIVE_INFINITY;
  private queued = 0;

  run<T>(task: () => Promise<T> | T): Promise<T> {
    if (this.queued === 0) this.sliceStart = performance.now();
    this.queued++;
    const result = this.tail.then(() => this.turnIfDue()).then(task);
    this.tail = result.catch(() => undefined).finally(() => this.queued--);
    return result;
  }

  private async turnIfDue(): Promise<void> {
    if (performance.now() - this.sliceStart < SLICE_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.sliceStart = performance.now();
  }
}
