import { retryAfterMs } from '../retry-after.js';

/**
 * Server-side rate limits, as Sentry-protocol servers announce them: `X-Sentry-Rate-Limits` (per category)
 * or a plain `Retry-After` on 429. Reports carry events, whose category is "error".
 */

export const EVENT_CATEGORY = 'error';
const DEFAULT_RETRY_AFTER_MS = 60_000;

export class RateLimits {
  private readonly until = new Map<string, number>();

  /** Records the limits of a response; returns true when the event category is now limited. */
  update(status: number, headers: Record<string, string | string[] | undefined>, now = Date.now()): boolean {
    const sentryLimits = header(headers, 'x-sentry-rate-limits');
    if (sentryLimits) {
      for (const group of sentryLimits.split(',')) {
        const [seconds, categories = ''] = group.trim().split(':');
        const delay = Number.parseFloat(seconds ?? '');
        if (!Number.isFinite(delay)) continue;
        const names = categories.split(';').filter(Boolean);
        for (const name of names.length ? names : ['all']) this.extend(name, now + delay * 1000);
      }
    } else if (status === 429) {
      this.extend('all', now + (retryAfterMs(header(headers, 'retry-after'), now) ?? DEFAULT_RETRY_AFTER_MS));
    }
    return this.limitedUntil(EVENT_CATEGORY, now) > now;
  }

  /** When sending `category` is allowed again (0 or past: now). */
  limitedUntil(category: string = EVENT_CATEGORY, now = Date.now()): number {
    const until = Math.max(this.until.get(category) ?? 0, this.until.get('all') ?? 0);
    return until > now ? until : 0;
  }

  private extend(category: string, until: number): void {
    this.until.set(category, Math.max(this.until.get(category) ?? 0, until));
  }
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

