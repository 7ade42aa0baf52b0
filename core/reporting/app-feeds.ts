import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { capLineFile } from './disk-bounds.js';
import { join } from 'node:path';
import type { Attribution } from '../apps/error-sink.js';
import type { AppInfo } from '../apps/registry.js';
import { parseDsn, type Dsn } from '../config/dsn.js';
import type { Settings } from '../config/schema.js';
import type { Logger } from '../logging/logger.js';
import { serializeEnvelope } from './envelope.js';
import { FeedBuilder, type FeedSources } from './feed.js';
import { Outbox, rejectionMessage, type OutboxLimits } from './outbox.js';
import { ReportQueue, type QueueOptions } from './queue.js';
import type { Redactor } from './redact.js';
import type { SentryEvent } from './report.js';
import { ReportRate } from './storm.js';
import { EnvelopeTransport } from './transport.js';

interface Feed {
  queue: ReportQueue;
  rate: ReportRate;
}

/** Each app's audit file in DATA_DIR/feeds is kept under this size (oldest lines go first). */
export const FEED_AUDIT_MAX_BYTES = 5 * 1024 * 1024;

/**
 * Level-3 feeds: each opted-in app's errors, filtered, to the app developers' own DSN. Every app has its own
 * outbox, queue and rate cap, so one app's dead DSN or error storm cannot hold up core reports or other
 * feeds. Each report is also appended, exactly as sent, to DATA_DIR/feeds/<app>.ndjson for the owner to audit.
 */
export class AppFeeds {
  private readonly feeds = new Map<string, Feed>();
  private readonly builder: FeedBuilder;
  readonly auditFolder: string;

  constructor(
    private readonly settings: Settings,
    private readonly logger: Logger,
    private readonly redactor: Redactor,
    private readonly limits: OutboxLimits,
    private readonly queueOptions: QueueOptions & { sendTimeoutMs?: number },
  ) {
    this.builder = new FeedBuilder(redactor);
    this.auditFolder = join(settings.DATA_DIR, 'feeds');
  }

  /** Whether `app` gets a feed at all: it asked for one and the owner has not refused it. */
  accepts(app: AppInfo | undefined): app is AppInfo & { reporting: { dsn: string } } {
    return Boolean(app?.reporting?.dsn) && this.settings.REPORTING_APP_FEEDS && !this.settings.REPORTING_FEED_DENY.includes(app!.id);
  }

  submit(error: Error, attribution: Attribution, app: AppInfo & { reporting: { dsn: string } }, sources: FeedSources): void {
    const feed = this.feedFor(app);
    if (!feed) return;
    const event = this.builder.build(error, attribution, app, sources);
    if (!feed.rate.admit()) return;
    const json = this.redactor.exactSecrets(JSON.stringify(event));
    mkdirSync(this.auditFolder, { recursive: true });
    const audit = join(this.auditFolder, `${app.id}.ndjson`);
    appendFileSync(audit, `${json}\n`);
    capLineFile(audit, FEED_AUDIT_MAX_BYTES);
    feed.queue.enqueue(event.event_id, serializeEnvelope(event, json));
  }

  /** What the app's developers would receive for this error (`pitwall reporting preview --app`). */
  preview(error: Error, attribution: Attribution, app: AppInfo, sources: FeedSources): { event: SentryEvent; body: string } {
    const event = this.builder.build(error, attribution, app, sources);
    const json = this.redactor.exactSecrets(JSON.stringify(event));
    return { event: JSON.parse(json) as SentryEvent, body: serializeEnvelope(event, json) };
  }

  async flush(ms: number): Promise<void> {
    await Promise.all([...this.feeds.values()].map((feed) => feed.queue.flush(ms)));
  }

  stop(): void {
    for (const feed of this.feeds.values()) feed.queue.stop();
  }

  /** Drops audit lines older than `days` (the file is kept; only old lines go). */
  prune(days: number, now = Date.now()): void {
    let names: string[];
    try {
      names = readdirSync(this.auditFolder).filter((name) => name.endsWith('.ndjson'));
    } catch {
      return;
    }
    const cutoff = now / 1000 - days * 86_400;
    for (const name of names) {
      const file = join(this.auditFolder, name);
      const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
      const kept = lines.filter((line) => {
        try {
          return Number((JSON.parse(line) as { timestamp?: number }).timestamp) >= cutoff;
        } catch {
          return false;
        }
      });
      if (kept.length !== lines.length) writeFileSync(file, kept.map((line) => `${line}\n`).join(''));
    }
  }

  private feedFor(app: AppInfo & { reporting: { dsn: string } }): Feed | undefined {
    const existing = this.feeds.get(app.id);
    if (existing) return existing;
    const dsn = parseDsn(app.reporting.dsn);
    if (typeof dsn === 'string') return undefined;
    const outbox = new Outbox(join(this.settings.DATA_DIR, 'outbox', `feed-${app.id}`), this.limits, (count, reason) =>
      this.logger.warn(`${count} queued feed report(s) of app '${app.id}' dropped: ${reason}`, { label: 'reporting' }),
      (file, movedTo, reason) => this.logger.warn(rejectionMessage(file, movedTo, reason), { label: 'reporting' }),
    );
    const { sendTimeoutMs, ...queueOptions } = this.queueOptions;
    const feed = {
      queue: new ReportQueue(`feed ${app.id}`, outbox, new EnvelopeTransport(dsn as Dsn, sendTimeoutMs), this.logger, queueOptions),
      rate: new ReportRate(this.settings.REPORTING_MAX_PER_MINUTE),
    };
    this.feeds.set(app.id, feed);
    return feed;
  }
}
