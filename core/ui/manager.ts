import { DisposableStore, Emitter, type Disposable } from '../disposables.js';
import { PitwallError } from '../errors.js';
import { isPageId, type PageId } from '../ids.js';
import type { MulticallEntry } from '../gbx/client.js';
import type { Logger } from '../logging/logger.js';
import { CommandRateLimiter } from '../server/command-rate.js';
import type { ServerEventMap } from '../server/event-map.js';
import type { ServerEvents } from '../server/events.js';
import type { GameServer } from '../server/facade.js';
import type { PermissionCheck } from '../server/levels.js';
import { handlerOf, requiredLevel, type UiClick } from './action.js';
import type { HudChoices } from './hud.js';
import type { AnswerOutcome, AppUi, AppUiRunner, UiContent, UiTarget, WidgetChoice, WidgetInfo, WidgetOptions } from './app-ui.js';
import { CrowdState, isCrowdContent, type CrowdContent } from './crowd.js';
import type { Child } from './markup.js';
import { emptyPage, renderPage, type RenderedPage } from './page.js';
import { ManialinkSender } from './sender.js';
import { NadeoModuleHiding } from './nadeo-modules.js';
import { choiceHandle, declareWidget, valueOf, widgetKeyOf, widgetsOf, type AppWidgets } from './widgets.js';

export type { AnswerOutcome, AppUi, AppUiRunner, UiContent, UiTarget, WidgetChoice, WidgetChoiceHandle, WidgetInfo, WidgetOptions } from './app-ui.js';

export interface UiManagerOptions {
  server: GameServer;
  /** The server's typed events: joins, leaves, reconnects and clicks (`playerAnswer`) all come from here. */
  events: ServerEvents;
  /** The one permission check, the same as for commands (CommandRegistry.allows). */
  allows: PermissionCheck;
  logger: Logger;
  /** The per-player flood limit, shared with chat commands (default: its own, 10 clicks every 5 s). */
  rateLimiter?: CommandRateLimiter;
  /** Each player's hidden widgets and choices (without it, every widget shows for everyone, each choice its default). */
  hud?: HudChoices;
  /** Told each time an app declares a widget (the core offers /hud once there is one). */
  onWidget?: () => void;
  /** Past this many connected players, pages drawn two ways (CrowdContent) show their shared page (UI_CROWD_PLAYERS; back per player at CrowdState's lower mark). */
  crowdPlayers?: number;
}

const PREFIX = 'pitwall.';

interface Page {
  app: AppPages;
  manialinkId: string;
  /** Content for everyone, also rendered for players who join later (and drawn again when the crowd switches). */
  everyone?: UiContent | CrowdContent;
  /** What each player has on screen now (their XML and its handlers). */
  shown: Map<string, RenderedPage>;
  /** The page with nothing in it: not worth sending to a player who never had the page. */
  empty: string;
  /** The key of the widget it belongs to, once found (a page's widget never changes). */
  widgetKey?: string;
}

interface AppPages {
  id: string;
  /** Its pages declared as widgets, by page name, with their titles and choices. */
  widgets?: AppWidgets;
  runner: AppUiRunner;
  pages: Map<string, Page>;
  /** Pages taken over from the version before a reload and not shown again since: hidden by releaseHeld(). */
  stale?: Set<string>;
}

/**
 * Every app's ManiaLink pages: renders, sends only what changed (one multicall for many players), restores
 * everyone-pages for joining players, and routes button answers to the owning app's handler.
 */
export class UiManager {
  private readonly apps = new Map<string, AppPages>();
  /** Apps whose pages stay on screen when their ctx.ui is disposed (a reload is under way). */
  private readonly holding = new Set<string>();
  /** Pages kept on screen across a reload, until the app's next forApp() takes them over. */
  private readonly held = new Map<string, AppPages>();
  /** Clicks on an app's pages while a reload swaps its versions, in order: handed to the version that runs next. */
  private readonly heldClicks = new Map<string, ServerEventMap['playerAnswer'][]>();
  private readonly pages = new Map<string, Page>();
  private readonly limiter: CommandRateLimiter;
  private readonly answers: Emitter<AnswerOutcome>;
  private readonly subscriptions = new DisposableStore();
  private readonly sender: ManialinkSender;
  private readonly nadeoModules = new NadeoModuleHiding();
  private readonly crowd: CrowdState;

