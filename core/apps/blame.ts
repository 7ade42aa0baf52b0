import type { Attribution } from './error-sink.js';

const blamed = new WeakMap<object, Attribution>();

/**
 * Marks an error as the fault of `attribution`, whoever's code it surfaced in: a process-wide function an
 * app replaced (setTimeout, process.stdout.write) fails in its callers, but the fault is the replacer's.
 */
export function blame(error: unknown, attribution: Attribution): void {
  if (typeof error === 'object' && error !== null && !blamed.has(error)) blamed.set(error, attribution);
}

export function blamedOn(error: unknown): Attribution | undefined {
  return typeof error === 'object' && error !== null ? blamed.get(error) : undefined;
}
