import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { inject, injectable } from 'tsyringe';
import { AccessControl } from '../access/access-control.js';
import { AppSettingsService } from '../apps/app-settings-service.js';
import { FaultBoundary } from '../apps/fault-boundary.js';
import { AppHost } from '../apps/host.js';
import { Settings } from '../config/schema.js';
import { DisposableStore, toDisposable, type Disposable } from '../disposables.js';
import { PitwallError } from '../errors.js';
import { Logger } from '../logging/logger.js';
import { CommandRegistry, type DispatchResult } from '../server/commands.js';
import { ServerEvents } from '../server/events.js';
import { GameServer } from '../server/facade.js';
import { stripFormatting } from '../server/formatting.js';
import { Database } from '../storage/database.js';
import { UiManager } from '../ui/manager.js';
import type { AnalyticsService } from '../analytics/service.js';
import type { ReportingLevel } from '../reporting/fields.js';
import { ExceptionHandler } from '../reporting/exception-handler.js';
import { listIncidents } from '../reporting/incidents.js';
import { incidentSubject, previewFeed, previewReport } from '../reporting/preview.js';
import { LoginLimiter, LoginLinks, OWNER_ACTOR, sameSecret, Sessions, type DashboardSession } from './auth.js';
import { removeControlFile, writeControlFile } from './control-file.js';
import { checkPassword, passwordFilePath, storedPassword } from './password.js';
import { cookie, escapeHtml, HttpProblem, publicFile, readFields, send, sendJson } from './http.js';
import { LiveStreams, Recent } from './live.js';
import { LogTap, type LogLine } from './log-tap.js';

/** What the dashboard reads from the runtime that has no token of its own. */
export interface DashboardOptions {
  /** The state of the connection to the dedicated server ('connected', 'reconnecting', ...). */
  connectionState(): string;
  /** The analytics service, once the runtime has made it (after the apps started). */
  analytics(): AnalyticsService | undefined;
}
export const DashboardOptions = Symbol('DashboardOptions');

const SESSION_COOKIE = 'pitwall_session';
/** Logins as the game has them; anything else never reaches a command line. */
const LOGIN = /^[A-Za-z0-9_.-]{1,64}$/;
/** The player actions and the admin app's commands they run, exactly as typed in game. */
const PLAYER_ACTIONS: Record<string, { command: string; reasonRequired?: boolean }> = {
  kick: { command: 'kick' },
  mute: { command: 'mute' },
  warn: { command: 'warn', reasonRequired: true },
  ban: { command: 'ban' },
};

export interface ChatLine {
  time: string;
  login: string;
  nickName: string;
  text: string;
}

export interface CommandAnswer {
  result: DispatchResult;
  answers: string[];
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

const STATUS_OF: Record<DispatchResult, number> = { ran: 200, denied: 403, unknown: 404, invalid: 400, 'not-a-command': 400 };

/**
 * The owner's web dashboard: a small HTTP server on loopback (node:http: a handful of routes need no
 * framework), one-time login links, cookie sessions with a CSRF token, and server-sent events for live pages.
 * Every action is a command line run through the same CommandRegistry and AccessControl as in game.
 */
@injectable()
export class DashboardService {
  readonly links = new LoginLinks();
  readonly sessions = new Sessions();
  readonly limiter = new LoginLimiter();
  private readonly live = new LiveStreams();
  private readonly chatLines = new Recent<ChatLine>(200);
  private readonly logLines = new Recent<LogLine>(500);
  private readonly joinedAt = new Map<string, number>();
  private readonly startedAt = Date.now();
  private readonly controlKey = randomBytes(32).toString('base64url');
  private readonly log: Logger;
  private http?: Server;
  private address?: { host: string; port: number };
  /** When the current map began (its beginMap) and the mode's S_TimeLimit in seconds then (0: none). */
  private mapClock?: { began: number; limitSeconds: number };
  /** The stored password line as last read: when the file changes, every session ends. */
  private password?: string;

