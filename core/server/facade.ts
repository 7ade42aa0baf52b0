import type { MulticallEntry, MulticallResult } from '../gbx/client.js';
import type { XmlRpcValue } from '../gbx/codec.js';
import { parseScriptData, type GbxSession } from '../gbx/session.js';
import type { Logger } from '../logging/logger.js';
import { stripFormatting } from './formatting.js';
import { isDepartedPlayerFault } from './outside-faults.js';
import { EarlyCall, type CallOutcome } from './early-call.js';
import { CommandRateLimiter } from './command-rate.js';
import type { CommandRegistry, RegisteredCommand } from './commands.js';
import type { ChatChannel, MapInfo, PlayerInfo } from './event-map.js';
import type { ServerEvents } from './events.js';

/** What Pitwall knows about the dedicated server it controls (loaded at connect, refreshed on reconnect). */
export interface ServerInfo {
  name: string;
  login: string;
  titleId: string;
  version: string;
  build: string;
  apiVersion: string;
  status: string;
  modeScript: string;
}

/** The server as apps see it through ctx.server. */
export interface GameServer {
  readonly info: ServerInfo;
  /** Connected players by login (the server's own entry excluded). */
  readonly players: ReadonlyMap<string, PlayerInfo>;
  /** Players who are not spectators. */
  readonly playerCount: number;
  readonly spectatorCount: number;
  readonly currentMap: MapInfo | undefined;
  /** Sends a chat message to everyone. */
  chat(text: string): Promise<void>;
  /** Sends a chat message to some players only; dropped (with a debug line) when they have left. */
  chatTo(logins: string | readonly string[], text: string): Promise<void>;
  /** Removes a player; nothing happens (but a debug line) when they have already left. */
  kick(login: string, message?: string): Promise<void>;
  nextMap(): Promise<void>;
  /**
   * Any GbxRemote method, for what the facade does not cover. A `...ToLogin` method (chat, ManiaLinks) or
   * Kick aimed at a player who has left resolves with false and a debug line instead of failing.
   */
  call(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue>;
  multicall(calls: readonly MulticallEntry[]): Promise<MulticallResult[]>;
  /** A ModeScript method answered by a script callback (matched by responseid). */
  scriptCall(event: string, params?: string[]): Promise<unknown>;
}

export const GameServer = Symbol('GameServer');

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

/** The player struct asked for: 1 is the Forever struct (SpectatorStatus and Flags), servers excluded. */
const PLAYER_STRUCT_VERSION = 1;

/** Methods aimed at one or more logins, which the server refuses with "Login unknown." once a player left. */
const PER_LOGIN_METHOD = /ToLogin$|^Kick$/;

const EMPTY_INFO: ServerInfo = { name: '', login: '', titleId: '', version: '', build: '', apiVersion: '', status: '', modeScript: '' };

/**
 * Keeps server state (info, players, current map) in step with the dedicated server's callbacks, turns the
 * callbacks into typed events, and routes chat commands to the registry.
 */
export class ServerFacade implements GameServer {
  private infoValue: ServerInfo = EMPTY_INFO;
  private readonly playerMap = new Map<string, PlayerInfo>();
  private spectators = 0;
  private map?: MapInfo;
  /** Callbacks are handled one after another so state changes and events keep the server's order. */
  private queue: Promise<void> = Promise.resolve();
  private readonly rateLimiter: CommandRateLimiter;

  constructor(
    private readonly session: GbxSession,
    private readonly events: ServerEvents,
    private readonly commands: CommandRegistry,
    private readonly logger: Logger,
    private readonly options: ServerFacadeOptions = { commandRateLimit: { count: 10, seconds: 10 } },
  ) {
    this.rateLimiter = options.rateLimiter ?? new CommandRateLimiter(options.commandRateLimit);
    session.onCallback((method, params) => {
      const early = this.startEarlyCall(method, params);
      this.queue = this.queue.then(() => this.onCallback(method, params, early)).catch((error: unknown) => {
        this.logger.error(`Handling ${method} failed: ${(error as Error).message}`);
      });
    });
    session.onDisconnected((reason) => this.events.emit('disconnected', { reason }));
    session.onReconnected(async () => {
      await this.load();
      this.events.emit('reconnected', {});
    });
    commands.usePlayers(this.playerMap);
    commands.register(
      'core',
      { name: 'help', description: 'lists the chat commands you can use', params: { command: { type: 'string', optional: true, description: 'a command to show the usage of' } } },
      (call) => this.help(call.login, call.reply, call.params.command),
    );
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
      // Struct version 1: the Forever struct (SpectatorStatus, Flags), servers not listed.
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
    const list = players?.ok && Array.isArray(players.value) ? players.value : [];
    for (const entry of list) {
      if (!isServerEntry(entry, this.infoValue.login)) this.setPlayer(toPlayer(entry));
    }
    this.map = map?.ok ? toMap(map.value) : undefined;
    this.logger.info(
      `Connected to ${stripFormatting(this.infoValue.name) || 'the dedicated server'} (${this.infoValue.titleId} ${this.infoValue.version}, ` +
        `login ${this.infoValue.login}); ${this.playerMap.size} player(s), map ${this.map ? stripFormatting(this.map.name) : 'unknown'}`,
    );
  }

