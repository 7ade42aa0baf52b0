import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { Emitter, toSubscription, type Subscription } from '../disposables.js';
import { decodeMessage, type XmlRpcValue } from '../gbx/codec.js';
import { encodeFrame, encodeHandshake, FrameReader } from '../gbx/framing.js';
import { encodeSandboxCallback, encodeSandboxFault, encodeSandboxResponse } from './encoder.js';
import { SandboxManialinks } from './manialinks.js';
import { SandboxWorld, SERVER_LOGIN, TITLE_ID, type SandboxMap, type SandboxPlayer } from './world.js';

export interface SandboxServerOptions {
  host: string;
  /** 0 picks a free port; `port` tells which after start(). */
  port: number;
  user: string;
  password: string;
  /** Largest request body accepted (default 2 MB, as a dedicated server). */
  maxRequestBytes?: number;
  /** Told about each thing that happens, for `pitwall sandbox` and the controller's log. */
  log?: (line: string) => void;
}

/** A fault the sandbox answers with, as the dedicated server does. */
export class SandboxFault extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** A fault the sandbox answered a call with, for tests to wait on. */
export interface AnsweredFault {
  method: string;
  code: number;
  message: string;
}

export interface SentChat {
  text: string;
  /** Logins it was sent to; undefined for everyone. */
  to?: string[];
}

interface Connection {
  socket: Socket;
  authenticated: boolean;
  callbacks: boolean;
  scriptCallbacks: boolean;
  callbackHandle: number;
  /** What the client asked for with SetApiVersion; some callbacks change shape with it. */
  apiVersion: string;
}

/** The chat channel of a PlayerChat callback; its number is the callback's fifth parameter. */
export type SandboxChatChannel = 'normal' | 'spectator' | 'team';
const CHAT_OPTIONS: Record<SandboxChatChannel, number> = { normal: 0, spectator: 2, team: 3 };
/** Since this API version PlayerChat carries a fifth parameter, the chat options (channel). */
const CHAT_OPTIONS_API = '2023-03-24';

type Method = (params: XmlRpcValue[], connection: Connection) => XmlRpcValue;

const FAULT_NO_METHOD = -506;
const FAULT_PERMISSION = -1000;
const FAULT_BAD_PARAMS = -1000;
/** The dedicated server faults calls naming a login that is not connected with this code and text. */
const FAULT_LOGIN_UNKNOWN = -1000;
const LOGIN_UNKNOWN = 'Login unknown.';
const API_VERSION = '2023-03-25';
const OLDEST_API_VERSION = '2011-08-01';

/**
 * A GbxRemote server on loopback that behaves like a Trackmania dedicated server for the methods and
 * callbacks Pitwall uses: handshake, framing, system.multicall, Authenticate, callbacks, script callbacks,
 * players joining, chatting and leaving, maps rotating.
 */
export class SandboxServer {
  readonly world = new SandboxWorld();
  readonly chatLog: SentChat[] = [];
  /** The ManiaLink pages each player sees. */
  readonly manialinks = new SandboxManialinks();
  /** The API versions clients asked for with SetApiVersion, in order. */
  readonly apiVersions: string[] = [];
  /** Every call answered, oldest first (bounded), for tests to check what a client asked. */
  readonly calls: { method: string; params: XmlRpcValue[] }[] = [];
  /** Every fault answered to a call, oldest first (bounded). */
  readonly faults: AnsweredFault[] = [];
  private readonly injectedFaults = new Map<string, { code: number; message: string; times: number }>();
  /** Methods whose answers are held back (a slow server), with the answers waiting to be sent. */
  private readonly held = new Map<string, (() => void)[]>();
  private server?: Server;
  private readonly connections = new Set<Connection>();
  private readonly chats = new Emitter<SentChat>();
  private readonly methods: Record<string, Method>;
  private boundPort = 0;
  /** Map changes so far (the script callbacks' `count`), and whether one asked for is still under way. */
  private mapCount = 0;
  private changingMap = false;

  constructor(private readonly options: SandboxServerOptions) {
    this.methods = this.buildMethods();
  }

