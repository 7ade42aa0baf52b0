import type { Socket } from 'node:net';
import type { XmlRpcValue } from '../gbx/codec.js';
import type { SandboxManialinks } from './manialinks.js';
import type { MethodEntry } from './method-table.js';
import type { MethodLevel } from './method-docs.js';
import type { SandboxWorld } from './world.js';
import type { SandboxScores, ScoresSection } from './scores.js';

export interface SentChat {
  text: string;
  /** Logins it was sent to; undefined for everyone. */
  to?: string[];
  /** The player it was sent on behalf of (ChatForwardToLogin); undefined for the server's own lines. */
  from?: string;
  /** Sent with ChatSend (with the server's login in front) rather than ChatSendServerMessage. */
  withServerLogin?: boolean;
}

/** A notice shown on players' screens (SendNotice). */
export interface SentNotice {
  text: string;
  avatarLogin: string;
  variant: number;
  to?: string[];
}

/** A link a controller opened for players (SendOpenLinkToLogin): 0 in their browser, 1 inside the game. */
export interface OpenedLink {
  url: string;
  kind: 0 | 1;
  to: string[];
}

/** One client connection and what it switched on. */
export interface SandboxConnection {
  socket: Socket;
  /** The level Authenticate granted; undefined before a login. */
  level?: MethodLevel;
  callbacks: boolean;
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
  /** The password of each level (Authenticate). */
  readonly passwords: Readonly<Record<MethodLevel, string>>;
  /** The method table (system.listMethods, methodSignature, methodHelp). */
  readonly table: ReadonlyMap<string, MethodEntry>;
  /** Runs one call as if it came alone (system.multicall's entries). */
  invoke(method: string, params: XmlRpcValue[], connection: SandboxConnection): XmlRpcValue;
  sendChat(chat: SentChat): void;
  playerLeave(login: string, reason: string): void;
  scriptCallback(name: string, data: unknown): void;
  /** Sends a server callback to every connection that enabled callbacks. */
  callback(method: string, params: XmlRpcValue[]): void;
  /** Tells controllers a player's struct changed (PlayerInfoChanged). */
  playerInfoChanged(login: string): void;
  /** The Trackmania.Scores data for a section, or for a Trackmania.GetScores answer. */
  scoresData(section: ScoresSection, responseid?: string): Record<string, unknown>;
  readonly scores: SandboxScores;
  /** Chat manual routing (ChatEnableManualRouting): players' lines reach players only when forwarded. */
  readonly chatRouting: { manual: boolean; forwardServer: boolean };
  sendNotice(notice: SentNotice): void;
  openLink(link: OpenedLink): void;
  /**
   * Starts a map change (the next map, or the same one restarted) on the next turn; faults 'Change in
   * progress.' while one is under way, before `prepare` runs, as a real server refuses a second change.
   */
  changeMap(restart: boolean, prepare?: () => void): void;
}
