import { DisposableStore, toDisposable, type Disposable } from '../disposables.js';
import type { MulticallEntry, MulticallResult } from '../gbx/client.js';
import type { XmlRpcValue } from '../gbx/codec.js';
import type { GbxSession } from '../gbx/session.js';
import type { Logger } from '../logging/logger.js';
import { ChatCommands, type HelpWindow } from './chat-commands.js';
import { CommandRateLimiter } from './command-rate.js';
import type { CommandRegistry } from './commands.js';
import {
  decodeChat,
  decodeLogin,
  decodeMap,
  decodePageAnswer,
  decodePlayer,
  decodePlayerList,
  decodeScriptEvent,
  isServerEntry,
  PLAYER_STRUCT_VERSION,
  stringOf,
  structOf,
  type ChatLine,
} from './decode.js';
import { decodeTypedScriptEvent, type TypedScriptEvent } from './decode-script.js';
import { DroppedInput } from './dropped-input.js';
import { EarlyCall, type CallOutcome } from './early-call.js';
import type { MapInfo, PlayerInfo } from './event-map.js';
import type { ServerEvents } from './events.js';
import { stripFormatting } from './formatting.js';
import { GameServer, type ServerInfo } from './game-server.js';
import { sendableCalls, sendableParams, sendableText } from './outgoing-text.js';
import { MAP_CHANGE_METHODS, MapChangeWatch } from './map-change.js';
import { isDepartedPlayerFault } from './outside-faults.js';

export { GameServer, type ServerInfo } from './game-server.js';

export interface ServerFacadeOptions {
  /** COMMAND_RATE_LIMIT: chat commands each player may run within a window. */
  commandRateLimit: { count: number; seconds: number };
  /** The limiter to share with other player input (UI actions); one of its own otherwise. */
  rateLimiter?: CommandRateLimiter;
  /**
   * How long handling a callback waits for a call it needs (GetPlayerInfo on a join, GetModeScriptInfo on a
   * map change), counted from the callback's arrival, before going on with what the callback itself says.
   */
  callbackCallWaitMs?: number;
}

const DEFAULT_CALLBACK_CALL_WAIT_MS = 1000;

/** Methods aimed at one or more logins, which the server refuses with "Login unknown." once a player left. */
const PER_LOGIN_METHOD = /ToLogin$|^Kick$/;

const EMPTY_INFO: ServerInfo = { name: '', login: '', titleId: '', version: '', build: '', apiVersion: '', status: '', modeScript: '' };

/**
 * The only subscriber to the GBX session. Keeps server state (info, players, current map) in step with the
 * dedicated server's callbacks and turns every callback, clicks included, into a typed event, one after
 * another in the order they came on the wire. Every text it sends is made sendable first.
 */
export class ServerFacade implements GameServer {
  private infoValue: ServerInfo = EMPTY_INFO;
  private readonly playerMap = new Map<string, PlayerInfo>();
  private spectators = 0;
  private map?: MapInfo;
  /** Callbacks are handled one after another so state changes and events keep the server's order. */
  private queue: Promise<void> = Promise.resolve();
  private readonly subscriptions = new DisposableStore();
  private readonly chatCommands: ChatCommands;
  private readonly rateLimiter: CommandRateLimiter;
  private readonly dropped: DroppedInput;
  private disposed = false;
  /** Whether a map change is under way: a second one waits for it instead of being refused. */
  private readonly mapChange = new MapChangeWatch();