  constructor(
    @inject(Settings) private readonly settings: Settings,
    @inject(Logger) private readonly logger: Logger,
    @inject(GameServer) private readonly server: GameServer,
    @inject(ServerEvents) private readonly events: ServerEvents,
    @inject(CommandRegistry) private readonly commands: CommandRegistry,
    @inject(AccessControl) private readonly access: AccessControl,
    @inject(Database) private readonly database: Database,
    @inject(DashboardOptions) private readonly options: DashboardOptions,
    @inject(AppHost) private readonly host: AppHost,
    @inject(AppSettingsService) private readonly appSettings: AppSettingsService,
    @inject(FaultBoundary) private readonly boundary: FaultBoundary,
    @inject(ExceptionHandler) private readonly reports: ExceptionHandler,
    @inject(UiManager) private readonly ui: UiManager,
  ) {
    this.log = logger.child({ label: 'dashboard' });
  }

  /** The address pages are served at, once started. */
  get url(): string {
    if (!this.address) throw new Error('the dashboard is not started');
    const { host, port } = this.address;
    return `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}/`;
  }

  get started(): boolean {
    return this.address !== undefined;
  }

  /** A one-time login link for `actor` (the owner by default). */
  loginLink(actor = OWNER_ACTOR): string {
    return `${this.url}login?token=${this.links.issue(actor)}`;
  }

  /** Listens on DASHBOARD.host:port; the Disposable stops it (open event streams are ended). */
  async start(): Promise<Disposable> {
    const { host, port } = this.settings.DASHBOARD;
    this.password = storedPassword(this.settings.DATA_DIR);
    if (!isLoopback(host) && !this.password) throw new PitwallError('PW_ERR_DASHBOARD_HOST', { host, file: passwordFilePath(this.settings.DATA_DIR) });
    const store = new DisposableStore();
    store.add(this.access.addActor(OWNER_ACTOR, 'master'));
    store.add(this.watchServer());
    const tap = new LogTap((line) => {
      this.logLines.push(line);
      this.live.send('log', line);
    });
    this.logger.add(tap);
    store.add(toDisposable(() => void this.logger.remove(tap)));
    const http = createServer((request, response) => void this.handle(request, response));
    http.headersTimeout = 10_000;
    http.requestTimeout = 30_000;
    try {
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          http.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      await store.dispose();
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'EADDRINUSE' ? 'the port is already in use' : code === 'EACCES' ? 'the port needs privileges Pitwall does not have' : (error as Error).message;
      throw new PitwallError('PW_ERR_DASHBOARD_PORT', { host, port, reason }, { cause: error });
    }
    const bound = http.address();
    this.http = http;
    this.address = { host, port: typeof bound === 'object' && bound ? bound.port : port };
    store.add(
      toDisposable(async () => {
        this.live.close();
        http.closeAllConnections();
        await new Promise<void>((resolve) => http.close(() => resolve()));
        this.address = undefined;
      }),
    );
    const trouble = writeControlFile(this.settings.DATA_DIR, { url: this.url, key: this.controlKey, pid: process.pid });
    if (trouble) this.log.warn(`Cannot write ${this.settings.DATA_DIR}/dashboard.json (${trouble}): \`pitwall dashboard link\` will not find this controller; //dashboard in game still gives a link`);
    else store.add(toDisposable(() => removeControlFile(this.settings.DATA_DIR, this.controlKey)));
    this.log.info(`Dashboard: ${this.url} (log in with the link \`pitwall dashboard link\` prints, or //dashboard in game)`);
    return this.disposing(store);
  }

