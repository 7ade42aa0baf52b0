import { backoffDelay } from '../backoff.js';
import type { Logger } from '../logging/logger.js';
import type { Outbox, OutboxItem } from './outbox.js';
import { RateLimits } from './rate-limits.js';
import type { EnvelopeTransport } from './transport.js';

export interface QueueOptions {
  /** First retry delay after a failure and its cap (exponential, with jitter). */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** Envelopes older than this are dropped instead of sent. */
  maxAgeMs?: number;
}

export interface QueueStats {
  sent: number;
  dropped: number;
  retries: number;
}

/**
 * Sends what an outbox holds, oldest first, one at a time: removes on 2xx, drops on 413 and other 4xx,
 * retries network errors and 5xx with backoff, and sends nothing while the server's rate limit lasts.
 * Each destination has its own queue, so one dead endpoint cannot hold up another.
 */
export class ReportQueue {
  readonly stats: QueueStats = { sent: 0, dropped: 0, retries: 0 };
  readonly rateLimits = new RateLimits();
  private failures = 0;
  private backoffUntil = 0;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private wokenWhileRunning = false;
  private stopped = false;
  private outage = false;
  private readonly options: Required<QueueOptions>;

  constructor(
    readonly name: string,
    readonly outbox: Outbox,
    private readonly transport: EnvelopeTransport,
    private readonly logger: Logger,
    options: QueueOptions = {},
  ) {
    this.options = { backoffInitialMs: 1000, backoffMaxMs: 5 * 60_000, maxAgeMs: 30 * 86_400_000, ...options };
  }

  /** Queues an envelope (on disk first) and starts sending. */
  enqueue(id: string, envelope: string): void {
    this.outbox.add(id, envelope);
    this.wake();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      // The round under way may already have looked at the outbox: another round follows it.
      this.wokenWhileRunning = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.pump().finally(() => {
      this.running = undefined;
      if (this.wokenWhileRunning) {
        this.wokenWhileRunning = false;
        this.wake();
      }
    });
  }

  /** Sends what is pending, ignoring backoff but not rate limits, for at most `ms`. */
  async flush(ms: number): Promise<void> {
    this.backoffUntil = 0;
    const deadline = Date.now() + ms;
    while (this.outbox.size > 0 && Date.now() < deadline && !this.stopped) {
      if (this.rateLimits.limitedUntil() > 0) return;
      this.wake();
      const round = this.running ?? Promise.resolve();
      const waited = await Promise.race([round.then(() => true), sleep(deadline - Date.now()).then(() => false)]);
      if (!waited || this.backoffUntil > Date.now()) return;
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async pump(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const item = this.outbox.peek();
      if (!item) return;
      if (Date.now() - item.createdAt > this.options.maxAgeMs) {
        this.drop(item, 'older than the retention period');
        continue;
      }
      const wait = Math.max(this.rateLimits.limitedUntil(), this.backoffUntil) - Date.now();
      if (wait > 0) {
        this.schedule(wait);
        return;
      }
      if (!(await this.sendOne(item))) return;
    }
  }

  /** Returns false when sending should pause (retry later). */
  private async sendOne(item: OutboxItem): Promise<boolean> {
    // A stored file that is not a sendable envelope is set aside by the outbox; the next one goes.
    const envelope = this.outbox.take(item);
    if (envelope === undefined) return true;
    const answer = await this.transport.send(envelope);
    if (answer.kind === 'network-error') return this.retry(`cannot reach ${this.transport.dsn.origin}: ${answer.reason}`);
    const { status, headers } = answer;
    const limited = this.rateLimits.update(status, headers);
    if (status >= 200 && status < 300) {
      this.outbox.remove(item);
      this.stats.sent++;
      this.recovered();
      return true;
    }
    if (status === 429 || limited) {
      const seconds = Math.ceil((this.rateLimits.limitedUntil() - Date.now()) / 1000);
      this.logger.warn(`Reports to ${this.transport.dsn.origin} are rate limited for ${seconds} s; ${this.outbox.size} waiting`, { label: 'reporting' });
      this.schedule(Math.max(0, this.rateLimits.limitedUntil() - Date.now()));
      return false;
    }
    if (status === 413) {
      this.drop(item, `${this.transport.dsn.origin} refused it as too large (413)`);
      return true;
    }
    if (status >= 400 && status < 500) {
      this.drop(item, `${this.transport.dsn.origin} refused it with HTTP ${status}; check REPORTING_DSN`);
      return true;
    }
    return this.retry(`${this.transport.dsn.origin} answered HTTP ${status}`);
  }

  private retry(reason: string): boolean {
    this.stats.retries++;
    this.failures++;
    const delay = backoffDelay(this.failures, { initialMs: this.options.backoffInitialMs, maxMs: this.options.backoffMaxMs });
    this.backoffUntil = Date.now() + delay;
    // Once per outage, not once per attempt.
    if (!this.outage) this.logger.warn(`Report queue '${this.name}': ${reason}; ${this.outbox.size} report(s) kept on disk, retrying`, { label: 'reporting' });
    this.outage = true;
    this.schedule(delay);
    return false;
  }

  private recovered(): void {
    if (this.outage) this.logger.info(`Report queue '${this.name}': sending again`, { label: 'reporting' });
    this.outage = false;
    this.failures = 0;
    this.backoffUntil = 0;
  }

  private drop(item: OutboxItem, reason: string): void {
    this.outbox.remove(item);
    this.stats.dropped++;
    this.logger.warn(`Report ${item.id} dropped: ${reason}`, { label: 'reporting' });
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), ms);
    this.timer.unref();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref());
}