  get port(): number {
    return this.boundPort;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  async start(): Promise<number> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    server.listen(this.options.port, this.options.host);
    await once(server, 'listening');
    this.boundPort = (server.address() as { port: number }).port;
    this.log(`sandbox dedicated server listening on ${this.options.host}:${this.boundPort}`);
    return this.boundPort;
  }

  /** Closes every connection and stops listening. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const connection of this.connections) connection.socket.destroy();
    this.connections.clear();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Drops every client connection but keeps listening (simulates a network blip). */
  dropConnections(): void {
    for (const connection of this.connections) connection.socket.destroy();
  }

  /**
   * Holds back the answers to `method` (as a busy server would) until the returned function is called,
   * which sends them all in order.
   */
  holdAnswers(method: string): () => void {
    this.held.set(method, []);
    return () => {
      const waiting = this.held.get(method) ?? [];
      this.held.delete(method);
      for (const send of waiting) send();
    };
  }

  /** The next `times` calls of `method` fail with this fault (to test how clients handle real faults). */
  injectFault(method: string, code: number, message: string, times = 1): void {
    this.injectedFaults.set(method, { code, message, times });
  }

  onChat(listener: (chat: SentChat) => void): Subscription {
    return toSubscription(this.chats.on(listener));
  }

  // ------------------------------------------------------------------------------ driving the world

  playerJoin(login: string, nickName = login, isSpectator = false): SandboxPlayer {
    // A banned or blacklisted player is refused at the door: no callback reaches the controller.
    if (this.world.banList.has(login) || this.world.blackList.has(login)) throw new Error(`The sandbox server refuses '${login}': banned or blacklisted`);
    const player = this.world.addPlayer(login, nickName, isSpectator);
    this.log(`player ${login} joined`);
    this.callback('ManiaPlanet.PlayerConnect', [login, isSpectator]);
    this.callback('ManiaPlanet.PlayerInfoChanged', [{ ...player }]);
    return player;
  }

  playerLeave(login: string, reason = ''): void {
    if (!this.world.players.delete(login)) return;
    this.log(`player ${login} left`);
    this.manialinks.forget(login);
    this.callback('ManiaPlanet.PlayerDisconnect', [login, reason]);
  }

  /** A player clicks an element with an action (by action name or element id), as the game reports it. */
  playerClick(login: string, target: string, typed?: Record<string, string>): void {
    const player = this.world.players.get(login);
    if (!player) throw new Error(`No player '${login}' on the sandbox server`);
    const { answer, entries } = this.manialinks.click(login, target, typed);
    this.playerAnswer(login, answer, entries);
  }

  /** PlayerManialinkPageAnswer(PlayerUid, Login, Answer, Entries) with any answer, as a modified client could send. */
  playerAnswer(login: string, answer: string, entries: { Name: string; Value: string }[]): void {
    const player = this.world.players.get(login);
    if (!player) throw new Error(`No player '${login}' on the sandbox server`);
    this.callback('ManiaPlanet.PlayerManialinkPageAnswer', [player.PlayerId, login, answer, entries]);
  }

  /** A player types a chat line, in the normal chat or the spectator or team channel. */
  playerChat(login: string, text: string, channel: SandboxChatChannel = 'normal'): void {
    const player = this.world.players.get(login);
    if (!player) throw new Error(`No player '${login}' on the sandbox server`);
    this.log(`${login} says${channel === 'normal' ? '' : ` (${channel})`}: ${text}`);
    this.chatCallback(player.PlayerId, login, text, CHAT_OPTIONS[channel]);
  }

  /** PlayerChat(uid, login, text, isRegisteredCmd[, options]): the options only for clients on API 2023-03-24 or later. */
  private chatCallback(playerUid: number, login: string, text: string, options: number): void {
    this.callback('ManiaPlanet.PlayerChat', (connection) =>
      connection.apiVersion >= CHAT_OPTIONS_API ? [playerUid, login, text, false, options] : [playerUid, login, text, false],
    );
  }

  /** A player crosses the finish line (the Trackmania.Event.WayPoint script callback with isendrace). */
  playerFinish(login: string, raceTime: number): void {
    this.log(`${login} finished in ${raceTime} ms`);
    const checkpoints = splitTimes(raceTime, this.world.currentMap.NbCheckpoints + 1);
    this.wayPoint(login, { racetime: raceTime, laptime: raceTime, isendrace: true, isendlap: true, curracecheckpoints: checkpoints, curlapcheckpoints: checkpoints });
  }