  constructor(private readonly options: UiManagerOptions) {
    this.sender = new ManialinkSender(options.server, options.logger);
    this.crowd = new CrowdState(options.crowdPlayers);
    this.crowd.count(options.server.players.size);
    this.limiter = options.rateLimiter ?? new CommandRateLimiter({ count: 10, seconds: 5 });
    this.answers = new Emitter((error) => options.logger.warn(`A ManiaLink answer listener failed: ${(error as Error).message}`));
    const { events } = options;
    // The players already on screen switch first; the one joining gets the pages of the new count.
    this.subscriptions.add(events.on('playerConnect', ({ login }) => void this.recount().then(() => this.restore(login))));
    this.subscriptions.add(events.on('playerDisconnect', ({ login }) => {
      this.forget(login);
      void this.recount();
    }));
    this.subscriptions.add(events.on('reconnected', () => void this.resendAll()));
    // Clicks come through the facade's ordered queue, after whatever the server sent before them.
    this.subscriptions.add(events.on('playerAnswer', (click) => this.answer(click)));
  }

  /** The `ctx.ui` of one app; disposing it removes every page the app showed. */
  forApp(id: string, runner: AppUiRunner): AppUi & Disposable {
    const manager = this;
    const app: AppPages = { id, runner, pages: new Map() };
    const previous = this.held.get(id);
    if (previous) {
      // The new version of a reloaded app: the pages on screen are its own now; what it shows replaces them.
      this.held.delete(id);
      for (const [name, page] of previous.pages) {
        page.app = app;
        app.pages.set(name, page);
      }
      app.stale = new Set(previous.pages.keys());
    }
    this.apps.set(id, app);
    return {
      show: (name, content, target) => this.show(app, name, content, target),
      get crowded() {
        return manager.crowded;
      },
      hide: (name, target) => this.hide(app, name, target),
      widget: ((name: string, options: WidgetOptions & { choice?: WidgetChoice }) => {
        const key = declareWidget(app.id, (app.widgets ??= new Map()), name, options);
        if (options.replaces) void this.sender.send(this.nadeoModules.replace(app.id, options.replaces));
        this.options.onWidget?.();
        return options.choice && choiceHandle({ app: app.id, name, key, choice: options.choice }, this.options.hud, (login, value) => this.choose(login, key, value));
      }) as AppUi['widget'],
      dispose: () => this.removeApp(app),
    };
  }

  /** Whether the server is crowded (past UI_CROWD_PLAYERS, not yet back at the lower mark): two-way pages show their shared page. */
  get crowded(): boolean {
    return this.crowd.crowded;
  }

  /** Every widget the running apps declared, in the order of the apps and their declarations. */
  widgets(): WidgetInfo[] {
    return [...this.apps.values()].flatMap((app) => widgetsOf(app.id, app.widgets));
  }

  /** The player's value of a widget's choice (by the widget's ManiaLink id); undefined for a widget without one. */
  choiceOf(login: string, widgetId: string): string | undefined {
    const choice = this.widgets().find((known) => known.id === widgetId)?.choice;
    return choice && valueOf(this.options.hud, login, widgetId, choice);
  }

  /** A player picks a value of a widget's choice: stored, read by the app from then on. */
  async choose(login: string, widgetId: string, value: string): Promise<void> {
    await this.options.hud?.choose(login, widgetId, value);
  }

  /** Whether the player hid this widget (by its ManiaLink id). */
  isHidden(login: string, widgetId: string): boolean {
    return this.options.hud?.isHidden(login, widgetId) ?? false;
  }

  /**
   * A player shows or hides a widget: stored, then applied to their screen at once (a shown widget gets what
   * its app last drew for them, or its page for everyone).
   */
  async setHidden(login: string, widgetId: string, hidden: boolean): Promise<void> {
    await this.options.hud?.set(login, widgetId, hidden);
    const widget = this.widgets().find((known) => known.id === widgetId);
    const calls: MulticallEntry[] = [];
    for (const pageId of widget?.pages ?? []) {
      const page = this.pages.get(pageId);
      if (!page) continue;
      if (hidden) {
        if (page.shown.has(login)) calls.push(['SendDisplayManialinkPageToLogin', [login, page.empty, 0, false]]);
        continue;
      }
      const rendered = page.shown.get(login) ?? this.renderEveryone(page, login);
      if (!rendered) continue;
      page.shown.set(login, rendered);
      if (rendered.xml !== page.empty) calls.push(['SendDisplayManialinkPageToLogin', [login, rendered.xml, 0, false]]);
    }
    await this.sender.send(calls);
  }

  /** Reads the choices of players already connected when the controller starts. */
  async loadChoices(logins: Iterable<string>): Promise<void> {
    const hud = this.options.hud;
    if (hud) await Promise.all([...logins].map((login) => hud.load(login)));
  }