  constructor(
    private readonly session: GbxSession,
    private readonly events: ServerEvents,
    commands: CommandRegistry,
    private readonly logger: Logger,
    private readonly options: ServerFacadeOptions = { commandRateLimit: { count: 10, seconds: 10 } },
  ) {
    this.rateLimiter = options.rateLimiter ?? new CommandRateLimiter(options.commandRateLimit);
    this.dropped = new DroppedInput(logger);
    this.chatCommands = new ChatCommands(commands, this.rateLimiter, (login, message) => this.chatTo(login, message), logger);
    this.subscriptions.add(
      disposableOf(
        session.onCallback((method, params) => {
          if (this.disposed) return;
          this.mapChange.observe(method, params);
          const early = this.startEarlyCall(method, params);
          this.queue = this.queue.then(() => this.onCallback(method, params, early)).catch((error: unknown) => {
            this.logger.error(`Handling ${method} failed: ${(error as Error).message}`);
          });
        }),
      ),
    );
    this.subscriptions.add(disposableOf(session.onDisconnected((reason) => this.events.emit('disconnected', { reason }))));
    this.subscriptions.add(
      disposableOf(
        session.onReconnected(async () => {
          await this.load();
          this.events.emit('reconnected', {});
        }),
      ),
    );
    commands.usePlayers(this.playerMap);
    this.subscriptions.add(this.chatCommands.registerHelp());
  }

  /** Also shows /help's list another way: the UI layer opens a window with it. */
  get onHelp(): HelpWindow | undefined {
    return this.chatCommands.helpWindow;
  }

  set onHelp(window: HelpWindow | undefined) {
    this.chatCommands.helpWindow = window;
  }

  get info(): ServerInfo {
    return this.infoValue;
  }

  get players(): ReadonlyMap<string, PlayerInfo> {
    return this.playerMap;
  }

  get playerCount(): number {
    return this.playerMap.size - this.spectators;
  }

  get spectatorCount(): number {
    return this.spectators;
  }

  get currentMap(): MapInfo | undefined {
    return this.map;
  }

  /** Reads server info, players and the current map in one round trip. */
  async load(): Promise<void> {
    const [version, system, name, status, players, map, script] = await this.session.multicall([
      ['GetVersion'],
      ['GetSystemInfo'],
      ['GetServerName'],
      ['GetStatus'],
      ['GetPlayerList', [-1, 0, PLAYER_STRUCT_VERSION]],
      ['GetCurrentMapInfo'],
      ['GetModeScriptInfo'],
    ]);
    const v = structOf(version);
    const s = structOf(system);
    this.infoValue = {
      name: stringOf(name?.ok ? name.value : ''),
      login: stringOf(s.ServerLogin),
      titleId: stringOf(v.TitleId ?? s.TitleId),
      version: stringOf(v.Version),
      build: stringOf(v.Build),
      apiVersion: stringOf(v.ApiVersion),
      status: stringOf(structOf(status).Name),
      modeScript: stringOf(structOf(script).Name),
    };
    this.playerMap.clear();
    this.spectators = 0;
    for (const player of decodePlayerList(players?.ok ? players.value : undefined, this.infoValue.login)) this.setPlayer(player);
    this.map = map?.ok ? decodeMap(map.value) : undefined;
    this.logger.info(
      `Connected to ${stripFormatting(this.infoValue.name) || 'the dedicated server'} (${this.infoValue.titleId} ${this.infoValue.version}, ` +
        `login ${this.infoValue.login}); ${this.playerMap.size} player(s), map ${this.map ? stripFormatting(this.map.name) : 'unknown'}`,
    );
  }

  async chat(text: string): Promise<void> {
    await this.send('ChatSendServerMessage', text);
  }

  async chatTo(logins: string | readonly string[], text: string): Promise<void> {
    await this.callForPlayer('ChatSendServerMessageToLogin', text, typeof logins === 'string' ? logins : logins.join(','));
  }

  async kick(login: string, message = ''): Promise<void> {
    await this.callForPlayer('Kick', login, message);
  }

  async nextMap(): Promise<void> {
    await this.changeMap('NextMap');
  }

