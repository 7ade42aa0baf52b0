import { inject, injectable } from 'tsyringe';
import type { Attribution, ErrorSink, WarningKind } from '../apps/error-sink.js';
import type { AppInfo, AppRegistry } from '../apps/registry.js';
import { Settings } from '../config/schema.js';
import { isPitwallError } from '../errors.js';
import { Logger, writeTroubleOf } from '../logging/logger.js';
import { isWriteFailure } from '../logging/write-trouble.js';
import { AppCode, appModuleRoots } from './app-code.js';
import { ReportDestinations } from './destinations.js';
import { serializeEnvelope } from './envelope.js';
import { feedAccepted, FeedBuilder, type FeedSources } from './feed.js';
import type { ReportingLevel } from './fields.js';
import { encodeRecord, type IncidentRecord } from './incidents.js';
import { LocalsCapture } from './locals.js';
import { sourceMaps } from './source-maps.js';
import { ReportingOptions, ReportingSources } from './options.js';
import { Redactor } from './redact.js';
import { ErrorTexts } from './error-texts.js';
import { SeenPeople } from './seen-people.js';
import { repeatKey } from './repeat-key.js';
import { newEventId, ReportBuilder, type ReportKind, type SentryEvent } from './report.js';
import { RepeatWindow, type RepeatSummary } from './storm.js';

/**
 * The central exception handler: every error of core and apps arrives here with its attribution. It turns
 * an error into events and hands them to the destinations: the local log always gets the full error and an
 * incident id (repeats of one incident summed up in one line); from level 1 a report built from the field
 * table for that level, redacted, goes to the core destination; at level 3 a filtered copy goes to the
 * failing app's feed. start() and stop() are explicit: the constructor starts nothing.
 */
@injectable()
export class ExceptionHandler implements ErrorSink {
  readonly level: ReportingLevel;
  private readonly code: AppCode;
  private readonly builder: ReportBuilder;
  private readonly feedBuilder: FeedBuilder;
  private readonly repeats = new RepeatWindow();
  private locals?: LocalsCapture;
  private summaryTimer?: NodeJS.Timeout;

  constructor(
    @inject(Settings) private readonly settings: Settings,
    @inject(Logger) private readonly logger: Logger,
    @inject(Redactor) private readonly redactor: Redactor,
    @inject(ReportDestinations) private readonly destinations: ReportDestinations,
    @inject(ReportingSources) private readonly sources: ReportingSources,
    @inject(ReportingOptions) private readonly options: ReportingOptions,
    @inject(SeenPeople) private readonly seen: SeenPeople,
  ) {
    this.level = settings.LOGGING_REPORTING as ReportingLevel;
    this.code = new AppCode(() => appModuleRoots(sources.apps()));
    this.builder = new ReportBuilder(redactor, { settings, server: () => sources.server(), code: this.code });
    this.feedBuilder = new FeedBuilder(redactor);
  }

  /** Starts the inspector (level 2 and up) and the repeat summaries. */
  start(): void {
    if (this.summaryTimer) return;
    this.seen.load();
    if (this.level >= 2 && this.options.captureLocals !== false) {
      // Levels 0 and 1 never touch the inspector.
      const locals = new LocalsCapture({
        // Every loaded app's own module is its code, wherever it is installed; and Pitwall's own code.
        isProjectUrl: (url) => this.code.isOurUrl(url),
        log: (message) => this.logger.warn(message, { label: 'reporting' }),
      });
      if (locals.start()) this.locals = locals;
    }
    this.summaryTimer = setInterval(() => this.logRepeats(), this.repeats.windowMs).unref();
  }

  /** Logs what repeats are still uncounted, and stops the inspector and the timer. */
  stop(): void {
    this.logRepeats(true);
    clearInterval(this.summaryTimer);
    this.summaryTimer = undefined;
    this.locals?.stop();
    this.locals = undefined;
  }

  capture(error: Error, attribution: Attribution): void {
    this.handle(error, attribution, isPitwallError(error, 'PW_ERR_NON_ERROR_THROWN') ? 'unknown_error' : 'error');
  }

  warn(kind: WarningKind, error: Error, attribution: Attribution): void {
    this.handle(error, attribution, kind);
  }

  /** What would be sent for this error now, without sending or logging it (`pitwall reporting preview`). */
  preview(
    error: Error,
    attribution: Attribution,
    level: ReportingLevel = this.level,
    incident?: { id: string; kind: ReportKind; locals?: Record<string, unknown> },
  ): { event: SentryEvent; body: string } | undefined {
    if (level === 0) return undefined;
    return this.exactly(this.builder.build({ error, attribution, ...(incident ? { eventId: incident.id, kind: incident.kind, locals: incident.locals } : {}) }, level));
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
    const registry: AppRegistry | undefined = loaded
      ? { app: (id) => loaded.find((info) => info.id === id), ids: () => loaded.map((info) => info.id) }
      : this.sources.apps();
    const app = registry?.app(appId);
    if (!app) return `There is no loaded app '${appId}'.`;
    if (!app.reporting?.dsn) return `App '${appId}' has not asked for an error feed (no reporting.dsn in its definition).`;
    if (this.level < 3 && !options.anyLevel) return `LOGGING_REPORTING is ${this.level}: app feeds are sent at level 3 only.`;
    if (!feedAccepted(this.settings, app)) return `The owner has refused app feeds (REPORTING_APP_FEEDS = false or '${appId}' in REPORTING_FEED_DENY).`;
    return this.exactly(this.feedBuilder.build(error, attribution, app, this.feedSources(registry!)));
  }

  /** Logs how many repeats each incident had: of windows that ended, or of all of them (`all`, at stop). */
  logRepeats(all = false, now = Date.now()): void {
    for (const summary of this.repeats.takeSummaries(now, all)) this.logSummary(summary);
  }