  /** Keeps the live pages in step with the server: players, the map, chat. */
  private watchServer(): Disposable {
    const store = new DisposableStore();
    const now = Date.now();
    for (const login of this.server.players.keys()) this.joinedAt.set(login, now);
    const players = (): void => this.live.send('players', this.playersView());
    store.add(
      this.events.on('playerConnect', ({ login }) => {
        this.joinedAt.set(login, Date.now());
        players();
      }),
    );
    store.add(
      this.events.on('playerDisconnect', ({ login }) => {
        this.joinedAt.delete(login);
        players();
      }),
    );
    store.add(
      this.events.on('beginMap', () => {
        const began = Date.now();
        this.mapClock = undefined;
        this.live.send('server', this.serverView());
        void this.sendMaps();
        void this.readTimeLimit(began);
      }),
    );
    // The jukebox and the list change through chat commands too (/jukebox, //removemap, //add tmx).
    store.add(
      this.events.on('playerChat', ({ isCommand, text }) => {
        if (isCommand && /^\/\/?(jukebox|removemap|add|remove|addmap|tmx)\b/i.test(text)) setTimeout(() => void this.sendMaps(), 250).unref();
      }),
    );
    store.add(this.events.on('reconnected', () => this.live.send('server', this.serverView())));
    store.add(this.events.on('disconnected', () => this.live.send('server', this.serverView())));
    store.add(
      this.events.on('playerChat', ({ login, text, isCommand }) => {
        // Commands may carry passwords (//password): the console shows only their own answers.
        if (isCommand) return;
        this.addChat({ time: new Date().toISOString(), login, nickName: this.server.players.get(login)?.nickName ?? login, text });
      }),
    );
    return this.disposing(store);
  }

  /** A store as one Disposable whose failures are logged. */
  private disposing(store: DisposableStore): Disposable {
    return toDisposable(async () => {
      for (const failure of await store.dispose()) this.log.error(`Stopping the dashboard failed: ${(failure as Error).message ?? String(failure)}`);
    });
  }

  private addChat(line: ChatLine): void {
    this.chatLines.push(line);
    this.live.send('chat', line);
  }

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
   * none), read at each map's start: the time left is counted from then.
   */
  private async readTimeLimit(began: number): Promise<void> {
    try {
      const settings = (await this.server.call('GetModeScriptSettings')) as Record<string, unknown>;
      const limit = Number(settings?.S_TimeLimit ?? 0);
      this.mapClock = { began, limitSeconds: Number.isFinite(limit) && limit > 0 ? limit : 0 };
      this.live.send('server', this.serverView());
    } catch (error) {
      this.log.debug(`The time limit could not be read: ${(error as Error).message}`);
    }
  }

  /** Seconds left on the map, or null when the mode has no time limit or the map began before the dashboard. */
  private timeLeftSeconds(): number | null {
    if (!this.mapClock || this.mapClock.limitSeconds === 0) return null;
    return Math.max(0, Math.round(this.mapClock.limitSeconds - (Date.now() - this.mapClock.began) / 1000));
  }

  private async sendMaps(): Promise<void> {
    try {
      this.live.send('maps', await this.mapsView());
    } catch (error) {
      this.log.warn(`The Maps page could not be updated: ${(error as Error).message}`);
    }
  }

  /** A map action as the command a player types: its number is looked up in the list just before. */
  private async mapAction(request: IncomingMessage, response: ServerResponse, session: DashboardSession, action: string): Promise<void> {
    const fields = await readFields(request);
    let line: string;
    if (action === 'tmx') {
      const id = fields.id;
      if (typeof id !== 'string' && typeof id !== 'number') throw new HttpProblem(400, 'Give "id": the TMX map id (a number, as in //add tmx <id>).');
      if (!/^[1-9]\d{0,9}$/.test(String(id))) throw new HttpProblem(400, `"${String(id).slice(0, 40)}" is not a TMX map id: give its number, e.g. 101.`);
      line = `//add tmx ${id}`;
    } else {
      const { uid } = fields;
      if (typeof uid !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(uid)) throw new HttpProblem(400, 'Give "uid": the map\'s uid, as in GET /api/maps.');
      const view = (await this.mapsView()).maps as MapView[];
      const map = view.find((each) => each.uid === uid);
      if (!map) throw new HttpProblem(404, `No map with uid ${uid} is on the server's list.`);
      line = action === 'queue' ? `/jukebox add ${map.number}` : `//removemap ${map.number}`;
    }
    const answer = await this.runCommand(session.actor, line);
    void this.sendMaps();
    return sendJson(response, STATUS_OF[answer.result], answer);
  }

