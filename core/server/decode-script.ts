import { kindOf, type Decoded, type ScriptEvent } from './decode.js';
import type {
  KnockoutElimination,
  PauseStatus,
  PlayerCheckpoint,
  PlayerFinish,
  PlayerRespawn,
  PlayerScore,
  PlayerScriptEvent,
  RunProgress,
  Scores,
  ScoresSection,
  ServerEventMap,
  TeamScore,
  WarmUpEvent,
} from './event-map.js';

/**
 * The script callbacks apps get typed, read from their JSON as the XmlRpc listing documents them
 * (maniaplanet/script-xmlrpc XmlRpcListing.md) with Trackmania 2020's additions (accountid). A field of the
 * wrong type or out of range refuses the whole callback, with the reason: no app sees half of one.
 */

/** The typed events script callbacks become. */
export type ScriptEventName = 'playerCheckpoint' | 'playerFinish' | 'playerStartLine' | 'playerGiveUp' | 'playerRespawn' | 'scores' | 'knockoutElimination' | 'warmUp' | 'pause';
export type TypedScriptEvent = { [E in ScriptEventName]: { event: E; payload: ServerEventMap[E] } }[ScriptEventName];

/** What decoding needs to know of the server: the mode decides what a finish line ends. */
export interface ScriptEventContext {
  modeScript: string;
}

/** Race, lap and checkpoint times are whole milliseconds the game keeps in a signed 32-bit integer. */
export const MAX_TIME = 2 ** 31 - 1;

/** Royal Time Attack: each finish line ends one section of the map, not a run of the whole map. */
const SECTION_MODE = /RoyalTimeAttack/i;

/** The listing's sections, and Trackmania 2020's EndMatchEarly (EvoSC-sharp src/EvoSC.Common/Models/ModeScriptSection.cs). */
const SECTIONS: readonly ScoresSection[] = ['', 'PreEndRound', 'EndRound', 'EndMap', 'EndMatchEarly', 'EndMatch'];

type Fields = Readonly<Record<string, unknown>>;

/** Why a field cannot be read; caught by decodeTypedScriptEvent, never seen outside this module. */
class Refusal {
  constructor(readonly problem: string) {}
}

/** Reads the fields of one JSON object (a callback's data, or one entry of a list in it). */
class FieldReader {
  constructor(
    private readonly fields: Fields,
    /** Names a field in a refusal: "its racetime", "players[2].rank". */
    private readonly prefix = 'its ',
  ) {}

  login(): string {
    const login = this.text('login');
    if (login === '') throw new Refusal(`${this.prefix}login is empty`);
    return login;
  }

  text(name: string): string {
    const value = this.fields[name];
    if (typeof value !== 'string') throw new Refusal(`${this.prefix}${name} is ${kindOf(value)}, not a string`);
    return value;
  }

  /** A text the older titles or modes leave out: '' when missing. */
  optionalText(name: string): string {
    return this.fields[name] === undefined ? '' : this.text(name);
  }

  bool(name: string): boolean {
    const value = this.fields[name];
    if (typeof value !== 'boolean') throw new Refusal(`${this.prefix}${name} is ${kindOf(value)}, not a boolean`);
    return value;
  }

  optionalBool(name: string, fallback: boolean): boolean {
    return this.fields[name] === undefined ? fallback : this.bool(name);
  }

  /** A whole number from `min` to `max`; `unit` words the refusal ("whole number of milliseconds"). */
  int(name: string, min: number, max: number, unit = 'whole number'): number {
    const value = this.fields[name];
    const problem = wholeNumberProblem(value, min, max);
    if (problem) throw new Refusal(`${this.prefix}${name} is ${problem}, not a ${unit} from ${min} to ${max}`);
    return value as number;
  }

  optionalInt(name: string, min: number, max: number, fallback: number, unit?: string): number {
    return this.fields[name] === undefined ? fallback : this.int(name, min, max, unit);
  }

  time(name: string, min = 0): number {
    return this.int(name, min, MAX_TIME, 'whole number of milliseconds');
  }

  /** A best time as Trackmania.Scores sends it: -1 (none yet) is undefined. */
  scoreTime(name: string, optional = false): number | undefined {
    if (optional && this.fields[name] === undefined) return undefined;
    const time = this.int(name, -1, MAX_TIME, 'whole number of milliseconds');
    return time === -1 ? undefined : time;
  }

