import { join } from 'node:path';
import { inject, injectable } from 'tsyringe';
import type { AppInfo } from '../apps/registry.js';
import { parseDsn } from '../config/dsn.js';
import { Settings } from '../config/schema.js';
import { Logger } from '../logging/logger.js';
import { ReportDestination, type DestinationConfig } from './destination.js';
import { ReportingOptions } from './options.js';

export const OUTBOX_LIMITS = { maxFiles: 500, maxBytes: 20 * 1024 * 1024 };
const PRUNE_EVERY_MS = 6 * 3_600_000;
const RATE_LOG_EVERY_MS = 60_000;

/**
 * The destinations of one controller: the core DSN (or the local reports folder) from level 1, and at level 3
 * one per app feed, made when that app's first error comes. Owns their timers (retention, the per-minute
 * cap's log line); start() and stop() are explicit, the constructor only reads settings.
 */
@injectable()
export class ReportDestinations {
  /** Where core reports go; none at level 0. */
  readonly core?: ReportDestination;
  private readonly feeds = new Map<string, ReportDestination>();
  private timers: NodeJS.Timeout[] = [];
  private started = false;

  constructor(
    @inject(Settings) private readonly settings: Settings,
    @inject(Logger) private readonly logger: Logger,
    @inject(ReportingOptions) private readonly options: ReportingOptions,
  ) {
    if (settings.LOGGING_REPORTING === 0) return;
    const dsn = settings.REPORTING_DSN ? parseDsn(settings.REPORTING_DSN) : undefined;
    this.core = new ReportDestination(
      this.config('core', 'core', typeof dsn === 'object' ? dsn : undefined, { localFolder: join(settings.DATA_DIR, 'reports') }),
      logger,
    );
  }

  start(): void {
    if (this.started || !this.core) return;
    this.started = true;
    this.core.start();
    const prune = (): void => {
      for (const destination of this.all()) destination.prune(this.settings.REPORTING_RETENTION_DAYS);
    };
    prune();
    this.timers.push(setInterval(prune, PRUNE_EVERY_MS).unref(), setInterval(() => this.logRateDrops(), RATE_LOG_EVERY_MS).unref());
  }

  /** The feed of `app` (level 3, the app asked for one and the owner allows it), made on first use. */
  feed(app: AppInfo & { reporting: { dsn: string } }): ReportDestination | undefined {
    const existing = this.feeds.get(app.id);
    if (existing) return existing;
    const dsn = parseDsn(app.reporting.dsn);
    if (typeof dsn === 'string') return undefined;
    const feed = new ReportDestination(
      this.config(`feed ${app.id}`, `feed-${app.id}`, dsn, { auditFile: join(this.settings.DATA_DIR, 'feeds', `${app.id}.ndjson`) }),
      this.logger,
    );
    this.feeds.set(app.id, feed);
    if (this.started) feed.start();
    return feed;
  }

  async flush(ms: number): Promise<void> {
    await Promise.all(this.all().map((destination) => destination.flush(ms)));
  }

  stop(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    for (const destination of this.all()) destination.stop();
    this.started = false;
  }

  logRateDrops(): void {
    for (const destination of this.all()) {
      const dropped = destination.takeRateDropped();
      if (dropped) this.logger.warn(`${dropped} report(s) to ${destination.config.name} not sent in the last minute: over REPORTING_MAX_PER_MINUTE`, { label: 'reporting' });
    }
  }

  private all(): ReportDestination[] {
    return [...(this.core ? [this.core] : []), ...this.feeds.values()];
  }

  private config(name: string, folder: string, dsn: DestinationConfig['dsn'], extra: Pick<DestinationConfig, 'localFolder' | 'auditFile'>): DestinationConfig {
    const { settings, options } = this;
    return {
      name,
      dsn,
      outboxFolder: join(settings.DATA_DIR, 'outbox', folder),
      perMinute: settings.REPORTING_MAX_PER_MINUTE,
      limits: OUTBOX_LIMITS,
      // The core queue and every feed's queue retry and expire alike.
      queue: { maxAgeMs: settings.REPORTING_RETENTION_DAYS * 86_400_000, ...(options.backoffInitialMs ? { backoffInitialMs: options.backoffInitialMs } : {}) },
      sendTimeoutMs: options.sendTimeoutMs,
      ...extra,
    };
  }
}
