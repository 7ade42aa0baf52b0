import { toDisposable, type Disposable } from '../disposables.js';

export type Listener<T> = (payload: T) => void;

/**
 * A typed event hub. Listeners run synchronously in registration order; one throwing listener does not stop
 * the others (app listeners are already wrapped by the app host and never throw).
 */
export class EventBus<M extends object> {
  private readonly listeners = new Map<keyof M, Listener<never>[]>();

  /** `onListenerError` receives what a core listener throws (app listeners are wrapped and never throw). */
  constructor(private readonly onListenerError: (error: unknown, event: keyof M) => void) {}

  on<E extends keyof M>(event: E, listener: Listener<M[E]>): Disposable {
    // Copy-on-write: emit() iterates a snapshot without allocating.
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener as Listener<never>]);
    return toDisposable(() => {
      const current = this.listeners.get(event) ?? [];
      const index = current.indexOf(listener as Listener<never>);
      if (index >= 0) this.listeners.set(event, current.filter((_, at) => at !== index));
    });
  }

  emit<E extends keyof M>(event: E, payload: M[E]): void {
    const listeners = this.listeners.get(event) as Listener<M[E]>[] | undefined;
    if (!listeners) return;
    for (const listener of listeners) {
      try {
        listener(payload);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }
}

/** DI token for the hub of server events apps listen to. */
export const ServerEvents = Symbol('ServerEvents');
export type ServerEvents = EventBus<import('./event-map.js').ServerEventMap>;