  /** A whole run: a WayPoint for each checkpoint, then one for the finish line. */
  playerRun(login: string, raceTime: number): void {
    const times = splitTimes(raceTime, this.world.currentMap.NbCheckpoints + 1);
    times.slice(0, -1).forEach((time, index) => {
      const crossed = times.slice(0, index + 1);
      this.wayPoint(login, { racetime: time, laptime: time, curracecheckpoints: crossed, curlapcheckpoints: crossed });
    });
    this.playerFinish(login, raceTime);
  }

  /**
   * A Trackmania.Event.WayPoint script callback with the fields real servers send (XmlRpc listing; TM2020 adds
   * accountid); `fields` overrides them, e.g. a lap end (isendlap without isendrace) or a Royal section end.
   */
  wayPoint(login: string, fields: Record<string, unknown>): void {
    const player = this.world.players.get(login);
    if (!player) throw new Error(`No player '${login}' on the sandbox server`);
    const race = (fields.curracecheckpoints as number[] | undefined) ?? [];
    const lap = (fields.curlapcheckpoints as number[] | undefined) ?? race;
    this.scriptCallback('Trackmania.Event.WayPoint', {
      time: Date.now(),
      login,
      accountid: `sandbox-${player.PlayerId}`,
      racetime: race.at(-1) ?? 0,
      laptime: lap.at(-1) ?? 0,
      stuntsscore: 0,
      // Indexes into the checkpoint arrays: the number crossed minus one.
      checkpointinrace: race.length - 1,
      checkpointinlap: lap.length - 1,
      isendrace: false,
      isendlap: false,
      curracecheckpoints: race,
      curlapcheckpoints: lap,
      blockid: `#${race.length}`,
      speed: 412.5,
      distance: race.length * 250,
      ...fields,
    });
  }

  /** Ends the current map and begins the next, with the callbacks a real server sends. */
  /**
   * Ends the current map and begins the next. The mode script's sections run in their order (EndMatch, EndMap,
   * unloading, loading, StartMap, StartMatch); the server's own legacy callbacks come inside them: EndMatch
   * and EndMap as the match and map end, EndMap while the map unloads, BeginMap while the next one loads.
   */
  nextMap(restart = false): void {
    const ending = this.world.currentMap;
    const count = ++this.mapCount;
    const section = (name: string, data: Record<string, unknown> = {}) => this.scriptCallback(`Maniaplanet.${name}`, { count, time: Date.now(), ...data });
    section('EndMatch_Start');
    this.callback('ManiaPlanet.EndMatch', [[], -1]);
    section('EndMatch_End');
    section('EndMap_Start', { map: scriptMap(ending) });
    section('EndMap_End', { map: scriptMap(ending) });
    this.scriptCallback('Maniaplanet.UnloadingMap_Start', { time: Date.now(), map: scriptMap(ending) });
    this.callback('ManiaPlanet.EndMap', [{ ...ending }]);
    this.scriptCallback('Maniaplanet.UnloadingMap_End', { time: Date.now() });
    if (restart) this.world.restartMap();
    else this.world.advanceMap();
    const map = this.world.currentMap;
    this.log(restart ? `map ${map.Name} restarted` : `map changed to ${map.Name}`);
    this.scriptCallback('Maniaplanet.LoadingMap_Start', { time: Date.now(), restarted: restart });
    this.callback('ManiaPlanet.BeginMap', [{ ...map }]);
    this.scriptCallback('Maniaplanet.LoadingMap_End', { time: Date.now(), restarted: restart, map: scriptMap(map) });
    this.changingMap = false;
    section('StartMap_Start', { restarted: restart, map: scriptMap(map) });
    section('StartMap_End', { restarted: restart, map: scriptMap(map) });
    this.callback('ManiaPlanet.BeginMatch', []);
    section('StartMatch_Start');
    section('StartMatch_End');
  }

  /** Sends a ModeScript callback (ManiaPlanet.ModeScriptCallbackArray) to clients that enabled them. */
  scriptCallback(name: string, data: unknown): void {
    this.callback('ManiaPlanet.ModeScriptCallbackArray', [name, [JSON.stringify(data)]], (connection) => connection.scriptCallbacks);
  }

