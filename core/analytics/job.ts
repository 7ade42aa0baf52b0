import { createHash } from 'node:crypto';
import { CronJob } from 'cron';
import type { Settings } from '../config/schema.js';
import type { Logger } from '../logging/logger.js';
import type { PingSources } from './fields.js';
import { InstallId } from './install-id.js';
import { buildPing, PingSender, type PingResult } from './ping.js';

export interface AnalyticsJobOptions {
  settings: Settings;
  logger: Logger;
  /** Live state, read at each ping. */
  sources: () => Omit<PingSources, 'installId'>;
  /** Delay of the first ping after start (default: 30 to 90 s). */
  firstPingDelayMs?: number;
  clock?: () => Date;
  sender?: PingSender;
  /** Masks configured secrets (ANALYTICS_KEY) in the pings kept on disk when ANALYTICS_URL is empty. */
  redactLocalCopy?: (json: string) => string;
}

const MAX_JITTER_MS = 55 * 60_000;

/**
 * The per-install delay after each scheduled time, so installs do not all ping at :00. Derived from the
 * install id, so it is stable for one install and spread across installs; always under 90 % of the period.
 */
export function jitterFor(installId: string, periodMs: number): number {
  const span = Math.max(1, Math.min(MAX_JITTER_MS, Math.floor(periodMs * 0.9)));
  return createHash('sha256').update(installId).digest().readUInt32BE(0) % span;
}

/** Pings on ANALYTICS_SCHEDULE (cron), plus one shortly after start; a ping never overlaps the previous. */
export class AnalyticsJob {
  private cron?: CronJob;
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight?: Promise<PingResult>;
  private readonly installId: InstallId;
  readonly sender: PingSender;

  constructor(private readonly options: AnalyticsJobOptions) {
    this.installId = new InstallId(options.settings.DATA_DIR, (message) => options.logger.warn(message, { label: 'analytics' }));
    this.sender = options.sender ?? new PingSender(options.settings, options.logger, { redactLocalCopy: options.redactLocalCopy });
  }

  start(): void {
    this.cron = CronJob.from({ cronTime: this.options.settings.ANALYTICS_SCHEDULE, onTick: () => this.afterJitter(), start: true, unrefTimeout: true });
    this.later(this.options.firstPingDelayMs ?? 30_000 + Math.random() * 60_000, () => void this.tick());
  }

  stop(): void {
    void this.cron?.stop();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /**
   * The ping that would be sent now, built from live state (`pitwall analytics preview`). `installId`
   * replaces the stored id, so a preview with analytics off writes nothing.
   */
  preview(installId?: string, override: Partial<Omit<PingSources, 'installId'>> = {}): ReturnType<typeof buildPing> {
    return buildPing(this.options.settings, { ...this.options.sources(), ...override, installId: installId ?? this.installId.get() }, this.now());
  }

  /** Pings now, unless the previous ping is still running (then this tick is skipped). */
  tick(): Promise<PingResult | 'skipped'> {
    if (this.inFlight) return Promise.resolve('skipped');
    const ping = (async () => {
      try {
        return await this.sender.send(this.preview(), this.now().getTime());
      } catch (error) {
        this.options.logger.warn(`Analytics ping failed: ${(error as Error).message}`, { label: 'analytics' });
        return 'failed' as const;
      }
    })();
    this.inFlight = ping;
    void ping.finally(() => (this.inFlight = undefined));
    return ping;
  }

  /** Milliseconds between two scheduled times. */
  periodMs(): number {
    const [first, second] = (this.cron ?? CronJob.from({ cronTime: this.options.settings.ANALYTICS_SCHEDULE, onTick: () => undefined })).nextDates(2);
    return second!.toMillis() - first!.toMillis();
  }

  private afterJitter(): void {
    this.later(jitterFor(this.installId.get(), this.periodMs()), () => void this.tick());
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}
