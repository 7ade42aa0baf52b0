/** Where a retry delay starts and where it stops growing. */
export interface BackoffLimits {
  initialMs: number;
  maxMs: number;
}

/**
 * The wait before retry number `attempt` (1 for the first): doubling from `initialMs`, capped at `maxMs`, then
 * spread by +-25 % so that many clients that failed together do not all come back at the same moment.
 */
export function backoffDelay(attempt: number, limits: BackoffLimits, random: () => number = Math.random): number {
  const base = Math.min(limits.maxMs, limits.initialMs * 2 ** (attempt - 1));
  return Math.round(base * (0.75 + random() * 0.5));
}
