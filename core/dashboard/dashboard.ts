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
import { commandForLog, mapActionLine, PLAYER_ACTIONS, STATUS_OF } from './command-lines.js';
import { checkCsrf, checkHost, checkOrigin, isLoopback } from './guards.js';
import { DashboardOptions, DashboardViews, type ChatLine, type MapView } from './views.js';
import { ServerEvents } from '../server/events.js';
import { GameServer } from '../server/facade.js';
import { Database } from '../storage/database.js';
import { UiManager } from '../ui/manager.js';
import { ExceptionHandler } from '../reporting/exception-handler.js';
import { LoginLimiter, LoginLinks, OWNER_ACTOR, sameSecret, Sessions, type DashboardSession } from './auth.js';
import { removeControlFile, writeControlFile } from './control-file.js';
import { passwordFilePath, storedPassword } from './password.js';
import { loginPageHtml, logIn, SESSION_COOKIE } from './login.js';
import { cookie, HttpProblem, publicFile, readFields, send, sendJson } from './http.js';
import { LiveStreams, Recent } from './live.js';
import { LogTap, type LogLine } from './log-tap.js';
import { watchServer } from './server-watch.js';
import { listen } from './listen.js';

export { DashboardOptions, type ChatLine, type MapView } from './views.js';

/** Logins as the game has them; anything else never reaches a command line. */
const LOGIN = /^[A-Za-z0-9_.-]{1,64}$/;

export interface CommandAnswer {
  result: DispatchResult;
  answers: string[];
}

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
  private readonly views: DashboardViews;
  private readonly controlKey = randomBytes(32).toString('base64url');
  private readonly log: Logger;
  private http?: Server;
  private address?: { host: string; port: number };
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
    this.views = new DashboardViews(settings, server, access, database, options, host, appSettings, boundary, reports);
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
      await listen(http, host, port);
    } catch (error) {
      await store.dispose();
      throw error;
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
    return this.disposing(
      watchServer(this.events, this.server, this.views, this.live, {
        maps: () => this.sendMaps(),
        chat: (line) => this.addChat(line),
        debug: (line) => this.log.debug(line),
      }),
    );
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

  private async sendMaps(): Promise<void> {
    try {
      this.live.send('maps', await this.views.mapsView());
    } catch (error) {
      this.log.warn(`The Maps page could not be updated: ${(error as Error).message}`);
    }
  }

  /** A map action as the command a player types: its number is looked up in the list just before. */
  private async mapAction(request: IncomingMessage, response: ServerResponse, session: DashboardSession, action: string): Promise<void> {
    const fields = await readFields(request);
    const line = await mapActionLine(action, fields, async () => (await this.views.mapsView()).maps as MapView[]);
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
    checkHost(request, this.address!.port, this.settings.DASHBOARD.host);
    const url = new URL(request.url ?? '/', 'http://dashboard');
    const path = url.pathname;
    const method = request.method ?? 'GET';
    if (method === 'POST') checkOrigin(request);
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
    if (method === 'POST') checkCsrf(request, session);

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
        return sendJson(response, 200, this.views.serverView());
      case 'GET /api/players':
        return sendJson(response, 200, this.views.playersView());
      case 'GET /api/chat':
        return sendJson(response, 200, this.chatLines.list());
      case 'GET /api/log':
        return sendJson(response, 200, this.logLines.list());
      case 'GET /api/events':
        this.live.open(response, session, [
          { event: 'server', data: this.views.serverView() },
          { event: 'players', data: this.views.playersView() },
          { event: 'apps', data: this.views.appsView() },
        ]);
        return;
      case 'POST /api/command': {
        const { line } = await readFields(request);
        if (typeof line !== 'string' || !/^\/\/?\S/.test(line.trim())) throw new HttpProblem(400, 'Give "line": a command as typed in game, e.g. "//kick bob".');
        const answer = await this.runCommand(session.actor, line.trim());
        return sendJson(response, STATUS_OF[answer.result], answer);
      }
      case 'GET /api/apps':
        return sendJson(response, 200, this.views.appsView());
      case 'GET /api/incidents': {
        const app = url.searchParams.get('app');
        return sendJson(response, 200, this.views.incidentsView(app === null || app === '' ? undefined : app));
      }
      case 'GET /api/hud': {
        const login = url.searchParams.get('login') ?? '';
        if (!LOGIN.test(login)) throw new HttpProblem(400, 'Give ?login=<login> of a connected player: the HUD preview shows what they see.');
        if (!this.server.players.has(login)) throw new HttpProblem(404, `${login} is not connected: the HUD preview shows a connected player's pages.`);
        return sendJson(response, 200, { login, pages: this.ui.shownTo(login) });
      }
      case 'GET /api/maps':
        return sendJson(response, 200, await this.views.mapsView());
      case 'GET /api/privacy':
        return sendJson(response, 200, this.views.privacyView());
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
      const view = this.views.incidentView(incident[1]!);
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
      this.live.send('apps', this.views.appsView());
      return sendJson(response, 200, { result: 'ran', answers: [answer] });
    }
    const { key, value } = fields;
    if (typeof key !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(key)) throw new HttpProblem(400, 'Give "key": the name of one of the app\'s settings.');
    if (typeof value !== 'string' || value.length > 4000 || /[\r\n]/.test(value)) throw new HttpProblem(400, 'Give "value" as one line of text, as typed after //set (or --reset).');
    const answer = await this.runCommand(session.actor, `//set ${app}.${key} ${value}`, `//set ${app}.${key} ********`);
    this.live.send('apps', this.views.appsView());
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
    send(response, status, loginPageHtml(token, Boolean(this.password), problem), 'text/html; charset=utf-8');
  }

  private login(request: IncomingMessage, response: ServerResponse): Promise<void> {
    return logIn(request, response, {
      links: this.links,
      sessions: this.sessions,
      limiter: this.limiter,
      password: this.password,
      log: this.log,
      loginPage: (problem, status) => this.loginPage(response, '', problem, status),
    });
  }

}

