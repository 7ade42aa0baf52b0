import type { MulticallEntry, MulticallResult } from '../gbx/client.js';
import type { XmlRpcValue } from '../gbx/codec.js';
import type { MapInfo, PlayerInfo } from './event-map.js';

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
   * Kick aimed at a player who has left resolves with false and a debug line instead of failing. Every text
   * sent, here and by the other methods, loses NUL and other control characters, which no request may carry.
   */
  call(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue>;
  multicall(calls: readonly MulticallEntry[]): Promise<MulticallResult[]>;
  /** A ModeScript method answered by a script callback (matched by responseid). */
  scriptCall(event: string, params?: string[]): Promise<unknown>;
}

export const GameServer = Symbol('GameServer');
