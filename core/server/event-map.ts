/** The server events apps can listen to with ctx.on(name, handler). */

export interface PlayerInfo {
  login: string;
  nickName: string;
  playerId: number;
  teamId: number;
  isSpectator: boolean;
  ladderRanking: number;
}

export interface MapInfo {
  uid: string;
  name: string;
  fileName: string;
  author: string;
  environment: string;
  mapType: string;
  mapStyle: string;
  /** Author time in milliseconds. */
  authorTime: number;
}

/** Where a chat line was typed: the normal chat, the spectators' channel or the team channel. */
export type ChatChannel = 'normal' | 'spectator' | 'team';

export interface ServerEventMap {
  /** A player joined (already in server.players). */
  playerConnect: { login: string; isSpectator: boolean; player: PlayerInfo };
  /** A player left (already removed from server.players). */
  playerDisconnect: { login: string; reason: string };
  /** A chat line by a player (not by the server itself), and the channel it was typed in. */
  playerChat: { login: string; text: string; isCommand: boolean; channel: ChatChannel };
  /**
   * A player clicked a ManiaLink action (PlayerManialinkPageAnswer): the action's name and the values of the
   * page's entry fields. ctx.ui routes the clicks on an app's own pages to their handlers.
   */
  playerAnswer: { login: string; answer: string; entries: Readonly<Record<string, string>> };
  beginMap: { map: MapInfo };
  endMap: { map: MapInfo };
  beginMatch: Record<string, never>;
  endMatch: { rankings: unknown[]; winnerTeam: number };
  serverStart: Record<string, never>;
  serverStop: Record<string, never>;
  /** A ModeScript callback (XmlRpc script event), with its JSON data parsed: always an object. */
  modeScript: { name: string; data: Readonly<Record<string, unknown>> };
  /** The connection to the dedicated server was lost; Pitwall is reconnecting. */
  disconnected: { reason: string };
  /** The connection is back and state has been reloaded. */
  reconnected: Record<string, never>;
}