  /** Runs a command line as `actor`, through the same dispatcher and checks as chat; resolves with every answer. */
  async runCommand(actor: string, line: string, logged = commandForLog(line)): Promise<CommandAnswer> {
    const answers: string[] = [];
    const reply = async (message: string): Promise<void> => void answers.push(message);
    this.log.info(`${actor} runs ${logged}`);
    let outcome;
    try {
      outcome = await this.commands.runLine(actor, line, reply);
    } catch (error) {
      this.log.error(`${logged} by ${actor} failed: ${(error as Error).message}`);
      return { result: 'ran', answers: [...answers, 'The command failed; the log has the error.'] };
    }
    if (outcome.answer) answers.push(outcome.answer);
    return { result: outcome.result, answers };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      await this.route(request, response);
    } catch (error) {
      if (error instanceof HttpProblem) {
        if (!response.headersSent) sendJson(response, error.status, { error: error.message }, error.headers);
        else response.end();
        return;
      }
      this.log.error(`The dashboard could not answer ${request.method} ${request.url?.split('?')[0]}: ${(error as Error).message}`);
      if (!response.headersSent) sendJson(response, 500, { error: 'The dashboard failed to answer; the log has the error.' });
      else response.end();
    }
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.checkHost(request);
    const url = new URL(request.url ?? '/', 'http://dashboard');
    const path = url.pathname;
    const method = request.method ?? 'GET';
    if (method === 'POST') this.checkOrigin(request);
    this.notePasswordChange();

    if (method === 'GET' && path.startsWith('/static/')) {
      const file = await publicFile(path.slice('/static/'.length));
      if (!file) throw new HttpProblem(404, `Nothing is at ${path}.`);
      response.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' });
      response.end(file.body);
      return;
    }
    if (path === '/login' && method === 'GET') return this.loginPage(response, url.searchParams.get('token') ?? '');
    if (path === '/login' && method === 'POST') return this.login(request, response);
    if (path === '/internal/link' && method === 'POST') {
      const given = String(request.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!sameSecret(given, this.controlKey)) throw new HttpProblem(403, 'Wrong control key.');
      this.log.info('A login link was printed by `pitwall dashboard link`');
      return sendJson(response, 200, { url: this.loginLink() });
    }
    if (path === '/internal/password' && method === 'POST') {
      const given = String(request.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!sameSecret(given, this.controlKey)) throw new HttpProblem(403, 'Wrong control key.');
      // notePasswordChange() above has already ended the sessions if the file changed.
      return sendJson(response, 200, { sessions: this.sessions.size });
    }

    let session = this.sessions.get(cookie(request, SESSION_COOKIE));
    if (session && this.access.levelOf(session.actor) === 'player') {
      // An operator or admin whose level was taken away in game: their session ends with it.
      this.sessions.end(cookie(request, SESSION_COOKIE)!);
      this.live.closeFor(session);
      this.log.info(`${session.actor} no longer has an admin level: their dashboard session ended`);
      session = undefined;
    }
    if (path === '/' && method === 'GET') {
      if (!session) {
        response.writeHead(303, { location: '/login', 'cache-control': 'no-store' });
        response.end();
        return;
      }
      const page = await publicFile('index.html');
      return send(response, 200, page!.body.toString('utf8'), page!.type);
    }
    if (!path.startsWith('/api/') && path !== '/logout') throw new HttpProblem(404, `Nothing is at ${path}.`);
    if (!session) throw new HttpProblem(401, 'Not logged in: open a link from `pitwall dashboard link` (or //dashboard in game).');
    if (method === 'POST') this.checkCsrf(request, session);