  // ------------------------------------------------------------------------------ protocol

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    const connection: Connection = { socket, authenticated: false, callbacks: false, scriptCallbacks: false, callbackHandle: 0, apiVersion: '' };
    this.connections.add(connection);
    const maxRequestBytes = this.options.maxRequestBytes ?? 2 * 1024 * 1024;
    const reader = new FrameReader(maxRequestBytes, { expectHandshake: false });
    socket.on('data', (chunk: Buffer) => {
      let frames;
      try {
        frames = reader.push(chunk);
      } catch (error) {
        this.log(`closing a connection: ${(error as Error).message}`);
        socket.destroy();
        return;
      }
      for (const frame of frames) {
        if (frame.oversize !== undefined) {
          // Nothing in the protocol says what a server answers to an oversize request: close, as before.
          this.log(`closing a connection: a request of ${frame.oversize} bytes is over the limit of ${maxRequestBytes} bytes`);
          socket.destroy();
          return;
        }
        this.answer(connection, frame.handle, frame.body.toString('utf8'));
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.connections.delete(connection));
    socket.write(encodeHandshake());
  }

  private answer(connection: Connection, handle: number, body: string): void {
    let reply: string;
    try {
      const message = decodeMessage(body);
      if (message.kind !== 'call') throw new SandboxFault(-32600, 'Expected a methodCall');
      const waiting = this.held.get(message.method);
      if (waiting) {
        waiting.push(() => this.answer(connection, handle, body));
        return;
      }
      reply = encodeSandboxResponse(this.invoke(message.method, message.params, connection));
    } catch (error) {
      const fault = error instanceof SandboxFault ? error : new SandboxFault(-32700, (error as Error).message);
      reply = encodeSandboxFault(fault.code, fault.message);
    }
    if (!connection.socket.destroyed) connection.socket.write(encodeFrame(handle, reply));
  }

  private invoke(method: string, params: XmlRpcValue[], connection: Connection): XmlRpcValue {
    this.calls.push({ method, params });
    if (this.calls.length > 1000) this.calls.shift();
    try {
      const handler = this.methods[method];
      if (!handler) throw new SandboxFault(FAULT_NO_METHOD, `Method '${method}' not defined`);
      const open = method === 'Authenticate' || method.startsWith('system.');
      if (!open && !connection.authenticated) throw new SandboxFault(FAULT_PERMISSION, 'Permission denied.');
      const injected = this.injectedFaults.get(method);
      if (injected) {
        if (--injected.times <= 0) this.injectedFaults.delete(method);
        throw new SandboxFault(injected.code, injected.message);
      }
      return handler(params, connection);
    } catch (error) {
      if (error instanceof SandboxFault) {
        this.faults.push({ method, code: error.code, message: error.message });
        if (this.faults.length > 1000) this.faults.shift();
      }
      throw error;
    }
  }

  /** Logins named in a comma-separated list; faults as a real server does when one is not connected. */
  private connectedLogins(value: XmlRpcValue | undefined, method: string): string[] {
    const logins = requireString(value, method).split(',').map((login) => login.trim()).filter(Boolean);
    if (logins.length === 0 || logins.some((login) => !this.world.players.has(login))) throw new SandboxFault(FAULT_LOGIN_UNKNOWN, LOGIN_UNKNOWN);
    return logins;
  }

  private callback(
    method: string,
    params: XmlRpcValue[] | ((connection: Connection) => XmlRpcValue[]),
    include: (connection: Connection) => boolean = (connection) => connection.callbacks,
  ): void {
    const shared = typeof params === 'function' ? undefined : encodeSandboxCallback(method, params);
    for (const connection of this.connections) {
      if (!include(connection) || connection.socket.destroyed) continue;
      const body = shared ?? encodeSandboxCallback(method, (params as (connection: Connection) => XmlRpcValue[])(connection));
      // Callback handles stay below the request range (high bit clear).
      connection.callbackHandle = connection.callbackHandle >= 0x7fffffff ? 1 : connection.callbackHandle + 1;
      connection.socket.write(encodeFrame(connection.callbackHandle, body));
    }
  }

  private sendChat(chat: SentChat): void {
    this.chatLog.push(chat);
    if (this.chatLog.length > 1000) this.chatLog.shift();
    this.log(`chat${chat.to ? ` to ${chat.to.join(',')}` : ''}: ${chat.text}`);
    // A real server echoes server messages as PlayerChat from its own login, player uid 0.
    if (!chat.to) this.chatCallback(0, SERVER_LOGIN, chat.text, CHAT_OPTIONS.normal);
    this.chats.emit(chat);
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  /** Bans, black, guest and ignore lists, password, max players and the map selection, as a real server keeps them. */
  private serverAdminMethods(): Record<string, Method> {
    const world = this.world;
    const fault = (message: string): never => {
      throw new SandboxFault(FAULT_BAD_PARAMS, message);
    };
    const login = (value: XmlRpcValue | undefined, method: string): string => {
      const text = requireString(value, method).trim();
      return text === '' ? fault(LOGIN_UNKNOWN) : text;
    };
    const connected = (value: XmlRpcValue | undefined, method: string): string => {
      const name = login(value, method);
      return world.players.has(name) ? name : fault(LOGIN_UNKNOWN);
    };
    // (max, start) paging as GetPlayerList does; faults on a start beyond the end.
    const page = <T>(items: T[], [max = -1, start = 0]: XmlRpcValue[]): T[] => {
      const from = Number(start);
      if (from < 0 || (from > 0 && from >= items.length)) fault('Start index out of bound.');
      return Number(max) < 0 ? items.slice(from) : items.slice(from, from + Number(max));
    };
    const ban = (name: string, message: string): void => {
      world.banList.set(name, message);
      // A banned player who is on the server is disconnected at once.
      if (world.players.has(name)) setImmediate(() => this.playerLeave(name, message));
    };
    // The black, guest and ignore lists fault on adding a name twice and on removing one that is not there.
    const addTo = (list: Set<string>, name: string, already: string): true => {
      if (list.has(name)) fault(already);
      list.add(name);
      return true;
    };
    const removeFrom = (list: Set<string>, name: string, missing: string): true => list.delete(name) || fault(missing);
    const listed = (list: Set<string>, params: XmlRpcValue[]): { Login: string }[] => page([...list].map((name) => ({ Login: name })), params);
    const selectionIndex = (file: string): number => {
      const index = world.maps.findIndex((entry) => entry.FileName === file);
      return index < 0 ? fault(LIST_FAULTS.mapNotInSelection) : index;
    };
    return {
      Ban: ([name, message = '']) => (ban(login(name, 'Ban'), String(message)), true),
      BanAndBlackList: ([name, message = '']) => {
        const target = login(name, 'BanAndBlackList');
        ban(target, String(message));
        world.blackList.add(target);
        return true;
      },
      UnBan: ([name]) => world.banList.delete(login(name, 'UnBan')) || fault(LIST_FAULTS.notBanned),
      CleanBanList: () => (world.banList.clear(), true),
      GetBanList: (params) => page([...world.banList.keys()].map((name) => ({ Login: name, ClientName: name, IPAddress: '' })), params),
      BlackList: ([name]) => {
        const target = login(name, 'BlackList');
        addTo(world.blackList, target, LIST_FAULTS.alreadyBlackListed);
        if (world.players.has(target)) setImmediate(() => this.playerLeave(target, 'Blacklisted'));
        return true;
      },
      UnBlackList: ([name]) => removeFrom(world.blackList, login(name, 'UnBlackList'), LIST_FAULTS.notBlackListed),
      GetBlackList: (params) => listed(world.blackList, params),
      AddGuest: ([name]) => addTo(world.guestList, login(name, 'AddGuest'), LIST_FAULTS.alreadyGuest),
      RemoveGuest: ([name]) => removeFrom(world.guestList, login(name, 'RemoveGuest'), LIST_FAULTS.notGuest),
      GetGuestList: (params) => listed(world.guestList, params),
      // Muting needs the player on the server: the dedicated server faults an unknown login.
      Ignore: ([name]) => addTo(world.ignoreList, connected(name, 'Ignore'), LIST_FAULTS.alreadyIgnored),
      UnIgnore: ([name]) => removeFrom(world.ignoreList, login(name, 'UnIgnore'), LIST_FAULTS.notIgnored),
      GetIgnoreList: (params) => listed(world.ignoreList, params),
      SetServerPassword: ([password]) => ((world.password = requireString(password, 'SetServerPassword')), true),
      GetServerPassword: () => world.password,
      SetMaxPlayers: ([count]) => {
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) fault('SetMaxPlayers: expected an int parameter');
        world.nextMaxPlayers = count as number;
        return true;
      },
      GetNextMapIndex: () => world.maps.indexOf(world.nextMap),
      GetCurrentMapIndex: () => world.currentMapIndex,
      ChooseNextMap: ([file]) => ((world.chosenNextIndex = selectionIndex(requireString(file, 'ChooseNextMap'))), true),
      SetNextMapIdent: ([uid]) => {
        const index = world.maps.findIndex((entry) => entry.UId === requireString(uid, 'SetNextMapIdent'));
        if (index < 0) fault(LIST_FAULTS.mapNotInSelection);
        world.chosenNextIndex = index;
        return true;
      },
      JumpToMapIdent: ([uid]) => {
        const index = world.maps.findIndex((entry) => entry.UId === requireString(uid, 'JumpToMapIdent'));
        if (index < 0) fault(LIST_FAULTS.mapNotInSelection);
        if (this.changingMap) fault('Change in progress.');
        world.chosenNextIndex = index;
        this.changingMap = true;
        setImmediate(() => this.nextMap());
        return true;
      },
      AddMap: ([file]) => {
        const name = requireString(file, 'AddMap');
        const found = world.mapFolder.get(name);
        if (!found) fault(`Couldn't load '${name}'.`);
        if (world.maps.includes(found!)) fault(LIST_FAULTS.mapAlreadyAdded);
        world.maps.push(found!);
        return true;
      },
      RemoveMap: ([file]) => {
        const index = selectionIndex(requireString(file, 'RemoveMap'));
        world.maps.splice(index, 1);
        // Indexes after the removed map shift down by one.
        if (index < world.currentMapIndex) world.currentMapIndex--;
        if (world.chosenNextIndex !== undefined) world.chosenNextIndex = world.chosenNextIndex === index ? undefined : world.chosenNextIndex - (index < world.chosenNextIndex ? 1 : 0);
        return true;
      },
      SaveMatchSettings: ([file]) => {
        const name = requireString(file, 'SaveMatchSettings');
        if (name.trim() === '') fault('Could not save file.');
        world.matchSettingsFiles.set(name, world.maps.map((entry) => entry.FileName));
        return world.maps.length;
      },
    };
  }

  private buildMethods(): Record<string, Method> {
    const world = this.world;
    const playerInfo = (player: SandboxPlayer): XmlRpcValue => ({ ...player });
    return {
      'system.listMethods': () => Object.keys(this.methods).sort(),
      'system.multicall': (params, connection) => {
        const calls = params[0];
        if (!Array.isArray(calls)) throw new SandboxFault(FAULT_BAD_PARAMS, 'system.multicall expects an array of calls');
        return calls.map((call) => {
          const { methodName, params: callParams } = (call ?? {}) as { methodName?: XmlRpcValue; params?: XmlRpcValue };
          try {
            if (methodName === 'system.multicall') throw new SandboxFault(FAULT_BAD_PARAMS, 'Recursive system.multicall forbidden');
            return [this.invoke(String(methodName), Array.isArray(callParams) ? callParams : [], connection)];
          } catch (error) {
            const fault = error instanceof SandboxFault ? error : new SandboxFault(-32603, (error as Error).message);
            return { faultCode: fault.code, faultString: fault.message };
          }
        });
      },
      Authenticate: ([user, password], connection) => {
        if (user !== this.options.user || password !== this.options.password) throw new SandboxFault(FAULT_PERMISSION, 'Permission denied.');
        connection.authenticated = true;
        return true;
      },
      SetApiVersion: ([version], connection) => {
        const asked = requireString(version, 'SetApiVersion');
        this.apiVersions.push(asked);
        // A real server refuses versions it does not know; the sandbox knows the dated ones up to its own.
        if (!/^\d{4}-\d{2}-\d{2}$/.test(asked) || asked < OLDEST_API_VERSION || asked > API_VERSION) {
          throw new SandboxFault(FAULT_BAD_PARAMS, `Unknown API version '${asked}'.`);
        }
        connection.apiVersion = asked;
        return true;
      },
      EnableCallbacks: ([enabled], connection) => {
        connection.callbacks = enabled === true;
        return true;
      },
      GetVersion: () => ({ Name: 'Trackmania', TitleId: TITLE_ID, Version: '3.3.0', Build: '2026-11-01_12_00', ApiVersion: API_VERSION }),
      GetSystemInfo: () => ({
        PublishedIp: '127.0.0.1',
        Port: 2350,
        P2PPort: 3450,
        TitleId: TITLE_ID,
        ServerLogin: SERVER_LOGIN,
        ServerPlayerId: 0,
        ConnectionDownloadRate: 100_000,
        ConnectionUploadRate: 100_000,
        IsServer: true,
        IsDedicated: true,
      }),
      GetServerName: () => world.serverName,
      SetServerName: ([name]) => {
        world.serverName = requireString(name, 'SetServerName');
        return true;
      },
      GetStatus: () => ({ Code: 4, Name: 'Running - Play' }),
      GetMaxPlayers: () => ({ CurrentValue: world.maxPlayers, NextValue: world.nextMaxPlayers }),
      // (max, start, struct version): 0 the United struct, 1 the Forever struct without servers, 2 the Forever
      // struct with servers (the server's own entry first). Without a version the server's entry is listed too.
      GetPlayerList: ([max = -1, start = 0, version]) => {
        const structVersion = version === undefined ? 2 : Number(version);
        if (![0, 1, 2].includes(structVersion)) throw new SandboxFault(FAULT_BAD_PARAMS, 'Invalid struct version.');
        const entries = structVersion === 2 ? [world.serverEntry, ...world.players.values()] : [...world.players.values()];
        const all = entries.map((player) => (structVersion === 0 ? unitedPlayerInfo(player) : playerInfo(player)));
        const from = Number(start);
        if (from < 0 || (from > 0 && from >= all.length)) throw new SandboxFault(FAULT_BAD_PARAMS, 'Start index out of bound.');
        return Number(max) < 0 ? all.slice(from) : all.slice(from, from + Number(max));
      },
      GetPlayerInfo: ([login]) => {
        const player = world.players.get(requireString(login, 'GetPlayerInfo'));
        if (!player) throw new SandboxFault(FAULT_LOGIN_UNKNOWN, LOGIN_UNKNOWN);
        return playerInfo(player);
      },
      GetCurrentMapInfo: () => ({ ...world.currentMap }),
      GetNextMapInfo: () => ({ ...world.nextMap }),
      GetMapList: ([max = -1, start = 0]) => {
        const all = world.maps.map((map) => ({ ...map }));
        const from = Number(start);
        return Number(max) < 0 ? all.slice(from) : all.slice(from, from + Number(max));
      },
      GetModeScriptInfo: () => ({ Name: world.modeScript, CompatibleMapTypes: 'TrackMania\\TM_Race', Description: '', Version: '2026-11-01' }),
      GetScriptName: () => ({ CurrentValue: world.modeScript, NextValue: world.nextModeScript }),
      // As on a real server, a new mode script starts with the next map.
      SetScriptName: ([name]) => {
        world.nextModeScript = requireString(name, 'SetScriptName');
        return true;
      },
      // A change asked for while the previous one is still under way is refused, as a real server does.
      NextMap: () => {
        if (this.changingMap) throw new SandboxFault(FAULT_BAD_PARAMS, 'Change in progress.');
        this.changingMap = true;
        setImmediate(() => this.nextMap());
        return true;
      },
      // A restart replays the map with the same callbacks as a change, flagged restarted.
      RestartMap: () => {
        if (this.changingMap) throw new SandboxFault(FAULT_BAD_PARAMS, 'Change in progress.');
        this.changingMap = true;
        setImmediate(() => this.nextMap(true));
        return true;
      },
      ...this.serverAdminMethods(),
      ChatSendServerMessage: ([text]) => {
        this.sendChat({ text: requireString(text, 'ChatSendServerMessage') });
        return true;
      },
      ChatSendServerMessageToLogin: ([text, logins]) => {
        const message = requireString(text, 'ChatSendServerMessageToLogin');
        this.sendChat({ text: message, to: this.connectedLogins(logins, 'ChatSendServerMessageToLogin') });
        return true;
      },
      SendDisplayManialinkPageToLogin: ([logins, page]) => {
        const xml = requireString(page, 'SendDisplayManialinkPageToLogin');
        this.manialinks.display(this.connectedLogins(logins, 'SendDisplayManialinkPageToLogin'), xml);
        return true;
      },
      SendHideManialinkPageToLogin: ([logins]) => {
        this.manialinks.hideAll(this.connectedLogins(logins, 'SendHideManialinkPageToLogin'));
        return true;
      },
      SendDisplayManialinkPage: ([page]) => {
        this.manialinks.display(world.players.keys(), requireString(page, 'SendDisplayManialinkPage'));
        return true;
      },
      SendHideManialinkPage: () => {
        this.manialinks.hideAll(world.players.keys());
        return true;
      },
      Kick: ([login, message = '']) => {
        const target = requireString(login, 'Kick');
        if (!world.players.has(target)) throw new SandboxFault(FAULT_LOGIN_UNKNOWN, LOGIN_UNKNOWN);
        setImmediate(() => this.playerLeave(target, `Kicked: ${String(message)}`));
        return true;
      },
      TriggerModeScriptEventArray: ([event, args], connection) => {
        const name = requireString(event, 'TriggerModeScriptEventArray');
        const values = Array.isArray(args) ? args.map(String) : [];
        if (name === 'XmlRpc.EnableCallbacks') connection.scriptCallbacks = values[0] === 'true';
        else if (name === 'XmlRpc.GetCallbacksList') {
          const responseid = values[0] ?? '';
          setImmediate(() => this.scriptCallback('XmlRpc.CallbacksList', { responseid, callbacks: ['Maniaplanet.StartMap_Start', 'Trackmania.Scores'] }));
        } else if (name === 'Trackmania.GetScores') {
          const responseid = values[0] ?? '';
          const players = [...world.players.values()].map((player) => ({ login: player.Login, name: player.NickName, bestracetime: -1 }));
          setImmediate(() => this.scriptCallback('Trackmania.Scores', { responseid, section: 'Custom', players }));
        }
        return true;
      },
    };
  }
}

/** The fault texts of a real dedicated server for list and map-selection calls (all with code -1000). */
const LIST_FAULTS = {
  notBanned: 'Login not banned.',
  alreadyBlackListed: 'Player already black listed.',
  notBlackListed: 'Player not black listed.',
  alreadyGuest: 'Player already on guest list.',
  notGuest: 'Player not on guest list.',
  alreadyIgnored: 'Player already ignored.',
  notIgnored: 'Player not ignored.',
  mapAlreadyAdded: 'Map already added.',
  mapNotInSelection: 'Map not in the selection.',
} as const;

/** A map as the script callbacks describe it: lower-case keys, unlike the server's SMapInfo struct. */
function scriptMap(map: SandboxMap): Record<string, unknown> {
  return {
    uid: map.UId,
    name: map.Name,
    filename: map.FileName,
    author: map.Author,
    environment: map.Environnement,
    mood: map.Mood,
    bronzetime: map.BronzeTime,
    silvertime: map.SilverTime,
    goldtime: map.GoldTime,
    authortime: map.AuthorTime,
    copperprice: map.CopperPrice,
    laprace: map.LapRace,
    nblaps: map.NbLaps,
    maptype: map.MapType,
    mapstyle: map.MapStyle,
  };
}

/** `count` rising checkpoint times ending at `total`, evenly spread. */
function splitTimes(total: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => Math.round((total * (index + 1)) / count));
}

/** The United-era player struct (version 0): a spectator flag instead of SpectatorStatus and Flags. */
function unitedPlayerInfo(player: SandboxPlayer): XmlRpcValue {
  return {
    Login: player.Login,
    NickName: player.NickName,
    PlayerId: player.PlayerId,
    TeamId: player.TeamId,
    IsSpectator: player.SpectatorStatus % 10 !== 0,
    IsInOfficialMode: false,
    LadderRanking: player.LadderRanking,
  };
}

function requireString(value: XmlRpcValue | undefined, method: string): string {
  if (typeof value !== 'string') throw new SandboxFault(FAULT_BAD_PARAMS, `${method}: expected a string parameter`);
  return value;
}
