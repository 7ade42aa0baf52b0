import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Attribution, ErrorSink, WarningKind } from '../apps/error-sink.js';
import type { AppInfo, AppRegistry } from '../apps/registry.js';
import { AppFeeds } from './app-feeds.js';
import type { FeedSources } from './feed.js';
import { parseDsn, type Dsn } from '../config/dsn.js';
import type { Settings } from '../config/schema.js';
import { isPitwallError } from '../errors.js';
import { writeTroubleOf, type Logger } from '../logging/logger.js';
import type { GameServer } from '../server/facade.js';
import { serializeEnvelope } from './envelope.js';
import type { ReportingLevel } from './fields.js';
import { Outbox, rejectionMessage } from './outbox.js';
import { ReportQueue } from './queue.js';
import type { Redactor } from './redact.js';
import { newEventId, ReportBuilder, type ReportKind, type SentryEvent } from './report.js';
import { AppCode, appModuleRoots } from './app-code.js';
import { repeatKey } from './repeat-key.js';
import { LocalsCapture } from './locals.js';
import { pruneOlderThan } from './retention.js';
import { RepeatWindow, ReportRate, type RepeatSummary } from './storm.js';
import { keepNewestFiles, writeWhole } from './disk-bounds.js';
import { isWriteFailure } from '../logging/write-trouble.js';
import { EnvelopeTransport } from './transport.js';

export interface ExceptionHandlerOptions {
  settings: Settings;
  logger: Logger;
  redactor: Redactor;
  /** The live server, for level-2 context (absent before the connection is up). */
  server?: () => GameServer | undefined;
  /** The loaded apps, for level-3 feeds (absent before the apps are loaded). */
  apps?: () => AppRegistry | undefined;
  /** Capture local variables at level 2 and above (default true). */
  captureLocals?: boolean;
  /** Send timeout per envelope (default 10 s). */
  sendTimeoutMs?: number;
  backoffInitialMs?: number;
}

export const OUTBOX_LIMITS = { maxFiles: 500, maxBytes: 20 * 1024 * 1024 };
/** Local report copies kept in DATA_DIR/reports (besides REPORTING_RETENTION_DAYS). */
export const REPORTS_KEPT = 1000;
const PRUNE_EVERY_MS = 6 * 3_600_000;

/**
 * The central exception handler: every error of core and apps arrives here with its attribution. The local
 * log always gets the full error and an incident id; what leaves the machine follows LOGGING_REPORTING:
 * built from the field table for that level, redacted, storm-proofed, and written to the durable outbox
 * before it is sent (or, with no REPORTING_DSN, written to DATA_DIR/reports only).
 */
export class ExceptionHandler implements ErrorSink {
  readonly level: ReportingLevel;
  readonly queue?: ReportQueue;
  readonly reportsFolder: string;
  readonly feeds?: AppFeeds;
  private readonly builder: ReportBuilder;
  private readonly repeats = new RepeatWindow();
  private readonly rate: ReportRate;
  private readonly code: AppCode;
  private readonly logger: Logger;
  private readonly redactor: Redactor;
  private readonly pruneTimer?: NodeJS.Timeout;
  private locals?: LocalsCapture;
  private readonly server: () => GameServer | undefined;
  private readonly settings: Settings;
  private readonly apps: () => AppRegistry | undefined;
  private readonly rateTimer?: NodeJS.Timeout;