  /** Whether the page belongs to a widget the player hid (stored under the widget's first page). */
  private hiddenFor(page: Page, login: string): boolean {
    if (page.app.widgets === undefined || !this.options.hud) return false;
    const key = (page.widgetKey ??= widgetKeyOf(page.app.id, page.app.widgets, page.manialinkId.slice(PREFIX.length + page.app.id.length + 1)));
    return key !== undefined && this.isHidden(login, key);
  }

  /**
   * For a reload: the next time app `id`'s ctx.ui is disposed its pages stay on players' screens, for its next
   * version to take over (no flicker to empty). releaseHeld() ends the hold.
   */
  holdPages(id: string): void {
    this.holding.add(id);
  }

  /**
   * Ends a reload's hold: the pages the new version did not show again are hidden, and pages still held (no
   * new version started) are hidden too.
   */
  async releaseHeld(id: string): Promise<void> {
    this.holding.delete(id);
    const calls: MulticallEntry[] = [];
    const held = this.held.get(id);
    if (held) {
      this.held.delete(id);
      for (const page of held.pages.values()) calls.push(...this.hideCalls(page, undefined));
    }
    const app = this.apps.get(id);
    if (held && !app) calls.push(...this.nadeoModules.release(id));
    for (const name of app?.stale ?? []) {
      const page = app!.pages.get(name);
      if (page) calls.push(...this.hideCalls(page, undefined));
    }
    if (app) app.stale = undefined;
    await this.sender.send(calls);
    // The version running now has shown its pages: a click held during the swap reaches the action at the
    // same place of the same page, or is ignored when that page is no longer shown.
    const clicks = this.heldClicks.get(id) ?? [];
    this.heldClicks.delete(id);
    for (const click of clicks) this.answer(click, { replayed: true });
  }

  /** Told about every answer handled; returns the unsubscribe. */
  onAnswer(listener: (outcome: AnswerOutcome) => void): () => void {
    const subscription = this.answers.on(listener);
    return () => void subscription.dispose();
  }

  /** The pages `login` has on screen now, with their app and XML (what the dashboard's HUD preview draws). */
  shownTo(login: string): Array<{ app: string; id: string; xml: string }> {
    const shown: Array<{ app: string; id: string; xml: string }> = [];
    for (const page of this.pages.values()) {
      const rendered = page.shown.get(login);
      if (rendered && rendered.xml !== page.empty) shown.push({ app: page.app.id, id: page.manialinkId, xml: rendered.xml });
    }
    return shown;
  }

  /** How many logins it keeps pages for: connected players only, each released when they leave. */
  get trackedLogins(): number {
    const logins = new Set<string>();
    for (const page of this.pages.values()) for (const login of page.shown.keys()) logins.add(login);
    return logins.size;
  }

  async dispose(): Promise<void> {
    await this.subscriptions.dispose();
    this.answers.clear();
  }

  private page(app: AppPages, name: string): Page {
    let page = app.pages.get(name);
    if (page) return page;
    if (!isPageId(name)) throw new PitwallError('PW_ERR_UI_ID', { id: app.id, name });
    const manialinkId = `${PREFIX}${app.id}.${name}`;
    page = { app, manialinkId, shown: new Map(), empty: emptyPage(manialinkId) };
    app.pages.set(name, page);
    this.pages.set(page.manialinkId, page);
    return page;
  }

  private async show(app: AppPages, name: string, given: UiContent | CrowdContent, target: UiTarget = {}): Promise<void> {
    if (!app.runner.isActive()) throw new PitwallError('PW_ERR_APP_STOPPED', { id: app.id });
    app.stale?.delete(name);
    const page = this.page(app, name);
    const everyone = target.to === undefined;
    const players = this.options.server.players;
    // Only connected players: nothing is kept for a login that never joined (or has left).
    const logins = everyone ? [...players.keys()] : listOf(target.to!).filter((login) => players.has(login));
    if (everyone) page.everyone = given;
    const content = this.drawn(given);
    const calls: MulticallEntry[] = [];
    if (typeof content === 'function') {
      for (const login of logins) this.update(page, login, renderPage(page.manialinkId, content(login)), calls);
    } else {
      const rendered = renderPage(page.manialinkId, content);
      const due = logins.filter((login) => this.record(page, login, rendered));
      // The same XML for every connected player: one call instead of one per player.
      if (everyone && due.length > 1 && due.length === logins.length) calls.push(['SendDisplayManialinkPage', [rendered.xml, 0, false]]);
      else for (const login of due) calls.push(['SendDisplayManialinkPageToLogin', [login, rendered.xml, 0, false]]);
    }
    await this.sender.send(calls);
  }

