import { AccessControl } from '../access/access-control.js';
import { AppSettingsService } from '../apps/app-settings-service.js';
import { FaultBoundary } from '../apps/fault-boundary.js';
import { AppHost } from '../apps/host.js';
import { Settings } from '../config/schema.js';
import { GameServer } from '../server/facade.js';
import { stripFormatting } from '../server/formatting.js';
import { Database } from '../storage/database.js';
import type { ReportingLevel } from '../reporting/fields.js';
import { ExceptionHandler } from '../reporting/exception-handler.js';
import { listIncidents } from '../reporting/incidents.js';
import { incidentSubject, previewFeed, previewReport } from '../reporting/preview.js';
import type { AnalyticsService } from '../analytics/service.js';

/** What the dashboard reads from the runtime that has no token of its own. */
export interface DashboardOptions {
  /** The state of the connection to the dedicated server ('connected', 'reconnecting', ...). */
  connectionState(): string;
  /** The analytics service, once the runtime has made it (after the apps started). */
  analytics(): AnalyticsService | undefined;
}
export const DashboardOptions = Symbol('DashboardOptions');

export interface ChatLine {
  time: string;
  login: string;
  nickName: string;
  text: string;
}

/** What the dashboard reads from the bundled maps, karma and records apps (their init's return values). */
interface MapsExports {
  jukebox(): { uid: string; login: string }[];
}
interface KarmaExports {
  scores(mapUids: readonly string[]): Promise<Map<string, number>>;
}
interface RecordsExports {
  bestTimes(mapUids: readonly string[]): Promise<Map<string, number>>;
}

export interface MapView {
  number: number;
  uid: string;
  name: string;
  author: string;
  fileName: string;
  karma: number | null;
  recordMs: number | null;
  current: boolean;
  queued: number | null;
}

/**
 * What each dashboard page shows, read from the controller at the moment it is asked: the server, players,
 * apps, incidents, privacy and maps views (the JSON of GET /api/* and of the live events).
 */
export class DashboardViews {
  /** When each connected player joined (the Players page's play time). */
  readonly joinedAt = new Map<string, number>();
  private readonly startedAt = Date.now();
  /** When the current map began (its beginMap) and the mode's S_TimeLimit in seconds then (0: none). */
  mapClock?: { began: number; limitSeconds: number };

  constructor(
    private readonly settings: Settings,
    private readonly server: GameServer,
    private readonly access: AccessControl,
    private readonly database: Database,
    private readonly options: DashboardOptions,
    private readonly host: AppHost,
    private readonly appSettings: AppSettingsService,
    private readonly boundary: FaultBoundary,
    private readonly reports: ExceptionHandler,
  ) {}

  serverView(): Record<string, unknown> {
    const { info, currentMap } = this.server;
    return {
      name: info.name,
      login: info.login,
      titleId: info.titleId,
      version: info.version,
      build: info.build,
      mode: info.modeScript,
      map: currentMap ? { name: currentMap.name, author: currentMap.author, uid: currentMap.uid } : null,
      timeLimitSeconds: this.mapClock ? this.mapClock.limitSeconds || null : null,
      timeLeftSeconds: this.timeLeftSeconds(),
      players: this.server.playerCount,
      spectators: this.server.spectatorCount,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      node: process.version,
      database: this.database.where,
      connection: this.options.connectionState(),
    };
  }

  playersView(): Array<Record<string, unknown>> {
    const now = Date.now();
    return [...this.server.players.values()].map((player) => ({
      login: player.login,
      nickName: player.nickName,
      name: stripFormatting(player.nickName),
      level: this.access.levelOf(player.login),
      isSpectator: player.isSpectator,
      playSeconds: Math.round((now - (this.joinedAt.get(player.login) ?? now)) / 1000),
    }));
  }

  appsView(): Array<Record<string, unknown>> {
    return this.host.statuses().map((status) => ({
      ...status,
      errorBudget: this.boundary.budgetUsed(status.id),
      settings: this.appSettings.describe(status.id),
    }));
  }

  /** The incidents of the local log, newest first, optionally of one app. */
  incidentsView(app?: string): Array<Record<string, unknown>> {
    return listIncidents(this.settings.DATA_DIR)
      .filter((incident) => app === undefined || incident.app === app)
      .map((incident) => ({ id: incident.id, app: incident.app, kind: incident.kind, type: incident.error.name, message: incident.error.message, time: incident.timestamp ?? null, event: incident.attribution.event?.name ?? null }));
  }