  constructor(options: ExceptionHandlerOptions) {
    const { settings } = options;
    this.level = settings.LOGGING_REPORTING as ReportingLevel;
    this.settings = settings;
    this.logger = options.logger;
    this.redactor = options.redactor;
    this.server = options.server ?? (() => undefined);
    this.apps = options.apps ?? (() => undefined);
    this.code = new AppCode(() => appModuleRoots(this.apps()));
    this.builder = new ReportBuilder(options.redactor, { settings, server: options.server, code: this.code });
    this.rate = new ReportRate(settings.REPORTING_MAX_PER_MINUTE);
    this.reportsFolder = join(settings.DATA_DIR, 'reports');
    // The core queue and every app feed's queue retry and expire alike.
    const queueOptions = {
      maxAgeMs: settings.REPORTING_RETENTION_DAYS * 86_400_000,
      ...(options.backoffInitialMs ? { backoffInitialMs: options.backoffInitialMs } : {}),
    };
    if (this.level > 0 && settings.REPORTING_DSN) {
      const dsn = parseDsn(settings.REPORTING_DSN) as Dsn;
      const outbox = new Outbox(join(settings.DATA_DIR, 'outbox', 'core'), OUTBOX_LIMITS, (count, reason) =>
        this.logger.warn(`${count} queued report(s) dropped: ${reason}`, { label: 'reporting' }),
        (file, movedTo, reason) => this.logger.warn(rejectionMessage(file, movedTo, reason), { label: 'reporting' }),
      );
      this.queue = new ReportQueue('core', outbox, new EnvelopeTransport(dsn, options.sendTimeoutMs), this.logger, queueOptions);
      // Reports left by an earlier run go out now.
      if (outbox.size > 0) this.queue.wake();
    }
    if (this.level === 3) {
      this.feeds = new AppFeeds(settings, this.logger, this.redactor, OUTBOX_LIMITS, { ...queueOptions, sendTimeoutMs: options.sendTimeoutMs });
    }
    if (this.level >= 2 && options.captureLocals !== false) {
      // Levels 0 and 1 never touch the inspector.
      this.locals = new LocalsCapture({
        // Every loaded app's own module is its code, wherever it is installed; and Pitwall's own code.
        isProjectUrl: (url) => this.code.isOurUrl(url),
        log: (message) => this.logger.warn(message, { label: 'reporting' }),
      });
      if (!this.locals.start()) this.locals = undefined;
    }
    if (this.level > 0) {
      const prune = (): void => {
        pruneOlderThan([this.reportsFolder, join(settings.DATA_DIR, 'outbox', 'rejected')], settings.REPORTING_RETENTION_DAYS);
        this.feeds?.prune(settings.REPORTING_RETENTION_DAYS);
      };
      prune();
      this.pruneTimer = setInterval(prune, PRUNE_EVERY_MS).unref();
    }
    this.rateTimer = setInterval(() => {
      this.logRepeats();
      this.logRateDrops();
    }, this.repeats.windowMs).unref();
  }

  capture(error: Error, attribution: Attribution): void {
    this.handle(error, attribution, isPitwallError(error, 'PW_ERR_NON_ERROR_THROWN') ? 'unknown_error' : 'error');
  }

  warn(kind: WarningKind, error: Error, attribution: Attribution): void {
    this.handle(error, attribution, kind);
  }

  /** What would be sent for this error now, without sending or logging it (`pitwall reporting preview`). */
  preview(error: Error, attribution: Attribution, level: ReportingLevel = this.level): { event: SentryEvent; body: string } | undefined {
    if (level === 0) return undefined;
    const event = this.builder.build({ error, attribution }, level);
    const json = this.redactor.exactSecrets(JSON.stringify(event));
    return { event: JSON.parse(json) as SentryEvent, body: serializeEnvelope(event, json) };
  }

  /** What the developers of `appId` would receive for this error, or why they would receive nothing. */
  previewFeed(
    error: Error,
    attribution: Attribution,
    appId: string,
    loaded?: readonly AppInfo[],
    options: { anyLevel?: boolean } = {},
  ): { event: SentryEvent; body: string } | string {
    // A preview may run where the apps are loaded but not started: then it is told about them.
    const registry: AppRegistry | undefined = loaded ? { app: (id) => loaded.find((info) => info.id === id), ids: () => loaded.map((info) => info.id) } : this.apps();
    const app = registry?.app(appId);
    if (!app) return `There is no loaded app '${appId}'.`;
    if (!app.reporting?.dsn) return `App '${appId}' has not asked for an error feed (no reporting.dsn in its definition).`;
    if (this.level < 3 && !options.anyLevel) return `LOGGING_REPORTING is ${this.level}: app feeds are sent at level 3 only.`;
    const feeds = this.feeds ?? new AppFeeds(this.settings, this.logger, this.redactor, OUTBOX_LIMITS, {});
    if (!feeds.accepts(app)) return `The owner has refused app feeds (REPORTING_APP_FEEDS = false or '${appId}' in REPORTING_FEED_DENY).`;
    return feeds.preview(error, attribution, app, this.feedSources(registry!));
  }