  call(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> {
    if (MAP_CHANGE_METHODS.has(method)) return this.changeMap(method, ...params);
    return PER_LOGIN_METHOD.test(method) ? this.callForPlayer(method, ...params) : this.send(method, ...params);
  }

  /**
   * A map change waits for one under way to end (a real server refuses it meanwhile with 'Change in
   * progress.'), then is asked for once; a refusal that still comes is the caller's to handle.
   */
  private changeMap(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> {
    if (this.mapChange.underWay) this.logger.debug(`${method} waits for the map change under way to end`);
    return this.mapChange.run(() => this.send(method, ...params));
  }

  /** A call aimed at players: when the server no longer knows the login, the player left; nobody is at fault. */
  private async callForPlayer(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> {
    try {
      return await this.send(method, ...params);
    } catch (error) {
      if (!isDepartedPlayerFault(error)) throw error;
      this.logger.debug(`Dropped ${method}: the player it was meant for has left (${(error as Error).message})`);
      return false;
    }
  }

  multicall(calls: readonly MulticallEntry[]): Promise<MulticallResult[]> {
    return this.session.multicall(sendableCalls(calls));
  }

  scriptCall(event: string, params: string[] = []): Promise<unknown> {
    return this.session.scriptCall(sendableText(event), params.map(sendableText));
  }

  /** The one way out for a single call: no text that would make the request unreadable leaves. */
  private send(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> {
    return this.session.call(method, ...sendableParams(params));
  }

  /** Stops listening to the session and drops callbacks still queued; registrations made here are removed. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.subscriptions.dispose();
  }

  /** Starts the call a callback's handling will need, so it runs while earlier callbacks are handled. */
  private startEarlyCall(method: string, params: XmlRpcValue[]): EarlyCall | undefined {
    const deadline = Date.now() + (this.options.callbackCallWaitMs ?? DEFAULT_CALLBACK_CALL_WAIT_MS);
    if (method === 'ManiaPlanet.PlayerConnect' && typeof params[0] === 'string') return new EarlyCall(this.send('GetPlayerInfo', params[0], PLAYER_STRUCT_VERSION), deadline);
    if (method === 'ManiaPlanet.BeginMap') return new EarlyCall(this.send('GetModeScriptInfo'), deadline);
    return undefined;
  }

  /** The early call's outcome; when it is late, `whenLate` gets it once it comes. */
  private async awaitEarly(early: EarlyCall | undefined, what: string, whenLate: (outcome: CallOutcome) => void): Promise<CallOutcome | undefined> {
    if (!early) return undefined;
    const outcome = await early.within();
    if (outcome !== 'late') return outcome;
    this.logger.debug(`${what} did not answer within ${this.options.callbackCallWaitMs ?? DEFAULT_CALLBACK_CALL_WAIT_MS} ms; going on without it`);
    early.whenSettled(whenLate);
    return undefined;
  }

  /** A callback that does not have the documented shape: dropped before any state or app sees it. */
  private drop(method: string, problem: string): void {
    this.dropped.drop(`${method} ${problem}`, `Dropped ${method}: ${problem}`);
  }

  private async onCallback(method: string, params: XmlRpcValue[], early?: EarlyCall): Promise<void> {
    if (this.disposed) return;
    switch (method) {
      case 'ManiaPlanet.PlayerConnect': {
        const login = decodeLogin(params[0]);
        if (!login.ok) return this.drop(method, login.problem);
        await this.onConnect(login.value, params[1] === true, early);
        return;
      }
      case 'ManiaPlanet.PlayerDisconnect': {
        const login = decodeLogin(params[0]);
        if (!login.ok) return this.drop(method, login.problem);
        this.deletePlayer(login.value);
        this.rateLimiter.forget(login.value);
        this.events.emit('playerDisconnect', { login: login.value, reason: stringOf(params[1]) });
        return;
      }
      case 'ManiaPlanet.PlayerInfoChanged': {
        const player = decodePlayer(params[0]);
        if (this.playerMap.has(player.login) && !isServerEntry(params[0], this.infoValue.login)) this.setPlayer(player);
        return;
      }
      case 'ManiaPlanet.PlayerChat': {
        const line = decodeChat(params);
        if (!line.ok) return this.drop(method, line.problem);
        this.onChat(line.value);
        return;
      }
      case 'ManiaPlanet.PlayerManialinkPageAnswer': {
        const answer = decodePageAnswer(params);
        if (!answer.ok) return this.drop(method, answer.problem);
        this.events.emit('playerAnswer', answer.value);
        return;
      }
      case 'ManiaPlanet.BeginMap': {
        this.map = decodeMap(params[0]);
        // A new mode script (SetScriptName) takes effect with a new map: read it from the server again.
        const useMode = (outcome: CallOutcome): void => {
          if (outcome.ok) this.infoValue = { ...this.infoValue, modeScript: stringOf(structOf(outcome.value).Name) };
          else this.logger.debug(`Could not read the mode script after a map change: ${outcome.error.message}`);
        };
        const outcome = await this.awaitEarly(early, 'GetModeScriptInfo', useMode);
        if (outcome) useMode(outcome);
        this.events.emit('beginMap', { map: this.map });
        return;
      }
      case 'ManiaPlanet.EndMap':
        this.events.emit('endMap', { map: decodeMap(params[0]) });
        return;
      case 'ManiaPlanet.BeginMatch':
        this.events.emit('beginMatch', {});
        return;
      case 'ManiaPlanet.EndMatch':
        this.events.emit('endMatch', { rankings: Array.isArray(params[0]) ? params[0] : [], winnerTeam: Number(params[1] ?? -1) });
        return;
      case 'ManiaPlanet.ServerStart':
        this.events.emit('serverStart', {});
        return;
      case 'ManiaPlanet.ServerStop':
        this.events.emit('serverStop', {});
        return;
      case 'ManiaPlanet.ModeScriptCallbackArray': {
        const event = decodeScriptEvent(params);
        // The kind of problem, not the callback's name, is what is logged once: names are the server's to choose.
        if (!event.ok) {
          const named = typeof params[0] === 'string' ? ` ${JSON.stringify(params[0].slice(0, 100))}` : '';
          return this.dropped.drop(`${method} ${event.problem}`, `Dropped script callback${named}: ${event.problem}`);
        }
        const typed = decodeTypedScriptEvent(event.value, { modeScript: this.infoValue.modeScript });
        if (typed && !typed.ok) return this.drop(event.value.name, typed.problem);
        if (typed) this.emitTyped(typed.value);
        this.events.emit('modeScript', event.value);
        return;
      }
      default:
        this.logger.debug(`Unhandled callback ${method}`);
    }
  }

  private emitTyped({ event, payload }: TypedScriptEvent): void {
    (this.events.emit as (name: TypedScriptEvent['event'], value: TypedScriptEvent['payload']) => void).call(this.events, event, payload);
  }

  private async onConnect(login: string, isSpectator: boolean, early?: EarlyCall): Promise<void> {
    // What the callback itself says, until the player's info is known.
    const fallback: PlayerInfo = { login, nickName: login, playerId: -1, teamId: -1, isSpectator, ladderRanking: 0 };
    const outcome = await this.awaitEarly(early, `GetPlayerInfo for joining player ${login}`, (late) => {
      if (late.ok && this.playerMap.get(login) === fallback) this.setPlayer(decodePlayer(late.value));
    });
    // The player may already have left again: then the server does not know the login any more.
    if (outcome && !outcome.ok) this.logger.debug(`Could not read the info of joining player ${login}: ${outcome.error.message}`);
    const player = outcome?.ok ? decodePlayer(outcome.value) : fallback;
    this.setPlayer(player);
    this.events.emit('playerConnect', { login, isSpectator, player });
  }

  private onChat({ playerUid, login, text, channel }: ChatLine): void {
    // The server echoes its own messages as chat from uid 0: not a player speaking.
    if (playerUid === 0 || login === this.infoValue.login) return;
    const isCommand = text.trimStart().startsWith('/');
    this.events.emit('playerChat', { login, text, isCommand, channel });
    if (isCommand) this.chatCommands.route(login, text);
  }

  private setPlayer(player: PlayerInfo): void {
    const previous = this.playerMap.get(player.login);
    if (previous?.isSpectator) this.spectators--;
    if (player.isSpectator) this.spectators++;
    this.playerMap.set(player.login, player);
  }

  private deletePlayer(login: string): void {
    const previous = this.playerMap.get(login);
    if (!previous) return;
    if (previous.isSpectator) this.spectators--;
    this.playerMap.delete(login);
  }
}

/** The session's subscriptions hand back an unsubscribe function or a Disposable; both are kept the same way. */
function disposableOf(subscription: (() => unknown) | Disposable): Disposable {
  return typeof subscription === 'function' ? toDisposable(() => void subscription()) : subscription;
}
