import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { Emitter, toSubscription, type Subscription } from '../disposables.js';
import { decodeMessage, type XmlRpcValue } from '../gbx/codec.js';
import { encodeFrame, encodeHandshake, FrameReader } from '../gbx/framing.js';
import type { SandboxConnection as Connection, SandboxControl, SandboxMethods, SentChat } from './control.js';
import { encodeSandboxCallback, encodeSandboxFault, encodeSandboxResponse } from './encoder.js';
import { FAULT_BAD_PARAMS, FAULT_NO_METHOD, FAULT_PERMISSION, SandboxFault, type AnsweredFault } from './faults.js';
import { SandboxManialinks } from './manialinks.js';
import { adminMethods } from './methods/admin.js';
import { chatAndUiMethods } from './methods/chat-and-ui.js';
import { gameMethods } from './methods/game.js';
import { sessionMethods } from './methods/session.js';
import { playerDetailsMethods } from './methods/player-details.js';
import { scriptMap, splitTimes } from './script-shapes.js';
import { SandboxWorld, SERVER_LOGIN, type SandboxPlayer } from './world.js';

export type { SentChat } from './control.js';
export { SandboxFault, type AnsweredFault } from './faults.js';

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

/** The chat channel of a PlayerChat callback; its number is the callback's fifth parameter. */
export type SandboxChatChannel = 'normal' | 'spectator' | 'team';
const CHAT_OPTIONS: Record<SandboxChatChannel, number> = { normal: 0, spectator: 2, team: 3 };
/** Since this API version PlayerChat carries a fifth parameter, the chat options (channel). */
const CHAT_OPTIONS_API = '2023-03-24';

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
  private readonly methods: SandboxMethods;
  private boundPort = 0;
  /** Map changes so far (the script callbacks' `count`), and whether one asked for is still under way. */
  private mapCount = 0;
  private changingMap = false;

  constructor(private readonly options: SandboxServerOptions) {
    const control: SandboxControl = {
      world: this.world,
      manialinks: this.manialinks,
      apiVersions: this.apiVersions,
      credentials: { user: options.user, password: options.password },
      methodNames: () => Object.keys(this.methods).sort(),
      invoke: (method, params, connection) => this.invoke(method, params, connection),
      sendChat: (chat) => this.sendChat(chat),
      playerLeave: (login, reason) => this.playerLeave(login, reason),
      scriptCallback: (name, data) => this.scriptCallback(name, data),
      changeMap: (restart, prepare) => {
        if (this.changingMap) throw new SandboxFault(FAULT_BAD_PARAMS, 'Change in progress.');
        prepare?.();
        this.changingMap = true;
        setImmediate(() => this.nextMap(restart));
      },
    };
    // The method table, by area; system.listMethods lists it.
    this.methods = { ...sessionMethods(control), ...gameMethods(control), ...adminMethods(control), ...chatAndUiMethods(control), ...playerDetailsMethods(control) };
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

}
