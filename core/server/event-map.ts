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

/**
 * What every player event of the mode script carries. `serverTime` is the game's clock: milliseconds since
 * the dedicated server started, not a date (compare two of them; never read one as a Unix time).
 * `accountId` is the player's Trackmania 2020 account id ('' on ManiaPlanet titles, which send none).
 */
export interface PlayerScriptEvent {
  login: string;
  accountId: string;
  serverTime: number;
}

/** A run's position when it crosses a waypoint or respawns. Times are whole milliseconds since the start line. */
export interface RunProgress extends PlayerScriptEvent {
  raceTime: number;
  /** Milliseconds since the current lap began (the race time on a map without laps). */
  lapTime: number;
  /** Checkpoints crossed since the start line, minus one: 0 for the first (the finish and lap lines count). */
  checkpointInRace: number;
  /** The same since the current lap began. */
  checkpointInLap: number;
}

/** A player crosses a checkpoint that is neither a finish nor a lap line (Trackmania.Event.WayPoint). */
export interface PlayerCheckpoint extends RunProgress {
  /**
   * The run's checkpoint times so far, this one included (curracecheckpoints). Trackmania 2020 sends them
   * only once asked (Trackmania.Event.SetCurRaceCheckpointsMode, which Pitwall does at connect); [] when not.
   */
  checkpoints: readonly number[];
  /**
   * The current lap's checkpoint times so far, counted from the lap line (curlapcheckpoints, or the race's
   * since the last lap line when the server sends only those); [] when neither is sent.
   */
  lapCheckpoints: readonly number[];
  /** The ManiaScript id of the checkpoint block ('' when not sent). */
  blockId: string;
}

/**
 * A player crosses a finish line or a lap line (Trackmania.Event.WayPoint with isendrace or isendlap): read
 * `isEndRace` before keeping a time as a whole run of the map.
 */
export interface PlayerFinish extends PlayerCheckpoint {
  /**
   * The end of a whole run: the finish line, after the last lap on a lap race. False at a lap end and, in
   * Royal Time Attack, where each finish line ends one section of the map (`isEndSection`), not a run. With
   * Trackmania 2020's independent laps (each lap counts as a run) every lap line ends one: `raceTime` and
   * `checkpoints` are then that lap's.
   */
  isEndRace: boolean;
  /** A lap line (also the last one, with `isEndRace`); false for a Royal section end. */
  isEndLap: boolean;
  /** Royal Time Attack: this finish ends one section of the map; `raceTime` is the section's time. */
  isEndSection: boolean;
  /** The lap this crossing ends, from 1 (1 on a map without laps). */
  lap: number;
}

/** A player respawns at the last checkpoint (Trackmania.Event.Respawn). */
export interface PlayerRespawn extends RunProgress {
  /** Respawns since the start of this run. */
  respawns: number;
}

/**
 * Which part of the match the scores close (Trackmania.Scores' section): '' when asked for outside one
 * (Trackmania.GetScores), 'PreEndRound' when the round's finish timeout ends, then 'EndRound', 'EndMap',
 * 'EndMatchEarly' (before the podium) and 'EndMatch'.
 */
export type ScoresSection = '' | 'PreEndRound' | 'EndRound' | 'EndMap' | 'EndMatchEarly' | 'EndMatch';

export interface TeamScore {
  id: number;
  name: string;
  roundPoints: number;
  mapPoints: number;
  matchPoints: number;
}

/** A player's scores; a time the player has not set yet is `undefined` (the server sends -1). */
export interface PlayerScore {
  login: string;
  /** '' on ManiaPlanet titles. */
  accountId: string;
  /** The nickname, with its formatting codes. */
  name: string;
  /** Rank in the match, from 1. */
  rank: number;
  roundPoints: number;
  mapPoints: number;
  matchPoints: number;
  bestRaceTime: number | undefined;
  bestRaceCheckpoints: readonly number[];
  bestLapTime: number | undefined;
  bestLapCheckpoints: readonly number[];
  /** The player's last run before this one (script API 2.5.0 and later). */
  previousRaceTime: number | undefined;
  previousRaceCheckpoints: readonly number[];
}

