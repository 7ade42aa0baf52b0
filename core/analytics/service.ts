import { inject, injectable } from 'tsyringe';
import { AppHost } from '../apps/host.js';
import { Settings } from '../config/schema.js';
import { toDisposable, type Disposable } from '../disposables.js';
import { Logger } from '../logging/logger.js';
import { Redactor } from '../reporting/redact.js';
import { GameServer } from '../server/facade.js';
import { decideAnalytics, type AnalyticsDecision } from './decision.js';
import { PING_IDENTITY } from './fields.js';
import { AnalyticsJob, type AnalyticsJobOptions } from './job.js';

/** How the analytics job runs in this process: the environment for DO_NOT_TRACK, and test tuning. */
export interface AnalyticsOptions extends Pick<AnalyticsJobOptions, 'firstPingDelayMs' | 'clock'> {
  env: NodeJS.ProcessEnv;
}

export const AnalyticsOptions = Symbol('AnalyticsOptions');

/**
 * The hourly ping, when analytics are on. The job is built either way, so `pitwall analytics preview` can
 * show the payload; only started when on, and the log says which, and why.
 */
@injectable()
export class AnalyticsService {
  readonly decision: AnalyticsDecision;
  readonly job: AnalyticsJob;
  private readonly log: Logger;
  private readonly startedAt = Date.now();

  constructor(
    @inject(Settings) private readonly settings: Settings,
    @inject(Logger) logger: Logger,
    @inject(GameServer) server: GameServer,
    @inject(AppHost) apps: Pick<AppHost, 'running'>,
    @inject(Redactor) redactor: Redactor,
    @inject(AnalyticsOptions) options: AnalyticsOptions,
  ) {
    this.decision = decideAnalytics(settings, options.env);
    this.log = logger.child({ label: 'analytics' });
    const { env: _env, ...tuning } = options;
    this.job = new AnalyticsJob({
      settings,
      logger: this.log,
      sources: () => ({ server, runningApps: apps.running(), uptimeSeconds: (Date.now() - this.startedAt) / 1000 }),
      redactLocalCopy: (json) => redactor.exactSecrets(json),
      ...tuning,
    });
  }

  /** Schedules the ping when analytics are on; the Disposable stops it. */
  start(): Disposable {
    const log = this.log;
    if (!this.decision.on) {
      log.info(`Analytics are off: ${this.decision.reason}. Nothing is sent or written for analytics.`);
      return toDisposable(() => undefined);
    }
    const { ANALYTICS_URL, ANALYTICS_SCHEDULE, DATA_DIR } = this.settings;
    const destination = ANALYTICS_URL ? `sent to ${new URL(ANALYTICS_URL).host}` : `written to ${DATA_DIR}/analytics (ANALYTICS_URL is empty)`;
    log.info(`Analytics are on: a ping on '${ANALYTICS_SCHEDULE}' is ${destination}; ${PING_IDENTITY}; docs/privacy.md lists every field, ANALYTICS = false turns it off`);
    this.job.start();
    return toDisposable(() => this.job.stop());
  }
}