  /** Records what `login` now has; queues the XML only when it differs from what they already have. */
  private update(page: Page, login: string, rendered: RenderedPage, calls: MulticallEntry[]): void {
    if (this.record(page, login, rendered)) calls.push(['SendDisplayManialinkPageToLogin', [login, rendered.xml, 0, false]]);
  }

  /** Records what `login` now has; true when it must be sent to them (it differs from what they have). */
  private record(page: Page, login: string, rendered: RenderedPage): boolean {
    const previous = page.shown.get(login);
    // Handlers are replaced even for identical XML: they close over the app's newest state.
    page.shown.set(login, rendered);
    if (previous === undefined && rendered.xml === page.empty) return false;
    // Kept, not sent, for a player who hid the widget: shown again, it has the newest content.
    if (this.hiddenFor(page, login)) return false;
    return previous?.xml !== rendered.xml;
  }

  private async hide(app: AppPages, name: string, target: UiTarget = {}): Promise<void> {
    const page = app.pages.get(name);
    if (!page) return;
    app.stale?.delete(name);
    await this.sender.send(this.hideCalls(page, target.to === undefined ? undefined : listOf(target.to)));
  }

  private hideCalls(page: Page, logins: readonly string[] | undefined): MulticallEntry[] {
    const empty = emptyPage(page.manialinkId);
    if (logins === undefined) {
      const had = page.shown.size;
      page.app.pages.delete(page.manialinkId.slice(PREFIX.length + page.app.id.length + 1));
      this.pages.delete(page.manialinkId);
      page.shown.clear();
      return had > 0 ? [['SendDisplayManialinkPage', [empty, 0, false]]] : [];
    }
    const calls: MulticallEntry[] = [];
    for (const login of logins) {
      if (page.shown.delete(login)) calls.push(['SendDisplayManialinkPageToLogin', [login, empty, 0, false]]);
    }
    return calls;
  }

  /** A joining player gets every page shown to everyone, in one multicall. */
  private async restore(login: string): Promise<void> {
    // The player's own choices first: a widget they hid is never sent to them, not even for a moment.
    if (this.options.hud) {
      try {
        await this.options.hud.load(login);
      } catch (error) {
        this.options.logger.warn(`Could not read ${login}'s HUD choices (every widget shows): ${(error as Error).message}`);
      }
    }
    if (!this.options.server.players.has(login)) return;
    const calls: MulticallEntry[] = [];
    for (const page of this.pages.values()) {
      const rendered = this.renderEveryone(page, login);
      if (rendered) this.update(page, login, rendered, calls);
    }
    await this.sender.send(calls);
  }

  /**
   * After a reconnect the dedicated server may have restarted and lost every page: each connected player is
   * sent what they should see again, and players who joined meanwhile get the everyone-pages.
   */
  private async resendAll(): Promise<void> {
    const players = this.options.server.players;
    const calls: MulticallEntry[] = this.nadeoModules.again();
    for (const page of this.pages.values()) {
      for (const login of page.shown.keys()) if (!players.has(login)) page.shown.delete(login);
      for (const login of players.keys()) {
        const rendered = page.shown.get(login) ?? this.renderEveryone(page, login);
        if (!rendered) continue;
        page.shown.set(login, rendered);
        if (this.hiddenFor(page, login)) continue;
        calls.push(['SendDisplayManialinkPageToLogin', [login, rendered.xml, 0, false]]);
      }
    }
    await this.sender.send(calls);
  }

  /** A page's everyone-content for one player, rendered as its app; undefined when it has none or rendering failed. */
  private renderEveryone(page: Page, login: string): RenderedPage | undefined {
    if (page.everyone === undefined) return undefined;
    const content = this.drawn(page.everyone);
    const render = (): RenderedPage => renderPage(page.manialinkId, typeof content === 'function' ? content(login) : content);
    return page.app.runner.run(`${page.manialinkId} for ${login}`, { login }, render) as RenderedPage | undefined;
  }

  /** Which way a page is drawn now: its shared page once the server is crowded. */
  private drawn(content: UiContent | CrowdContent): UiContent {
    if (!isCrowdContent(content)) return content;
    return this.crowd.crowded ? content.shared : content.perPlayer;
  }

