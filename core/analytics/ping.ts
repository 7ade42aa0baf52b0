import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import got from 'got';
import type { Settings } from '../config/schema.js';
import type { Logger } from '../logging/logger.js';
import { keepNewestFiles } from '../reporting/disk-bounds.js';
import { retryAfterMs } from '../retry-after.js';
import { PITWALL_VERSION } from '../version.js';
import { readPingProperties, type PingSources } from './fields.js';

/** A PostHog capture body, so a cloud or self-hosted PostHog project can receive the ping as it is. */
export interface PingBody {
  api_key: string;
  event: 'pitwall_ping';
  distinct_id: string;
  properties: Record<string, unknown>;
  timestamp: string;
}

export function buildPing(settings: Settings, sources: PingSources, now: Date): PingBody {
  return {
    api_key: settings.ANALYTICS_KEY,
    event: 'pitwall_ping',
    distinct_id: sources.installId,
    properties: readPingProperties(sources),
    timestamp: now.toISOString(),
  };
}

export type PingResult = 'sent' | 'written' | 'failed' | 'rate-limited';

export interface PingStatus {
  at: string;
  result: PingResult;
  detail?: string;
}

const RETRY_DELAY_MS = 2000;
/** How long a 429 without a readable Retry-After pauses pings. */
const DEFAULT_PAUSE_MS = 3_600_000;
/** Local ping copies kept in DATA_DIR/analytics when ANALYTICS_URL is empty: two days of hourly pings. */
export const PINGS_KEPT = 48;

/**
 * Sends pings: POST with a timeout and one retry; a 429 pauses pings until its Retry-After has passed. With
 * no ANALYTICS_URL the ping is written to DATA_DIR/analytics instead. A failure is logged once per outage.
 */
export class PingSender {
  private pausedUntil = 0;
  private outage = false;
  readonly folder: string;

  constructor(
    private readonly settings: Settings,
    private readonly logger: Logger,
    private readonly options: { timeoutMs?: number; retryDelayMs?: number; redactLocalCopy?: (json: string) => string } = {},
  ) {
    this.folder = join(settings.DATA_DIR, 'analytics');
  }

  async send(body: PingBody, now = Date.now()): Promise<PingResult> {
    const json = JSON.stringify(body);
    let result: PingResult;
    let detail: string | undefined;
    if (!this.settings.ANALYTICS_URL) {
      mkdirSync(this.folder, { recursive: true });
      // A local copy is for the owner to read: the key it would be sent with is not needed there.
      const copy = this.options.redactLocalCopy?.(json) ?? json;
      writeFileSync(join(this.folder, `ping-${body.timestamp.replace(/[:.]/g, '-')}.json`), `${copy}\n`);
      keepNewestFiles(this.folder, PINGS_KEPT, /^ping-.*\.json$/);
      result = 'written';
    } else if (now < this.pausedUntil) {
      result = 'rate-limited';
      detail = `paused until ${new Date(this.pausedUntil).toISOString()}`;
    } else {
      ({ result, detail } = await this.post(json, now));
    }
    this.record({ at: new Date(now).toISOString(), result, ...(detail ? { detail } : {}) });
    return result;
  }

  lastStatus(): PingStatus | undefined {
    try {
      return JSON.parse(readFileSync(join(this.folder, 'status.json'), 'utf8')) as PingStatus;
    } catch {
      return undefined;
    }
  }

  private async post(json: string, now: number): Promise<{ result: PingResult; detail?: string }> {
    let lastProblem = '';
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        const response = await got.post(this.settings.ANALYTICS_URL, {
          body: json,
          headers: { 'content-type': 'application/json', 'user-agent': `pitwall/${PITWALL_VERSION}` },
          timeout: { request: this.options.timeoutMs ?? 10_000 },
          throwHttpErrors: false,
          retry: { limit: 0 },
        });
        if (response.statusCode >= 200 && response.statusCode < 300) {
          if (this.outage) this.logger.info('Analytics pings are getting through again', { label: 'analytics' });
          this.outage = false;
          return { result: 'sent' };
        }
        if (response.statusCode === 429) {
          this.pausedUntil = now + (retryAfterMs(response.headers['retry-after'], now) ?? DEFAULT_PAUSE_MS);
          return { result: 'rate-limited', detail: `HTTP 429, paused until ${new Date(this.pausedUntil).toISOString()}` };
        }
        lastProblem = `HTTP ${response.statusCode}`;
        if (response.statusCode < 500) break;
      } catch (error) {
        lastProblem = (error as { code?: string }).code ?? (error as Error).message;
      }
      if (attempt === 1) await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs ?? RETRY_DELAY_MS).unref());
    }
    if (!this.outage) this.logger.warn(`Analytics ping to ${new URL(this.settings.ANALYTICS_URL).host} failed (${lastProblem}); later pings will try again`, { label: 'analytics' });
    this.outage = true;
    return { result: 'failed', detail: lastProblem };
  }

  private record(status: PingStatus): void {
    mkdirSync(this.folder, { recursive: true });
    writeFileSync(join(this.folder, 'status.json'), `${JSON.stringify(status)}\n`);
  }
}