  /** Sends what is queued, for at most `ms` (shutdown). */
  async flush(ms: number): Promise<void> {
    await Promise.all([this.queue?.flush(ms), this.feeds?.flush(ms)]);
  }

  stop(): void {
    this.logRepeats(true);
    clearInterval(this.pruneTimer);
    this.locals?.stop();
    clearInterval(this.rateTimer);
    this.queue?.stop();
    this.feeds?.stop();
  }

  private handle(error: Error, attribution: Attribution, kind: ReportKind): void {
    try {
      const key = repeatKey(error, attribution.app, kind, this.code);
      const sighting = this.repeats.see(key, newEventId(), describe(error, attribution, kind));
      // A repeat in the window is counted; its summary line comes when the window ends.
      if (!sighting.first) return;
      if (sighting.summary) this.logSummary(sighting.summary, attribution.app);
      const eventId = sighting.incident;
      this.logLocally(error, attribution, kind, eventId);
      if (this.level === 0 || !this.rate.admit()) return;
      const locals = this.locals?.take(error);
      const event = this.builder.build({ error, attribution, kind, eventId, repeated: sighting.repeated || undefined, locals }, this.level);
      const json = this.redactor.exactSecrets(JSON.stringify(event));
      if (this.queue) this.queue.enqueue(eventId, serializeEnvelope(event, json));
      else this.keepLocally(eventId, json);
      if (this.feeds) this.submitFeed(error, attribution);
    } catch (failure) {
      // A full disk is said once, for every file under DATA_DIR; the error itself is in the log already.
      if (isWriteFailure(failure)) return writeTroubleOf(this.logger).failed(String((failure as NodeJS.ErrnoException).path ?? this.reportsFolder), failure);
      // Reporting must never take anything down with it.
      this.logger.error(`Reporting failed for an error in ${attribution.app}: ${String(failure)}`, { label: 'reporting' });
    }
  }

  /** Logs how many repeats each incident had: of windows that ended, or of all of them (`all`, at stop). */
  logRepeats(all = false, now = Date.now()): void {
    for (const summary of this.repeats.takeSummaries(now, all)) this.logSummary(summary);
  }

  private logSummary(summary: RepeatSummary, label = 'reporting'): void {
    this.logger.error(`${summary.count} more of incident ${summary.incident} in the last ${summary.seconds} s: ${summary.what}`, {
      label,
      incident: summary.incident,
    });
  }

  /** Level 3: the app the error belongs to gets its filtered copy, if it asked for one. */
  private submitFeed(error: Error, attribution: Attribution): void {
    if (attribution.app === 'core') return;
    const registry = this.apps();
    const app = registry?.app(attribution.app);
    if (registry && this.feeds!.accepts(app)) this.feeds!.submit(error, attribution, app, this.feedSources(registry));
  }

  private feedSources(registry: AppRegistry): FeedSources {
    return { server: this.server(), apps: registry.ids().flatMap((id) => registry.app(id) ?? []) };
  }

  private logLocally(error: Error, attribution: Attribution, kind: ReportKind, eventId: string): void {
    const line = `${describe(error, attribution, kind)} (incident ${eventId})`;
    const meta = { label: attribution.app, incident: eventId, stack: error.stack };
    if (kind === 'error' || kind === 'unknown_error') this.logger.error(line, meta);
    else this.logger.warn(line, meta);
  }

  private keepLocally(eventId: string, json: string): void {
    mkdirSync(this.reportsFolder, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    writeWhole(join(this.reportsFolder, `${stamp}-${eventId}.json`), `${json}\n`);
    keepNewestFiles(this.reportsFolder, REPORTS_KEPT, /\.json$/);
  }

  private logRateDrops(): void {
    const dropped = this.rate.takeDropped();
    if (dropped) this.logger.warn(`${dropped} report(s) not sent in the last minute: over REPORTING_MAX_PER_MINUTE`, { label: 'reporting' });
  }
}

/** The log line of an error, without its incident id. */
function describe(error: Error, attribution: Attribution, kind: ReportKind): string {
  const where = attribution.event ? ` while handling ${attribution.event.name}` : attribution.hook ? ` in ${attribution.hook}()` : '';
  const what = kind === 'error' || kind === 'unknown_error' ? 'Error' : `Warning (${kind})`;
  return `${what} in ${attribution.app}${where}: ${error.message}`;
}