    const key = `${method} ${path}`;
    switch (key) {
      case 'POST /logout':
        this.sessions.end(cookie(request, SESSION_COOKIE)!);
        this.live.closeFor(session);
        this.log.info(`${session.actor} logged out of the dashboard`);
        return sendJson(response, 200, { loggedOut: true }, { 'set-cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0` });
      case 'GET /api/session':
        return sendJson(response, 200, { actor: session.actor, level: this.access.levelOf(session.actor), csrf: session.csrf });
      case 'GET /api/server':
        return sendJson(response, 200, this.serverView());
      case 'GET /api/players':
        return sendJson(response, 200, this.playersView());
      case 'GET /api/chat':
        return sendJson(response, 200, this.chatLines.list());
      case 'GET /api/log':
        return sendJson(response, 200, this.logLines.list());
      case 'GET /api/events':
        this.live.open(response, session, [
          { event: 'server', data: this.serverView() },
          { event: 'players', data: this.playersView() },
          { event: 'apps', data: this.appsView() },
        ]);
        return;
      case 'POST /api/command': {
        const { line } = await readFields(request);
        if (typeof line !== 'string' || !/^\/\/?\S/.test(line.trim())) throw new HttpProblem(400, 'Give "line": a command as typed in game, e.g. "//kick bob".');
        const answer = await this.runCommand(session.actor, line.trim());
        return sendJson(response, STATUS_OF[answer.result], answer);
      }
      case 'GET /api/apps':
        return sendJson(response, 200, this.appsView());
      case 'GET /api/incidents': {
        const app = url.searchParams.get('app');
        return sendJson(response, 200, this.incidentsView(app === null || app === '' ? undefined : app));
      }
      case 'GET /api/hud': {
        const login = url.searchParams.get('login') ?? '';
        if (!LOGIN.test(login)) throw new HttpProblem(400, 'Give ?login=<login> of a connected player: the HUD preview shows what they see.');
        if (!this.server.players.has(login)) throw new HttpProblem(404, `${login} is not connected: the HUD preview shows a connected player's pages.`);
        return sendJson(response, 200, { login, pages: this.ui.shownTo(login) });
      }
      case 'GET /api/maps':
        return sendJson(response, 200, await this.mapsView());
      case 'GET /api/privacy':
        return sendJson(response, 200, this.privacyView());
      case 'POST /api/chat': {
        const { text } = await readFields(request);
        if (typeof text !== 'string' || text.trim() === '' || text.length > 500) throw new HttpProblem(400, 'Give "text": a chat line of 1 to 500 characters.');
        await this.server.chat(`[Owner] ${text}`);
        this.addChat({ time: new Date().toISOString(), login: session.actor, nickName: 'Owner', text });
        return sendJson(response, 200, { sent: true });
      }
    }
    const action = /^\/api\/players\/([^/]+)\/([a-z]+)$/.exec(path);
    if (action && method === 'POST') {
      const login = decodeURIComponent(action[1]!);
      const spec = PLAYER_ACTIONS[action[2]!];
      if (!spec) throw new HttpProblem(404, `Unknown player action '${action[2]}': use ${Object.keys(PLAYER_ACTIONS).join(', ')}.`);
      if (!LOGIN.test(login)) throw new HttpProblem(400, 'The login must be letters, digits, ".", "_" or "-".');
      const { reason = '' } = await readFields(request);
      if (typeof reason !== 'string' || reason.length > 500) throw new HttpProblem(400, 'Give "reason" as text of at most 500 characters.');
      if (spec.reasonRequired && reason.trim() === '') throw new HttpProblem(400, `A ${action[2]} needs a "reason".`);
      // The same line a player would type: the same parameters, levels and refusals as in game.
      const answer = await this.runCommand(session.actor, `//${spec.command} ${login}${reason.trim() ? ` ${reason.replace(/\s+/g, ' ').trim()}` : ''}`);
      return sendJson(response, STATUS_OF[answer.result], answer);
    }
    const incident = /^\/api\/incidents\/([0-9a-f]{32})$/.exec(path);
    if (incident && method === 'GET') {
      const view = this.incidentView(incident[1]!);
      if (!view) throw new HttpProblem(404, `There is no incident ${incident[1]} in the local log.`);
      return sendJson(response, 200, view);
    }
    const mapAction = /^\/api\/maps\/(queue|remove|tmx)$/.exec(path);
    if (mapAction && method === 'POST') return this.mapAction(request, response, session, mapAction[1]!);
    const appAction = /^\/api\/apps\/([a-z][a-z0-9_-]{0,63})\/(settings|restart)$/.exec(path);
    if (appAction && method === 'POST') return this.appAction(request, response, session, appAction[1]!, appAction[2]!);
    throw new HttpProblem(404, `Nothing is at ${method} ${path}.`);
  }

  /** A setting changed through `//set` (the same checks and answers), or a restart, which needs master. */
  private async appAction(request: IncomingMessage, response: ServerResponse, session: DashboardSession, app: string, action: string): Promise<void> {
    const fields = await readFields(request);
    if (action === 'restart') {
      if (!this.access.can(session.actor, 'master')) {
        return sendJson(response, 403, { result: 'denied', answers: [`You are not allowed to restart apps: it needs master (you are ${this.access.levelOf(session.actor)}).`] });
      }
      this.log.info(`${session.actor} restarts app '${app}'`);
      const answer = await this.host.restartApp(app, session.actor);
      this.live.send('apps', this.appsView());
      return sendJson(response, 200, { result: 'ran', answers: [answer] });
    }
    const { key, value } = fields;
    if (typeof key !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(key)) throw new HttpProblem(400, 'Give "key": the name of one of the app\'s settings.');
    if (typeof value !== 'string' || value.length > 4000 || /[\r\n]/.test(value)) throw new HttpProblem(400, 'Give "value" as one line of text, as typed after //set (or --reset).');
    const answer = await this.runCommand(session.actor, `//set ${app}.${key} ${value}`, `//set ${app}.${key} ********`);
    this.live.send('apps', this.appsView());
    return sendJson(response, STATUS_OF[answer.result], answer);
  }

  /**
   * The password file is read at every request (one small file): a password set or changed with
   * `pitwall dashboard passwd` ends every session at once, link sessions too, and their open streams.
   */
  private notePasswordChange(): void {
    const current = storedPassword(this.settings.DATA_DIR);
    if (current === this.password) return;
    this.password = current;
    const ended = this.sessions.endAll();
    this.live.closeAll();
    this.log.info(`The dashboard password was ${current ? 'changed' : 'removed'}: ${ended} session(s) ended`);
  }

  private loginPage(response: ServerResponse, token: string, problem?: string, status = 200): void {
    const link = /^[A-Za-z0-9_-]{20,100}$/.test(token)
      ? `<form method="post" action="/login"><input type="hidden" name="token" value="${escapeHtml(token)}"><button type="submit" id="login">Log in to the dashboard</button></form>`
      : '<p>Open the one-time link that <code>pitwall dashboard link</code> prints (or that <code>//dashboard</code> gives an admin in game).</p>';
    const password = this.password
      ? '<form method="post" action="/login" id="password-form"><label>Owner password <input type="password" name="password" id="password" autocomplete="current-password" required></label> <button type="submit" id="password-login">Log in</button></form>'
      : '';
    const error = problem ? `<p class="error" id="login-error" role="alert">${escapeHtml(problem)}</p>` : '';
    send(response, status, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pitwall: log in</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/static/style.css"></head><body class="login"><main><h1>Pitwall</h1>${error}${password}${link}</main></body></html>`, 'text/html; charset=utf-8');
  }

  private async login(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const address = request.socket.remoteAddress ?? 'unknown';
    if (!this.limiter.allows(address)) {
      throw new HttpProblem(429, `Too many failed logins from ${address}: wait ${this.limiter.retryAfterSeconds} s, then open a new link.`, { 'retry-after': String(this.limiter.retryAfterSeconds) });
    }
    const fields = await readFields(request);
    const fromForm = String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    let actor: string | undefined;
    if (fields.password !== undefined) {
      const stored = this.password;
      if (!stored) throw new HttpProblem(401, 'No dashboard password is set: set one with `pitwall dashboard passwd`, or log in with a link from `pitwall dashboard link`.');
      const ok = typeof fields.password === 'string' && (await checkPassword(stored, fields.password));
      if (!ok) {
        this.limiter.failed(address);
        this.log.warn(`A dashboard login from ${address} was refused: wrong password`);
        const message = 'Wrong password.';
        if (fromForm) return this.loginPage(response, '', message, 401);
        throw new HttpProblem(401, message);
      }
      actor = OWNER_ACTOR;
    } else {
      const { token } = fields;
      actor = typeof token === 'string' ? this.links.consume(token) : undefined;
      if (!actor) {
        this.limiter.failed(address);
        this.log.warn(`A dashboard login from ${address} was refused: the link is unknown, used or expired`);
        throw new HttpProblem(401, 'This login link is unknown, already used or expired: print a new one with `pitwall dashboard link`.');
      }
    }
    const { id } = this.sessions.create(actor);
    this.log.info(`${actor} logged in to the dashboard from ${address}${fields.password !== undefined ? ' with the password' : ''}`);
    response.writeHead(303, {
      location: '/',
      'set-cookie': `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict`,
      'cache-control': 'no-store',
    });
    response.end();
  }

  /** Only the dashboard's own names: a page elsewhere cannot reach it through DNS rebinding. */
  private checkHost(request: IncomingMessage): void {
    const port = this.address!.port;
    const allowed = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${this.settings.DASHBOARD.host}:${port}`]);
    const given = String(request.headers.host ?? '');
    // Bound beyond loopback (a password is set), the machine's own addresses are answered too; a name still is
    // not, unless it is DASHBOARD.host: an address cannot be rebound.
    const literal = /^(\[[0-9a-fA-F:.]+\]|\d{1,3}(\.\d{1,3}){3}):(\d+)$/.exec(given);
    const ownAddress = !isLoopback(this.settings.DASHBOARD.host) && literal !== null && literal[3] === String(port) && isIP(literal[1]!.replace(/^\[|\]$/g, '')) !== 0;
    if (!allowed.has(given) && !ownAddress) throw new HttpProblem(403, `The dashboard answers only as http://127.0.0.1:${port}/.`);
  }

  /**
   * Browsers say where a request comes from: Sec-Fetch-Site, and Origin (which is 'null' under the pages'
   * no-referrer policy). Scripts (curl, the owner's own) send neither and carry the CSRF token instead.
   */
  private checkOrigin(request: IncomingMessage): void {
    const site = request.headers['sec-fetch-site'];
    const origin = request.headers.origin;
    const foreignSite = site !== undefined && site !== 'same-origin' && site !== 'none';
    const foreignOrigin = origin !== undefined && origin !== 'null' && origin !== `http://${request.headers.host}`;
    if (foreignSite || foreignOrigin) throw new HttpProblem(403, 'A request from another site was refused.');
  }

  private checkCsrf(request: IncomingMessage, session: DashboardSession): void {
    const given = request.headers['x-csrf-token'];
    if (typeof given !== 'string' || !sameSecret(given, session.csrf)) {
      throw new HttpProblem(403, 'Missing or stale CSRF token: reload the page (the X-CSRF-Token header must carry the csrf of GET /api/session).');
    }
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** A command line for the log: the words after //password and a //set value (it may be a secret) are not written down. */
function commandForLog(line: string): string {
  if (/^\/\/?password\b/i.test(line)) return '//password ********';
  const set = /^(\/\/?set\s+\S+)\s+\S/i.exec(line);
  return set ? `${set[1]} ********` : line;
}