/** Teams' and players' scores (Trackmania.Scores). */
export interface Scores {
  section: ScoresSection;
  /** The id of the Trackmania.GetScores call this answers; undefined when the mode sent them on its own. */
  responseId: string | undefined;
  useTeams: boolean;
  /** The team that won, -1 for none. */
  winnerTeam: number;
  /** The login of the player who won, '' for none. */
  winnerPlayer: string;
  teams: readonly TeamScore[];
  players: readonly PlayerScore[];
}

/**
 * Players knocked out at the end of a Knockout round (Trackmania.Knockout.Elimination), by their Trackmania
 * 2020 account ids: match them to logins through the `accountId` of scores and player events.
 */
export interface KnockoutElimination {
  accountIds: readonly string[];
}

/**
 * The warm-up (Maniaplanet.WarmUp.* and Trackmania 2020's Trackmania.WarmUp.*): `active` says whether one
 * is under way after this event.
 */
export type WarmUpEvent =
  | { phase: 'start'; active: true }
  | { phase: 'end'; active: false }
  /** A warm-up round begins or ends: `round` of `rounds`, from 1. */
  | { phase: 'startRound' | 'endRound'; active: true; round: number; rounds: number }
  /** The answer to Maniaplanet.WarmUp.GetStatus / Trackmania.WarmUp.GetStatus. */
  | { phase: 'status'; active: boolean; available: boolean; responseId: string | undefined };

/** The pause (Maniaplanet.Pause.Status, sent when it is asked for or set with Maniaplanet.Pause.SetActive). */
export interface PauseStatus {
  /** Whether the mode can pause at all. */
  available: boolean;
  active: boolean;
  responseId: string | undefined;
}

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
  /** A checkpoint crossed (not a finish or lap line). */
  playerCheckpoint: PlayerCheckpoint;
  /** A finish or lap line crossed: `isEndRace` for a whole run; already checked (whole milliseconds, from 1). */
  playerFinish: PlayerFinish;
  /** A player drives off the start line, at the end of the 3, 2, 1, Go! (Trackmania.Event.StartLine). */
  playerStartLine: PlayerScriptEvent;
  /** A player gives up the run and starts again from the start (Trackmania.Event.GiveUp). */
  playerGiveUp: PlayerScriptEvent;
  playerRespawn: PlayerRespawn;
  /** Teams' and players' scores, at the end of each round, map and match, and when asked for. */
  scores: Scores;
  /** Players eliminated at the end of a Knockout round. */
  knockoutElimination: KnockoutElimination;
  warmUp: WarmUpEvent;
  pause: PauseStatus;
  /**
   * Every ModeScript callback (XmlRpc script event), with its JSON data parsed: always an object. The ones
   * above come typed; one they refuse as malformed reaches neither them nor this.
   */
  modeScript: { name: string; data: Readonly<Record<string, unknown>> };
  /** The connection to the dedicated server was lost; Pitwall is reconnecting. */
  disconnected: { reason: string };
  /** The connection is back and state has been reloaded. */
  reconnected: Record<string, never>;
}

/** Every event name ctx.on takes, at run time too: a misspelt one from plain JavaScript is refused, not silent. */
export const SERVER_EVENTS = Object.keys({
  playerConnect: true,
  playerDisconnect: true,
  playerChat: true,
  playerAnswer: true,
  beginMap: true,
  endMap: true,
  beginMatch: true,
  endMatch: true,
  serverStart: true,
  serverStop: true,
  playerCheckpoint: true,
  playerFinish: true,
  playerStartLine: true,
  playerGiveUp: true,
  playerRespawn: true,
  scores: true,
  knockoutElimination: true,
  warmUp: true,
  pause: true,
  modeScript: true,
  disconnected: true,
  reconnected: true,
} satisfies Record<keyof ServerEventMap, true>) as readonly (keyof ServerEventMap)[];