  async chat(text: string): Promise<void> {
    await this.session.call('ChatSendServerMessage', text);
  }

  async chatTo(logins: string | readonly string[], text: string): Promise<void> {
    await this.callForPlayer('ChatSendServerMessageToLogin', text, typeof logins === 'string' ? logins : logins.join(','));
  }

  async kick(login: string, message = ''): Promise<void> {
    await this.callForPlayer('Kick', login, message);
  }

  async nextMap(): Promise<void> {
    await this.session.call('NextMap');
  }

  call(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> {
    return PER_LOGIN_METHOD.test(method) ? this.callForPlayer(method, ...params) : this.session.call(method, ...params);
  }

  /** A call aimed at players: when the server no longer knows the login, the player left; nobody is at fault. */
  private async callForPlayer(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> {
    try {
      return await this.session.call(method, ...params);
    } catch (error) {
      if (!isDepartedPlayerFault(error)) throw error;
      this.logger.debug(`Dropped ${method}: the player it was meant for has left (${(error as Error).message})`);
      return false;
    }
  }

  multicall(calls: readonly MulticallEntry[]): Promise<MulticallResult[]> {
    return this.session.multicall(calls);
  }

  scriptCall(event: string, params: string[] = []): Promise<unknown> {
    return this.session.scriptCall(event, params);
  }

  /** Starts the call a callback's handling will need, so it runs while earlier callbacks are handled. */
  private startEarlyCall(method: string, params: XmlRpcValue[]): EarlyCall | undefined {
    const deadline = Date.now() + (this.options.callbackCallWaitMs ?? DEFAULT_CALLBACK_CALL_WAIT_MS);
    if (method === 'ManiaPlanet.PlayerConnect') return new EarlyCall(this.session.call('GetPlayerInfo', stringOf(params[0]), PLAYER_STRUCT_VERSION), deadline);
    if (method === 'ManiaPlanet.BeginMap') return new EarlyCall(this.session.call('GetModeScriptInfo'), deadline);
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

  private async onCallback(method: string, params: XmlRpcValue[], early?: EarlyCall): Promise<void> {
    switch (method) {
      case 'ManiaPlanet.PlayerConnect': {
        const login = stringOf(params[0]);
        const isSpectator = params[1] === true;
        // What the callback itself says, until the player's info is known.
        const fallback: PlayerInfo = { login, nickName: login, playerId: -1, teamId: -1, isSpectator, ladderRanking: 0 };
        const outcome = await this.awaitEarly(early, `GetPlayerInfo for joining player ${login}`, (late) => {
          if (late.ok && this.playerMap.get(login) === fallback) this.setPlayer(toPlayer(late.value));
        });
        // The player may already have left again: then the server does not know the login any more.
        if (outcome && !outcome.ok) this.logger.debug(`Could not read the info of joining player ${login}: ${outcome.error.message}`);
        const player = outcome?.ok ? toPlayer(outcome.value) : fallback;
        this.setPlayer(player);
        this.events.emit('playerConnect', { login, isSpectator, player });
        return;
      }
      case 'ManiaPlanet.PlayerDisconnect': {
        const login = stringOf(params[0]);
        this.deletePlayer(login);
        this.rateLimiter.forget(login);
        this.events.emit('playerDisconnect', { login, reason: stringOf(params[1]) });
        return;
      }
      case 'ManiaPlanet.PlayerInfoChanged': {
        const player = toPlayer(params[0]);
        if (this.playerMap.has(player.login) && !isServerEntry(params[0], this.infoValue.login)) this.setPlayer(player);
        return;
      }
      case 'ManiaPlanet.PlayerChat':
        // (uid, login, text, isRegisteredCmd, options); options arrived with API 2023-03-24.
        this.onChat(Number(params[0]), stringOf(params[1]), stringOf(params[2]), chatChannel(params[4]));
        return;
      case 'ManiaPlanet.BeginMap': {
        this.map = toMap(params[0]);
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
        this.events.emit('endMap', { map: toMap(params[0]) });
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
      case 'ManiaPlanet.ModeScriptCallbackArray':
        this.events.emit('modeScript', { name: stringOf(params[0]), data: parseScriptData(params[1]) });
        return;
      default:
        this.logger.debug(`Unhandled callback ${method}`);
    }
  }

  private onChat(playerUid: number, login: string, text: string, channel: ChatChannel): void {
    // The server echoes its own messages as chat from uid 0: not a player speaking.
    if (playerUid === 0 || login === this.infoValue.login) return;
    const isCommand = text.trimStart().startsWith('/');
    this.events.emit('playerChat', { login, text, isCommand, channel });
    if (!isCommand) return;
    const admitted = this.rateLimiter.check(login);
    if (!admitted.run) {
      if (admitted.answer) this.answer(login, admitted.answer);
      return;
    }
    const reply = (message: string): Promise<void> => this.chatTo(login, message);
    const outcome = this.commands.dispatchLine(login, text, reply);
    if (outcome.answer) this.answer(login, outcome.answer);
  }

  /** A core answer to a player; failing to send it is logged, never an error of any app. */
  private answer(login: string, message: string): void {
    this.chatTo(login, message).catch((error: unknown) => this.logger.warn(`Could not answer ${login}: ${(error as Error).message}`));
  }

  /** Also shows /help's list another way: the UI layer opens a window with it. */
  onHelp?: (login: string, commands: readonly RegisteredCommand[]) => Promise<void>;

  private async help(login: string, reply: (message: string) => Promise<void>, command?: string): Promise<void> {
    try {
      await reply(this.commands.help(login, command));
      if (command === undefined) await this.onHelp?.(login, this.commands.allowedFor(login));
    } catch (error) {
      this.logger.warn(`Could not answer /help for ${login}: ${(error as Error).message}`);
    }
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

function structOf(result: MulticallResult | XmlRpcValue | undefined): Record<string, XmlRpcValue> {
  const value = result && typeof result === 'object' && 'ok' in result ? (result.ok ? result.value : undefined) : result;
  return value && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value) && !(value instanceof Date)
    ? (value as Record<string, XmlRpcValue>)
    : {};
}

function stringOf(value: XmlRpcValue | undefined): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

/** PlayerChat options: 0 normal chat, 1 and 2 to the spectators (current or all), 3 to the team. */
function chatChannel(options: XmlRpcValue | undefined): ChatChannel {
  const value = Number(options ?? 0);
  return value === 1 || value === 2 ? 'spectator' : value === 3 ? 'team' : 'normal';
}

/** The dedicated server's own entry (or another server's, such as a relay) is never a player. */
function isServerEntry(value: XmlRpcValue | undefined, serverLogin: string): boolean {
  const struct = structOf(value);
  // Flags packs decimal digits; the hundred-thousands digit is "is a server".
  return stringOf(struct.Login) === serverLogin || Math.floor(Number(struct.Flags ?? 0) / 100_000) % 10 === 1;
}

export function toPlayer(value: XmlRpcValue | undefined): PlayerInfo {
  const struct = structOf(value);
  return {
    login: stringOf(struct.Login),
    nickName: stringOf(struct.NickName),
    playerId: Number(struct.PlayerId ?? -1),
    teamId: Number(struct.TeamId ?? -1),
    // SpectatorStatus packs flags as decimal digits; the units digit is "is spectator".
    isSpectator: Number(struct.SpectatorStatus ?? 0) % 10 !== 0,
    ladderRanking: Number(struct.LadderRanking ?? 0),
  };
}

export function toMap(value: XmlRpcValue | undefined): MapInfo {
  const struct = structOf(value);
  return {
    // The dedicated server spells these `UId` and `Environnement`.
    uid: stringOf(struct.UId),
    name: stringOf(struct.Name),
    fileName: stringOf(struct.FileName),
    author: stringOf(struct.Author),
    environment: stringOf(struct.Environnement),
    mapType: stringOf(struct.MapType),
    mapStyle: stringOf(struct.MapStyle),
    authorTime: Number(struct.AuthorTime ?? -1),
  };
}