  /** A list of checkpoint times: [] when not sent (Trackmania 2020 sends them only once asked). */
  times(name: string): number[] {
    const value = this.fields[name];
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw new Refusal(`${this.prefix}${name} is ${kindOf(value)}, not a list of times`);
    for (const time of value) {
      const problem = wholeNumberProblem(time, 0, MAX_TIME);
      if (problem) throw new Refusal(`${this.prefix}${name} holds ${problem}, not only whole milliseconds from 0 to ${MAX_TIME}`);
    }
    return value as number[];
  }

  /** A list of non-empty texts. */
  texts(name: string): string[] {
    const value = this.fields[name];
    if (!Array.isArray(value)) throw new Refusal(`${this.prefix}${name} is ${kindOf(value)}, not a list of texts`);
    value.forEach((text: unknown, index) => {
      if (typeof text !== 'string' || text === '') throw new Refusal(`${this.prefix}${name}[${index}] is ${text === '' ? 'empty' : kindOf(text)}, not a text`);
    });
    return value as string[];
  }

  /** A list of objects, each read by `read`; missing is `[]` when `optional`. */
  list<T>(name: string, read: (entry: FieldReader) => T, optional = false): T[] {
    const value = this.fields[name];
    if (value === undefined && optional) return [];
    if (!Array.isArray(value)) throw new Refusal(`${this.prefix}${name} is ${kindOf(value)}, not a list`);
    return value.map((entry: unknown, index) => {
      if (!isObject(entry)) throw new Refusal(`${this.prefix}${name}[${index}] is ${kindOf(entry)}, not an object`);
      return read(new FieldReader(entry, `${name}[${index}].`));
    });
  }

  /** The id a script method's answer carries back; undefined when the mode sent the callback on its own. */
  responseId(): string | undefined {
    const value = this.fields.responseid;
    return value === undefined || value === '' ? undefined : this.text('responseid');
  }
}

