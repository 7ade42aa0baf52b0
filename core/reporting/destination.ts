import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { capLineFile, keepNewestFiles, writeWhole } from './disk-bounds.js';
import { dirname, join } from 'node:path';
import type { Dsn } from '../config/dsn.js';
import type { Logger } from '../logging/logger.js';
import { serializeEnvelope } from './envelope.js';
import { Outbox, rejectionMessage, type OutboxLimits } from './outbox.js';
import { ReportQueue, type QueueOptions } from './queue.js';
import { pruneOlderThan } from './retention.js';
import { ReportRate } from './report-rate.js';
import { EnvelopeTransport } from './transport.js';

/** Local report copies kept in DATA_DIR/reports (besides REPORTING_RETENTION_DAYS). */
export const REPORTS_KEPT = 1000;
/** Each app's audit file in DATA_DIR/feeds is kept under this size (oldest lines go first). */
export const FEED_AUDIT_MAX_BYTES = 5 * 1024 * 1024;

export interface DestinationConfig {
  /** How the log names it: 'core', 'feed records'. */
  name: string;
  /** Where reports are sent; without one they are written to `localFolder` only. */
  dsn?: Dsn;
  outboxFolder: string;
  localFolder?: string;
  /** Every report, exactly as sent, is appended here for the owner to audit (app feeds). */
  auditFile?: string;
  perMinute: number;
  limits: OutboxLimits;
  queue: QueueOptions;
  sendTimeoutMs?: number;
}

/**
 * One way out for reports: a per-minute cap, then the durable outbox and its queue to the DSN (or, with no
 * DSN, the local reports folder), and optionally an audit file. The core DSN and every app feed each have
 * one, so one dead endpoint or one app's storm cannot hold up another. Nothing is touched before start().
 */
export class ReportDestination {
  private rate: ReportRate;
  private outbox?: Outbox;
  queue?: ReportQueue;

  constructor(
    readonly config: DestinationConfig,
    private readonly logger: Logger,
  ) {
    this.rate = new ReportRate(config.perMinute);
  }

  /** Opens the outbox and sends what an earlier run left in it. */
  start(): void {
    const { config, logger } = this;
    if (!config.dsn || this.outbox) return;
    const outbox = new Outbox(
      config.outboxFolder,
      config.limits,
      (count, reason) => logger.warn(`${count} queued report(s) to ${config.name} dropped: ${reason}`, { label: 'reporting' }),
      (file, movedTo, reason) => logger.warn(rejectionMessage(file, movedTo, reason), { label: 'reporting' }),
    );
    this.outbox = outbox;
    this.queue = new ReportQueue(config.name, outbox, new EnvelopeTransport(config.dsn, config.sendTimeoutMs), logger, config.queue);
    if (outbox.size > 0) this.queue.wake();
  }

  /** Hands one built, redacted report (`json` is its exact text) on; false when the per-minute cap held it back. */
  submit(eventId: string, json: string): boolean {
    if (!this.rate.admit()) return false;
    if (this.config.auditFile) {
      mkdirSync(dirname(this.config.auditFile), { recursive: true });
      appendFileSync(this.config.auditFile, `${json}\n`);
      capLineFile(this.config.auditFile, FEED_AUDIT_MAX_BYTES);
    }
    if (this.queue) {
      this.queue.enqueue(eventId, serializeEnvelope({ event_id: eventId }, json));
    } else if (this.config.localFolder) {
      mkdirSync(this.config.localFolder, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      writeWhole(join(this.config.localFolder, `${stamp}-${eventId}.json`), `${json}\n`);
      keepNewestFiles(this.config.localFolder, REPORTS_KEPT, /\.json$/);
    }
    return true;
  }

  /** How many reports the per-minute cap held back since the last call. */
  takeRateDropped(): number {
    return this.rate.takeDropped();
  }

  async flush(ms: number): Promise<void> {
    await this.queue?.flush(ms);
  }

  stop(): void {
    this.queue?.stop();
  }

  /** Deletes local copies, set-aside files and audit lines older than `days`. */
  prune(days: number, now = Date.now()): void {
    pruneOlderThan([this.config.localFolder ?? [], join(dirname(this.config.outboxFolder), 'rejected')].flat(), days, now);
    if (this.config.auditFile) pruneAuditLines(this.config.auditFile, days, now);
  }
}

/** Drops audit lines older than `days` (the file is kept; only old lines go). */
function pruneAuditLines(file: string, days: number, now: number): void {
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return;
  }
  const cutoff = now / 1000 - days * 86_400;
  const kept = lines.filter((line) => {
    try {
      return Number((JSON.parse(line) as { timestamp?: number }).timestamp) >= cutoff;
    } catch {
      return false;
    }
  });
  if (kept.length !== lines.length) writeFileSync(file, kept.map((line) => `${line}\n`).join(''));
}
