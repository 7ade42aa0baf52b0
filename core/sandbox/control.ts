import type { Socket } from 'node:net';
import type { XmlRpcValue } from '../gbx/codec.js';
import type { SandboxManialinks } from './manialinks.js';
import type { SandboxWorld } from './world.js';

export interface SentChat {
  text: string;
  /** Logins it was sent to; undefined for everyone. */
  to?: string[];
}

/** One client connection and what it switched on. */
export interface SandboxConnection {
  socket: Socket;
  authenticated: boolean;
  callbacks: boolean;
  scriptCallbacks: boolean;
  callbackHandle: number;
  /** What the client asked for with SetApiVersion; some callbacks change shape with it. */
  apiVersion: string;
}

/** One XML-RPC method of the sandbox: its parameters in, its answer out, a SandboxFault to refuse. */
export type SandboxMethod = (params: XmlRpcValue[], connection: SandboxConnection) => XmlRpcValue;
export type SandboxMethods = Record<string, SandboxMethod>;

/** What the method tables may do to the sandbox server beyond its world. */
export interface SandboxControl {
  readonly world: SandboxWorld;
  readonly manialinks: SandboxManialinks;
  /** The API versions clients asked for with SetApiVersion, in order. */
  readonly apiVersions: string[];
  readonly credentials: { user: string; password: string };
  /** Every method the server answers, sorted (system.listMethods). */
  methodNames(): string[];
  /** Runs one call as if it came alone (system.multicall's entries). */
  invoke(method: string, params: XmlRpcValue[], connection: SandboxConnection): XmlRpcValue;
  sendChat(chat: SentChat): void;
  playerLeave(login: string, reason: string): void;
  scriptCallback(name: string, data: unknown): void;
  /**
   * Starts a map change (the next map, or the same one restarted) on the next turn; faults 'Change in
   * progress.' while one is under way, before `prepare` runs, as a real server refuses a second change.
   */
  changeMap(restart: boolean, prepare?: () => void): void;
}