  /**
   * A join or a leave: when the server becomes crowded or stops being (CrowdState), every page shown to everyone
   * that is drawn two ways is drawn the other way for the players who have it (shared: one call for everyone
   * when all of them do).
   */
  private async recount(): Promise<void> {
    const players = this.options.server.players;
    if (!this.crowd.count(players.size)) return;
    const calls: MulticallEntry[] = [];
    for (const page of this.pages.values()) {
      if (!isCrowdContent(page.everyone)) continue;
      const content = this.drawn(page.everyone);
      const logins = [...page.shown.keys()].filter((login) => players.has(login));
      const from = calls.length;
      const shared = typeof content === 'function' ? undefined : this.renderShared(page, content);
      for (const login of logins) {
        const rendered = shared ?? this.renderEveryone(page, login);
        if (rendered) this.update(page, login, rendered, calls);
      }
      if (shared && calls.length - from > 1 && calls.length - from === players.size) calls.splice(from, calls.length - from, ['SendDisplayManialinkPage', [shared.xml, 0, false]]);
    }
    await this.sender.send(calls);
  }

  /** Content the same for everyone, rendered once as its app. */
  private renderShared(page: Page, content: Child): RenderedPage | undefined {
    return page.app.runner.run(page.manialinkId, {}, () => renderPage(page.manialinkId, content)) as RenderedPage | undefined;
  }

  private forget(login: string): void {
    for (const page of this.pages.values()) page.shown.delete(login);
    this.options.hud?.forget(login);
    this.limiter.forget(login);
  }

  private async removeApp(app: AppPages): Promise<void> {
    if (this.apps.get(app.id) === app) this.apps.delete(app.id);
    if (this.holding.has(app.id)) {
      this.holding.delete(app.id);
      this.held.set(app.id, app);
      return;
    }
    const calls = [...app.pages.values()].flatMap((page) => this.hideCalls(page, undefined));
    await this.sender.send([...calls, ...this.nadeoModules.release(app.id)]);
  }

  /** A click, in the order the server sent it: routed to the app whose page the player was shown. */
  private answer(given: ServerEventMap['playerAnswer'], options: { replayed?: boolean } = {}): void {
    const { login, answer, entries } = given;
    const outcome = (kind: AnswerOutcome['outcome'], done: Promise<unknown> = Promise.resolve()): void => this.answers.emit({ login, answer, outcome: kind, done });
    const shown = JSON.stringify(answer.slice(0, 100));
    const ignore = (why: string): void => {
      this.options.logger.debug(`Ignored ManiaLink answer ${shown} from ${login}: ${why}`);
      outcome('ignored');
    };
    if (!answer.startsWith(PREFIX)) return ignore('not an action of a Pitwall app');
    if (!options.replayed && this.limiter.admit(login) !== 'run') {
      this.options.logger.debug(`Ignored ManiaLink answer ${shown} from ${login}: too many clicks`);
      return outcome('limited');
    }
    const cut = answer.lastIndexOf('.');
    const page = this.pages.get(answer.slice(0, cut));
    const appId = answer.slice(PREFIX.length).split('.')[0]!;
    if (!options.replayed && (this.holding.has(appId) || this.held.has(appId)) && !(page?.app.runner.isActive() ?? false)) {
      const clicks = this.heldClicks.get(appId) ?? [];
      if (clicks.length >= HELD_CLICKS_LIMIT) return ignore(`app '${appId}' is being reloaded and ${HELD_CLICKS_LIMIT} clicks already wait`);
      clicks.push(given);
      this.heldClicks.set(appId, clicks);
      return;
    }
    if (!page) return ignore(this.apps.has(appId) ? 'no such page is shown' : `app '${appId}' is not running`);
    const spec = /^\d+$/.test(answer.slice(cut + 1)) ? page.shown.get(login)?.handlers[Number(answer.slice(cut + 1))] : undefined;
    if (!spec) return ignore('the player was not shown this action');
    if (!page.app.runner.isActive()) return ignore(`app '${page.app.id}' is not running`);
    const level = requiredLevel(spec);
    if (level !== 'player' && !this.options.allows(login, level)) {
      this.options.logger.debug(`Refused ManiaLink answer ${shown} from ${login}: the action is for ${LEVEL_NAMES[level]} only`);
      return outcome('denied');
    }
    const click: UiClick = { login, entries };
    const handler = handlerOf(spec);
    const result = page.app.runner.run(answer, click, () => handler(click));
    outcome('ran', Promise.resolve(result));
  }
}

/** How many clicks one app's reload keeps; a swap lasts at most seconds, so more means something floods. */
const HELD_CLICKS_LIMIT = 1000;

/** Who an action is for, in the refusal's words. */
const LEVEL_NAMES = { player: 'players', operator: 'operators', admin: 'admins', master: 'master admins' } as const;

function listOf(to: string | readonly string[]): readonly string[] {
  return typeof to === 'string' ? [to] : to;
}