function isObject(value: unknown): value is Fields {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** Why a value is not a whole number from min to max (a short phrase from a fixed set), or undefined. */
function wholeNumberProblem(value: unknown, min: number, max: number): string | undefined {
  if (typeof value !== 'number') return kindOf(value);
  if (!Number.isFinite(value)) return 'infinite';
  if (!Number.isInteger(value)) return 'a fraction';
  if (value < min) return 'too small';
  if (value > max) return 'too large';
  return undefined;
}

/**
 * The server's clock: milliseconds since it started. Any whole number is taken (a game's 32-bit clock
 * wraps after 24.8 days of uptime), but it is never read as a date.
 */
function serverTime(reader: FieldReader): number {
  return reader.int('time', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
}

function playerEvent(reader: FieldReader): PlayerScriptEvent {
  return { login: reader.login(), accountId: reader.optionalText('accountid'), serverTime: serverTime(reader) };
}

/**
 * checkpointinrace / checkpointinlap: indexes into the run's times, -1 before the first crossing. Payloads
 * are written out field by field: object spread here made a WayPoint cost several times its JSON parse.
 */
function runProgress(reader: FieldReader, firstIndex: number, minRaceTime: number): RunProgress {
  return {
    login: reader.login(),
    accountId: reader.optionalText('accountid'),
    serverTime: serverTime(reader),
    raceTime: reader.time('racetime', minRaceTime),
    lapTime: reader.time('laptime'),
    checkpointInRace: reader.int('checkpointinrace', firstIndex, MAX_TIME),
    checkpointInLap: reader.int('checkpointinlap', firstIndex, MAX_TIME),
  };
}

/**
 * Trackmania.Event.WayPoint: a finish or lap line (isendrace / isendlap) is a playerFinish, any other
 * waypoint a playerCheckpoint. A race time below 1 ms is no run (PyPlanet ignores finishes at 0 or less,
 * its issue #282). Royal Time Attack's finish lines end a section each (PyPlanet handle_waypoint). With
 * Trackmania 2020's independent laps (isindependentlaps: each lap counts as a finished run) a lap line ends
 * a run, whose time and checkpoints are the lap's.
 */
function wayPoint(reader: FieldReader, context: ScriptEventContext): TypedScriptEvent {
  const isEndRace = reader.bool('isendrace');
  const isEndLap = reader.bool('isendlap');
  const { login, accountId, serverTime, raceTime, lapTime, checkpointInRace, checkpointInLap } = runProgress(reader, 0, 1);
  const checkpoints = reader.times('curracecheckpoints');
  const lapCheckpoints = lapTimes(reader.times('curlapcheckpoints'), checkpoints, checkpointInRace, checkpointInLap);
  const blockId = reader.optionalText('blockid');
  const independentLaps = reader.optionalBool('isindependentlaps', false);
  if (!isEndRace && !isEndLap) {
    const checkpoint: PlayerCheckpoint = { login, accountId, serverTime, raceTime, lapTime, checkpointInRace, checkpointInLap, checkpoints, lapCheckpoints, blockId };
    return { event: 'playerCheckpoint', payload: checkpoint };
  }
  const isEndSection = SECTION_MODE.test(context.modeScript);
  // At a lap line the lap's crossings are one lap's worth: the race's crossings over the lap's give the lap.
  const lap = isEndSection ? 1 : Math.max(1, Math.floor((checkpointInRace + 1) / (checkpointInLap + 1)));
  const lapIsRun = independentLaps && isEndLap && !isEndSection;
  if (lapIsRun && lapTime < 1) throw new Refusal(`its laptime is too small, not a whole number of milliseconds from 1 to ${MAX_TIME}`);
  const finish: PlayerFinish = {
    login,
    accountId,
    serverTime,
    raceTime: lapIsRun ? lapTime : raceTime,
    lapTime,
    checkpointInRace,
    checkpointInLap,
    checkpoints: lapIsRun ? lapCheckpoints : checkpoints,
    lapCheckpoints,
    blockId,
    isEndRace: (isEndRace || lapIsRun) && !isEndSection,
    isEndLap: isEndLap && !isEndSection,
    isEndSection,
    lap,
  };
  return { event: 'playerFinish', payload: finish };
}

/**
 * The lap's checkpoint times. Pitwall asks only for the race's (Trackmania.Event.SetCurRaceCheckpointsMode);
 * when the lap's are not sent, they are the race's since the last lap line, counted from it.
 */
function lapTimes(sent: number[], race: readonly number[], checkpointInRace: number, checkpointInLap: number): number[] {
  if (sent.length > 0 || race.length !== checkpointInRace + 1 || checkpointInLap > checkpointInRace) return sent;
  const lapLine = checkpointInRace - checkpointInLap - 1;
  const lapStart = lapLine >= 0 ? race[lapLine]! : 0;
  return race.slice(lapLine + 1).map((time) => time - lapStart);
}

function respawn(reader: FieldReader): PlayerRespawn {
  const progress: PlayerRespawn = runProgress(reader, -1, 0) as PlayerRespawn;
  progress.respawns = reader.int('nbrespawns', 0, MAX_TIME);
  return progress;
}

function teamScore(reader: FieldReader): TeamScore {
  return {
    id: reader.int('id', 0, MAX_TIME),
    name: reader.optionalText('name'),
    roundPoints: reader.int('roundpoints', -MAX_TIME, MAX_TIME),
    mapPoints: reader.int('mappoints', -MAX_TIME, MAX_TIME),
    matchPoints: reader.int('matchpoints', -MAX_TIME, MAX_TIME),
  };
}

function playerScore(reader: FieldReader): PlayerScore {
  return {
    login: reader.login(),
    accountId: reader.optionalText('accountid'),
    name: reader.optionalText('name'),
    rank: reader.int('rank', 0, MAX_TIME),
    roundPoints: reader.int('roundpoints', -MAX_TIME, MAX_TIME),
    mapPoints: reader.int('mappoints', -MAX_TIME, MAX_TIME),
    matchPoints: reader.int('matchpoints', -MAX_TIME, MAX_TIME),
    bestRaceTime: reader.scoreTime('bestracetime'),
    bestRaceCheckpoints: reader.times('bestracecheckpoints'),
    bestLapTime: reader.scoreTime('bestlaptime'),
    bestLapCheckpoints: reader.times('bestlapcheckpoints'),
    previousRaceTime: reader.scoreTime('prevracetime', true),
    previousRaceCheckpoints: reader.times('prevracecheckpoints'),
  };
}

function scores(reader: FieldReader): Scores {
  const section = reader.optionalText('section');
  if (!(SECTIONS as readonly string[]).includes(section)) {
    throw new Refusal(`its section is not one of ${SECTIONS.map((name) => JSON.stringify(name)).join(', ')}`);
  }
  return {
    section: section as ScoresSection,
    responseId: reader.responseId(),
    useTeams: reader.optionalBool('useteams', false),
    winnerTeam: reader.optionalInt('winnerteam', -1, MAX_TIME, -1),
    winnerPlayer: reader.optionalText('winnerplayer'),
    teams: reader.list('teams', teamScore, true),
    players: reader.list('players', playerScore),
  };
}

/**
 * Trackmania.Knockout.Elimination: the account ids of the players knocked out this round (`accountids`, as
 * timwie/steward's KnockoutEndRoundEvent reads it; PyPlanet's trackmania callbacks name it tmnext_ko_elimination).
 */
function elimination(reader: FieldReader): KnockoutElimination {
  return { accountIds: reader.texts('accountids') };
}

function warmUpRound(reader: FieldReader, phase: 'startRound' | 'endRound'): WarmUpEvent {
  return { phase, active: true, round: reader.int('current', 1, MAX_TIME), rounds: reader.int('total', 1, MAX_TIME) };
}

function status(reader: FieldReader): PauseStatus {
  return { available: reader.bool('available'), active: reader.bool('active'), responseId: reader.responseId() };
}

type Decoder = (reader: FieldReader, context: ScriptEventContext) => TypedScriptEvent;

/**
 * Each typed script callback by its name. Warm-ups: ManiaPlanet's modes send Maniaplanet.WarmUp.*,
 * Trackmania 2020's send Trackmania.WarmUp.* (PyPlanet's trackmania callbacks, EvoSC# ServerCallbackHandler);
 * both are read (UASECO does the same for the status).
 */
const DECODERS: Readonly<Record<string, Decoder>> = {
  'Trackmania.Event.WayPoint': wayPoint,
  'Trackmania.Event.StartLine': (reader) => ({ event: 'playerStartLine', payload: playerEvent(reader) }),
  'Trackmania.Event.GiveUp': (reader) => ({ event: 'playerGiveUp', payload: playerEvent(reader) }),
  'Trackmania.Event.Respawn': (reader) => ({ event: 'playerRespawn', payload: respawn(reader) }),
  'Trackmania.Scores': (reader) => ({ event: 'scores', payload: scores(reader) }),
  'Trackmania.Knockout.Elimination': (reader) => ({ event: 'knockoutElimination', payload: elimination(reader) }),
  'Maniaplanet.WarmUp.Start': () => ({ event: 'warmUp', payload: { phase: 'start', active: true } }),
  'Maniaplanet.WarmUp.End': () => ({ event: 'warmUp', payload: { phase: 'end', active: false } }),
  'Maniaplanet.WarmUp.Status': (reader) => ({ event: 'warmUp', payload: { phase: 'status', ...status(reader) } }),
  'Trackmania.WarmUp.Start': () => ({ event: 'warmUp', payload: { phase: 'start', active: true } }),
  'Trackmania.WarmUp.End': () => ({ event: 'warmUp', payload: { phase: 'end', active: false } }),
  'Trackmania.WarmUp.StartRound': (reader) => ({ event: 'warmUp', payload: warmUpRound(reader, 'startRound') }),
  'Trackmania.WarmUp.EndRound': (reader) => ({ event: 'warmUp', payload: warmUpRound(reader, 'endRound') }),
  'Trackmania.WarmUp.Status': (reader) => ({ event: 'warmUp', payload: { phase: 'status', ...status(reader) } }),
  'Maniaplanet.Pause.Status': (reader) => ({ event: 'pause', payload: status(reader) }),
};

/** The names of the script callbacks that become typed events. */
export const TYPED_SCRIPT_CALLBACKS: readonly string[] = Object.keys(DECODERS);

/**
 * A script callback as its typed event; undefined for a callback that has none (it stays `modeScript`
 * only), or why its data does not have the documented shape.
 */
export function decodeTypedScriptEvent(event: ScriptEvent, context: ScriptEventContext): Decoded<TypedScriptEvent> | undefined {
  const decoder = Object.hasOwn(DECODERS, event.name) ? DECODERS[event.name] : undefined;
  if (!decoder) return undefined;
  try {
    return { ok: true, value: decoder(new FieldReader(event.data), context) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, problem: error.problem };
    throw error;
  }
}
