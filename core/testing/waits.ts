import type { Disposable } from '../disposables.js';

/** Polls `predicate` each macrotask until it holds; fails naming `what` after `ms`. */
export async function waitFor(predicate: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A subscription as the core hands them out: a Disposable, or a function that unsubscribes. */
type Subscription = Disposable | (() => void);

/**
 * The first value `subscribe` delivers that `matches` accepts; rejects with `timeoutMessage()` after `ms`.
 * The listener is removed either way.
 */
export function waitForEvent<T>(subscribe: (listener: (value: T) => void) => Subscription, matches: (value: T) => boolean, timeoutMessage: () => string, ms = 5000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let subscription: Subscription | undefined;
    let settled = false;
    const unsubscribe = (): void => {
      if (typeof subscription === 'function') subscription();
      else void subscription?.dispose();
    };
    const timer = setTimeout(() => {
      settled = true;
      unsubscribe();
      reject(new Error(timeoutMessage()));
    }, ms);
    subscription = subscribe((value) => {
      if (settled || !matches(value)) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    });
    // A subscription that delivered synchronously before it was returned is removed now.
    if (settled) unsubscribe();
  });
}
