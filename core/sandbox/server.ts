import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { decodeMessage, type XmlRpcValue } from '../gbx/codec.js';
import { encodeFrame, encodeHandshake, FrameReader } from '../gbx/framing.js';
import { encodeSandboxCallback, encodeSandboxFault, encodeSandboxResponse } from './encoder.js';
import { MODE_SCRIPT, SandboxWorld, SERVER_LOGIN, TITLE_ID, type SandboxPlayer } from './world.js';

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
}

type Method = (params: XmlRpcValue[], connection: Connection) => XmlRpcValue;

const FAULT_NO_METHOD = -506;
const FAULT_PERMISSION = -1000;
const FAULT_BAD_PARAMS = -1000;
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
  /** The API versions clients asked for with SetApiVersion, in order. */
  readonly apiVersions: string[] = [];
  private server?: Server;
  private readonly connections = new Set<Connection>();
  private readonly chatListeners = new Set<(chat: SentChat) => void>();
  private readonly methods: Record<string, Method>;
  private boundPort = 0;

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

  onChat(listener: (chat: SentChat) => void): () => void {
    this.chatListeners.add(listener);
    return () => this.chatListeners.delete(listener);
  }

  // ------------------------------------------------------------------------------ driving the world

  playerJoin(login: string, nickName = login, isSpectator = false): SandboxPlayer {
    const player = this.world.addPlayer(login, nickName, isSpectator);
    this.log(`player ${login} joined`);
    this.callback('ManiaPlanet.PlayerConnect', [login, isSpectator]);
    this.callback('ManiaPlanet.PlayerInfoChanged', [{ ...player }]);
    return player;
  }

  playerLeave(login: string, reason = ''): void {
    if (!this.world.players.delete(login)) return;
    this.log(`player ${login} left`);
    this.callback('ManiaPlanet.PlayerDisconnect', [login, reason]);
  }

  playerChat(login: string, text: string): void {
    const player = this.world.players.get(login);
    if (!player) throw new Error(`No player '${login}' on the sandbox server`);
    this.log(`${login} says: ${text}`);
    this.callback('ManiaPlanet.PlayerChat', [player.PlayerId, login, text, false]);
  }

  /** A player crosses the finish line (the Trackmania.Event.WayPoint script callback with isendrace). */
  playerFinish(login: string, raceTime: number): void {
    const player = this.world.players.get(login);
    if (!player) throw new Error(`No player '${login}' on the sandbox server`);
    this.log(`${login} finished in ${raceTime} ms`);
    const checkpoints = this.world.currentMap.NbCheckpoints;
    this.scriptCallback('Trackmania.Event.WayPoint', {
      time: Date.now(),
      login,
      accountid: `sandbox-${player.PlayerId}`,
      racetime: raceTime,
      laptime: raceTime,
      checkpointinrace: checkpoints,
      checkpointinlap: checkpoints,
      isendrace: true,
      isendlap: true,
      isinfinitelaps: false,
      isindependentlaps: false,
      curracecheckpoints: [],
      curlapcheckpoints: [],
      blockid: '#0',
      speed: 500,
    });
  }

  /** Ends the current map and begins the next, with the callbacks a real server sends. */
  nextMap(): void {
    const ending = this.world.currentMap;
    this.callback('ManiaPlanet.EndMatch', [[], -1]);
    this.callback('ManiaPlanet.EndMap', [{ ...ending }]);
    this.world.advanceMap();
    const map = this.world.currentMap;
    this.log(`map changed to ${map.Name}`);
    this.callback('ManiaPlanet.BeginMap', [{ ...map }]);
    this.scriptCallback('Maniaplanet.StartMap_Start', { time: Date.now(), restarted: false, map: { uid: map.Uid, name: map.Name } });
    this.callback('ManiaPlanet.BeginMatch', []);
  }

  /** Sends a ModeScript callback (ManiaPlanet.ModeScriptCallbackArray) to clients that enabled them. */
  scriptCallback(name: string, data: unknown): void {
    this.callback('ManiaPlanet.ModeScriptCallbackArray', [name, [JSON.stringify(data)]], (connection) => connection.scriptCallbacks);
  }

  // ------------------------------------------------------------------------------ protocol

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    const connection: Connection = { socket, authenticated: false, callbacks: false, scriptCallbacks: false, callbackHandle: 0 };
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
      reply = encodeSandboxResponse(this.invoke(message.method, message.params, connection));
    } catch (error) {
      const fault = error instanceof SandboxFault ? error : new SandboxFault(-32700, (error as Error).message);
      reply = encodeSandboxFault(fault.code, fault.message);
    }
    if (!connection.socket.destroyed) connection.socket.write(encodeFrame(handle, reply));
  }

  private invoke(method: string, params: XmlRpcValue[], connection: Connection): XmlRpcValue {
    const handler = this.methods[method];
    if (!handler) throw new SandboxFault(FAULT_NO_METHOD, `Method '${method}' not defined`);
    const open = method === 'Authenticate' || method.startsWith('system.');
    if (!open && !connection.authenticated) throw new SandboxFault(FAULT_PERMISSION, 'Permission denied.');
    return handler(params, connection);
  }

  private callback(method: string, params: XmlRpcValue[], include: (connection: Connection) => boolean = (connection) => connection.callbacks): void {
    const body = encodeSandboxCallback(method, params);
    for (const connection of this.connections) {
      if (!include(connection) || connection.socket.destroyed) continue;
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
    if (!chat.to) this.callback('ManiaPlanet.PlayerChat', [0, SERVER_LOGIN, chat.text, false]);
    for (const listener of this.chatListeners) listener(chat);
  }

  private log(line: string): void {
    this.options.log?.(line);
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
      SetApiVersion: ([version]) => {
        const asked = requireString(version, 'SetApiVersion');
        this.apiVersions.push(asked);
        // A real server refuses versions it does not know; the sandbox knows the dated ones up to its own.
        if (!/^\d{4}-\d{2}-\d{2}$/.test(asked) || asked < OLDEST_API_VERSION || asked > API_VERSION) {
          throw new SandboxFault(FAULT_BAD_PARAMS, `Unknown API version '${asked}'.`);
        }
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
      GetMaxPlayers: () => ({ CurrentValue: world.maxPlayers, NextValue: world.maxPlayers }),
      GetPlayerList: ([max = -1, start = 0]) => {
        const all = [world.serverEntry, ...world.players.values()].map(playerInfo);
        const from = Number(start);
        return Number(max) < 0 ? all.slice(from) : all.slice(from, from + Number(max));
      },
      GetPlayerInfo: ([login]) => {
        const player = world.players.get(requireString(login, 'GetPlayerInfo'));
        if (!player) throw new SandboxFault(-1000, 'Login unknown.');
        return playerInfo(player);
      },
      GetCurrentMapInfo: () => ({ ...world.currentMap }),
      GetNextMapInfo: () => ({ ...world.nextMap }),
      GetMapList: ([max = -1, start = 0]) => {
        const all = world.maps.map((map) => ({ ...map }));
        const from = Number(start);
        return Number(max) < 0 ? all.slice(from) : all.slice(from, from + Number(max));
      },
      GetModeScriptInfo: () => ({ Name: MODE_SCRIPT, CompatibleMapTypes: 'TrackMania\\TM_Race', Description: 'Time attack', Version: '2026-11-01' }),
      GetScriptName: () => ({ CurrentValue: MODE_SCRIPT, NextValue: MODE_SCRIPT }),
      NextMap: () => {
        setImmediate(() => this.nextMap());
        return true;
      },
      RestartMap: () => true,
      ChatSendServerMessage: ([text]) => {
        this.sendChat({ text: requireString(text, 'ChatSendServerMessage') });
        return true;
      },
      ChatSendServerMessageToLogin: ([text, logins]) => {
        const to = requireString(logins, 'ChatSendServerMessageToLogin').split(',').map((login) => login.trim()).filter(Boolean);
        this.sendChat({ text: requireString(text, 'ChatSendServerMessageToLogin'), to });
        return true;
      },
      Kick: ([login, message = '']) => {
        const target = requireString(login, 'Kick');
        if (!world.players.has(target)) throw new SandboxFault(-1000, 'Login unknown.');
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

function requireString(value: XmlRpcValue | undefined, method: string): string {
  if (typeof value !== 'string') throw new SandboxFault(FAULT_BAD_PARAMS, `${method}: expected a string parameter`);
  return value;
}