  /**
   * One incident with what leaves the machine for it at the current LOGGING_REPORTING: the report exactly as
   * it is built (the same builder and redaction as when it was sent), or that nothing leaves; and at level 3
   * the copy its app's developers get.
   */
  incidentView(id: string): Record<string, unknown> | undefined {
    const incident = listIncidents(this.settings.DATA_DIR).find((each) => each.id === id);
    if (!incident) return undefined;
    const level = this.settings.LOGGING_REPORTING as ReportingLevel;
    const subject = incidentSubject(incident);
    const report = previewReport(this.reports, this.settings, level, subject);
    const apps = this.host.ids().flatMap((appId) => this.host.app(appId) ?? []);
    const feed = incident.app !== 'core' && level === 3 ? previewFeed(this.reports, this.settings, apps, incident.app, level, subject) : null;
    return { ...this.incidentsView().find((each) => each.id === id), stack: incident.error.stack ?? '', level, report: { note: report.note, body: report.body }, feed };
  }

  /** What leaves the machine: the reporting level and a sample report at each level, and the analytics ping. */
  privacyView(): Record<string, unknown> {
    const levels = ([0, 1, 2, 3] as ReportingLevel[]).map((level) => ({ level, ...previewReport(this.reports, this.settings, level) }));
    const analytics = this.options.analytics();
    const decision = analytics?.decision;
    return {
      level: this.settings.LOGGING_REPORTING,
      reportingDsn: this.settings.REPORTING_DSN ? new URL(this.settings.REPORTING_DSN).host : null,
      levels,
      analytics: analytics
        ? {
            on: decision!.on,
            reason: decision!.reason,
            endpoint: this.settings.ANALYTICS_URL ? new URL(this.settings.ANALYTICS_URL).origin : null,
            schedule: this.settings.ANALYTICS_SCHEDULE,
            // With analytics off nothing may be written, the install id included: a placeholder stands in.
            preview: analytics.job.preview(decision!.on ? undefined : '(none: analytics are off)', { runningApps: this.host.running() }),
            last: decision!.on ? (analytics.job.sender.lastStatus() ?? null) : null,
          }
        : null,
    };
  }

  /**
   * The server's map list (GetMapList, in its order: a map's number is the one /maps, //jukebox add and
   * //removemap use) with each map's karma and record from the karma and records apps when they run, and the
   * maps app's jukebox.
   */
  async mapsView(): Promise<Record<string, unknown>> {
    const list = await this.server.call('GetMapList', -1, 0);
    const maps = (Array.isArray(list) ? list : []) as Array<Record<string, unknown>>;
    const uids = maps.map((map) => String(map.UId ?? ''));
    const mapsApp = this.host.runningExports<MapsExports>('maps');
    const karma = this.host.runningExports<KarmaExports>('karma');
    const records = this.host.runningExports<RecordsExports>('records');
    const [scores, bests] = await Promise.all([karma?.scores(uids), records?.bestTimes(uids)]);
    const jukebox = mapsApp?.jukebox() ?? [];
    const names = new Map(maps.map((map) => [String(map.UId ?? ''), String(map.Name ?? '')]));
    const rows: MapView[] = maps.map((map, index) => {
      const uid = uids[index]!;
      const position = jukebox.findIndex((entry) => entry.uid === uid);
      return {
        number: index + 1,
        uid,
        name: String(map.Name ?? ''),
        author: String(map.Author ?? ''),
        fileName: String(map.FileName ?? ''),
        karma: scores?.get(uid) ?? null,
        recordMs: bests?.get(uid) ?? null,
        current: uid === this.server.currentMap?.uid,
        queued: position === -1 ? null : position + 1,
      };
    });
    return {
      maps: rows,
      jukebox: jukebox.map((entry, index) => ({ position: index + 1, uid: entry.uid, name: names.get(entry.uid) ?? entry.uid, login: entry.login })),
      apps: { maps: mapsApp !== undefined, karma: karma !== undefined, records: records !== undefined, tmx: this.host.status('tmx')?.state === 'RUNNING' },
    };
  }

  /**
   * The mode's time limit (S_TimeLimit of GetModeScriptSettings, TimeAttack's: seconds, 0 or less for
   * none), read at each map's start: the time left is counted from then. A failure is the caller's to log.
   */
  async readTimeLimit(began: number): Promise<void> {
    const settings = (await this.server.call('GetModeScriptSettings')) as Record<string, unknown>;
    const limit = Number(settings?.S_TimeLimit ?? 0);
    this.mapClock = { began, limitSeconds: Number.isFinite(limit) && limit > 0 ? limit : 0 };
  }

  /** Seconds left on the map, or null when the mode has no time limit or the map began before the dashboard. */
  private timeLeftSeconds(): number | null {
    if (!this.mapClock || this.mapClock.limitSeconds === 0) return null;
    return Math.max(0, Math.round(this.mapClock.limitSeconds - (Date.now() - this.mapClock.began) / 1000));
  }
}