  private handle(error: Error, attribution: Attribution, kind: ReportKind): void {
    try {
      const key = repeatKey(error, attribution.app, kind, this.code);
      const sighting = this.repeats.see(key, newEventId(), describe(error, attribution, kind));
      // A repeat in the window is counted; its summary line comes when the window ends.
      if (!sighting.first) return;
      if (sighting.summary) this.logSummary(sighting.summary, attribution.app);
      const eventId = sighting.incident;
      const locals = this.locals?.take(error);
      // Each text of the error is redacted once, for the log's record and both reports; every field is
      // redacted as it is built.
      const texts = new ErrorTexts(this.redactor);
      this.logLocally(error, attribution, kind, eventId, texts, locals);
      const core = this.destinations.core;
      if (!core) return;
      // While DATA_DIR cannot be written, no report copy or outbox file is tried: the space freed first goes to
      // the log file, which notices it is back, rather than to the next report (the error is in the log).
      if (writeTroubleOf(this.logger).active) return;
      const event = this.builder.build({ error, attribution, kind, eventId, repeated: sighting.repeated || undefined, locals, texts }, this.level);
      if (!core.submit(eventId, JSON.stringify(event))) return;
      if (this.level === 3) this.submitFeed(error, attribution, texts);
    } catch (failure) {
      // A full disk is said once, for every file under DATA_DIR; the error itself is in the log already.
      if (isWriteFailure(failure)) return writeTroubleOf(this.logger).failed(String((failure as NodeJS.ErrnoException).path ?? this.settings.DATA_DIR), failure);
      // Reporting must never take anything down with it.
      this.logger.error(`Reporting failed for an error in ${attribution.app}: ${String(failure)}`, { label: 'reporting' });
    }
  }

  /** Level 3: the app the error belongs to gets its filtered copy, if it asked for one. */
  private submitFeed(error: Error, attribution: Attribution, texts: ErrorTexts): void {
    if (attribution.app === 'core') return;
    const registry = this.sources.apps();
    const app = registry?.app(attribution.app);
    if (!registry || !feedAccepted(this.settings, app)) return;
    const feed = this.destinations.feed(app);
    if (!feed) return;
    const event = this.feedBuilder.build(error, attribution, app, this.feedSources(registry), texts);
    feed.submit(event.event_id, JSON.stringify(event));
  }

  /**
   * The server, the apps and every player seen within retention. Players connected now count as seen:
   * some were there before the store followed the connects.
   */
  private feedSources(registry: AppRegistry): FeedSources {
    const server = this.sources.server();
    for (const player of server?.players.values() ?? []) this.seen.see(player.login, player.nickName);
    // Without a record (a preview below level 3), the feed masks the players connected now.
    const people = this.seen.enabled ? this.seen.masker() : undefined;
    return { server, apps: registry.ids().flatMap((id) => registry.app(id) ?? []), people };
  }

  /** The event as it would leave (every field was redacted as it was built), and its envelope. */
  private exactly(event: SentryEvent): { event: SentryEvent; body: string } {
    const json = JSON.stringify(event);
    return { event: JSON.parse(json) as SentryEvent, body: serializeEnvelope(event, json) };
  }

  private logLocally(error: Error, attribution: Attribution, kind: ReportKind, eventId: string, texts: ErrorTexts, locals: Record<string, unknown> | undefined): void {
    const line = `${describe(error, attribution, kind)} (incident ${eventId})`;
    // The log names source lines too; the record keeps the compiled stack a preview maps again.
    const stack = sourceMaps.mapStack(error.stack);
    const record = this.incidentRecord(error, attribution, kind, texts, locals, stack === error.stack ? undefined : error.stack);
    const meta = { label: attribution.app, incident: eventId, stack, record: encodeRecord(record) };
    if (kind === 'error' || kind === 'unknown_error') this.logger.error(line, meta);
    else this.logger.warn(line, meta);
  }

  /** What `pitwall reporting preview --incident` reads back to build this incident's report again. */
  private incidentRecord(
    error: Error,
    attribution: Attribution,
    kind: ReportKind,
    texts: ErrorTexts,
    locals: Record<string, unknown> | undefined,
    compiledStack: string | undefined,
  ): IncidentRecord {
    const code = (error as { code?: unknown }).code;
    return {
      kind,
      error: { name: String(error.name), message: String(error.message), ...(typeof code === 'string' ? { code } : {}) },
      ...(attribution.appVersion !== undefined ? { appVersion: attribution.appVersion } : {}),
      ...(attribution.hook !== undefined ? { hook: attribution.hook } : {}),
      // Bounded and redacted, as a level-2 report holds it.
      ...(attribution.event ? { event: { name: attribution.event.name, payload: texts.value(attribution.event.payload) } } : {}),
      ...(locals ? { locals: texts.value(locals) as Record<string, unknown> } : {}),
      ...(compiledStack !== undefined ? { compiledStack } : {}),
    };
  }

  private logSummary(summary: RepeatSummary, label = 'reporting'): void {
    this.logger.error(`${summary.count} more of incident ${summary.incident} in the last ${summary.seconds} s: ${summary.what}`, {
      label,
      incident: summary.incident,
    });
  }
}

/** The log line of an error, without its incident id. */
function describe(error: Error, attribution: Attribution, kind: ReportKind): string {
  const where = attribution.event ? ` while handling ${attribution.event.name}` : attribution.hook ? ` in ${attribution.hook}()` : '';
  const what = kind === 'error' || kind === 'unknown_error' ? 'Error' : `Warning (${kind})`;
  return `${what} in ${attribution.app}${where}: ${error.message}`;
}
