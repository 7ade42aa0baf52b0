import { Emitter, toSubscription, type Subscription } from '../disposables.js';
import type { XmlRpcValue } from '../gbx/codec.js';
import type { SandboxConnection as Connection, OpenedLink, SandboxControl, SentChat, SentNotice } from './control.js';
import { FAULT_BAD_PARAMS, SandboxFault, type AnsweredFault } from './faults.js';
import { SandboxManialinks } from './manialinks.js';
import { LEVEL_RANK, type MethodLevel } from './method-docs.js';
import { buildMethodTable, type MethodEntry } from './method-table.js';
import { adminMethods } from './methods/admin.js';
import { chatAndUiMethods } from './methods/chat-and-ui.js';
import { fileMethods } from './methods/files.js';
import { gameMethods } from './methods/game.js';
import { playerMethods } from './methods/players.js';
import { scriptMethods } from './methods/script.js';
import { serverOptionMethods } from './methods/server-options.js';
import { sessionMethods } from './methods/session.js';
import { SandboxProtocol } from './protocol.js';
import { modeOf, modeSettings, TEAM_NAMES } from './modes.js';
import { SandboxScores, type ScoresSection } from './scores.js';
import { scriptMap, splitTimes } from './script-shapes.js';
import { mapChangePhases, runMapChange, type MapChangePhase } from './sequence.js';
import { accountId, wayPointData } from './waypoint.js';
import { SandboxWorld, SERVER_LOGIN, type SandboxPlayer } from './world.js';

export type { OpenedLink, SentChat, SentNotice } from './control.js';
export { SandboxFault, type AnsweredFault } from './faults.js';

export interface SandboxServerOptions {
  host: string;
  /** 0 picks a free port; `port` tells which after start(). */
  port: number;
  /** The login the controller uses and its password: the password of that level (User, Admin or SuperAdmin). */
  user: string;
  password: string;
  /**
   * The passwords of the other levels (default: each level's own name, as dedicated_cfg.xml ships), so a
   * controller can be tried with less than SuperAdmin.
   */
  passwords?: Partial<Record<MethodLevel, string>>;
  /** Largest request body accepted (default 2 MB, as a dedicated server). */
  maxRequestBytes?: number;
  /**
   * How long a map change asked for takes, from the end of the map to play on the next (default 60 ms; a real
   * server takes seconds, which `pitwall sandbox` imitates). NextMap faults 'Change in progress.' meanwhile.
   */
  mapChangeMs?: number;
  /** Told about each thing that happens, for `pitwall sandbox` and the controller's log. */
  log?: (line: string) => void;
}

/** A map change's length unless the options say otherwise: short, so tests run quickly. */
export const DEFAULT_MAP_CHANGE_MS = 60;

/** The chat channel of a PlayerChat callback; its number is the callback's fifth parameter. */
export type SandboxChatChannel = 'normal' | 'spectator' | 'team';
const CHAT_OPTIONS: Record<SandboxChatChannel, number> = { normal: 0, spectator: 2, team: 3 };
/** Since this API version PlayerChat carries a fifth parameter, the chat options (channel). */
const CHAT_OPTIONS_API = '2023-03-24';

/**
 * A GbxRemote server on loopback that behaves like a Trackmania dedicated server: the protocol
 * (protocol.ts), the method table by area (methods/*, method-table.ts), the mode script's callbacks and its
 * section sequence (methods/script.ts, sequence.ts, scores.ts), and the world state (world.ts). This class
 * drives them: players joining, chatting, finishing and leaving, maps changing.
 */
export class SandboxServer {
  readonly world = new SandboxWorld();
  readonly chatLog: SentChat[] = [];
  /** Players' chat lines as players see them: routed by the server, or forwarded by a controller under manual routing. */
  readonly playerLines: SentChat[] = [];
  readonly notices: SentNotice[] = [];
  /** Links opened for players (SendOpenLinkToLogin), oldest first (bounded). */
  readonly openedLinks: OpenedLink[] = [];
  /** The mode's scores of the map under way. */
  readonly scores = new SandboxScores();
  /** ChatEnableManualRouting's state. */
  readonly chatRouting = { manual: false, forwardServer: false };
  /** The ManiaLink pages each player sees. */
  readonly manialinks = new SandboxManialinks();
  /** The API versions clients asked for with SetApiVersion, in order. */
  readonly apiVersions: string[] = [];
  private readonly protocol: SandboxProtocol;
  private readonly chats = new Emitter<SentChat>();
  /** The method table: every published method, its level and what answers it. */
  readonly table: ReadonlyMap<string, MethodEntry>;
  readonly passwords: Readonly<Record<MethodLevel, string>>;
  /** Map changes so far (the script callbacks' `count`), and whether one asked for is still under way. */
  private mapCount = 0;
  private roundCount = 0;
  private changingMap = false;

  constructor(private readonly options: SandboxServerOptions) {
    // A user that is not a level's name is the SuperAdmin login under another name.
    const own: MethodLevel = options.user in LEVEL_RANK ? (options.user as MethodLevel) : 'SuperAdmin';
    this.passwords = { SuperAdmin: 'SuperAdmin', Admin: 'Admin', User: 'User', ...options.passwords, [own]: options.password };
    const control: SandboxControl = {
      world: this.world,
      manialinks: this.manialinks,
      apiVersions: this.apiVersions,
      passwords: this.passwords,
      get table() {
        return table;
      },
      invoke: (method, params, connection) => this.protocol.invoke(method, params, connection),
      sendChat: (chat) => this.sendChat(chat),
      playerLeave: (login, reason) => this.playerLeave(login, reason),
      scriptCallback: (name, data) => this.scriptCallback(name, data),
      callback: (method, params) => this.callback(method, params),
      playerInfoChanged: (login) => {
        const player = this.world.players.get(login);
        if (player) this.callback('ManiaPlanet.PlayerInfoChanged', [{ ...player }]);
      },
      scoresData: (section, responseid) => this.scoresData(section, responseid),
      scores: this.scores,
      chatRouting: this.chatRouting,
      sendNotice: (notice) => {
        this.notices.push(notice);
        if (this.notices.length > 1000) this.notices.shift();
        this.log(`notice${notice.to ? ` to ${notice.to.join(',')}` : ''}: ${notice.text}`);
      },
      openLink: (link) => {
        this.pushBounded(this.openedLinks, link);
        this.log(`link for ${link.to.join(',')}: ${link.url}`);
      },
      changeMap: (restart, prepare) => this.changeMap(restart, prepare),
    };
    // The method table, by area; system.listMethods lists it.
    const table = buildMethodTable({
      ...sessionMethods(control),
      ...gameMethods(control),
      ...serverOptionMethods(control),
      ...playerMethods(control),
      ...adminMethods(control),
      ...chatAndUiMethods(control),
      ...scriptMethods(control),
      ...fileMethods(control),
    });
    this.table = table;
    this.protocol = new SandboxProtocol({ host: options.host, port: options.port, maxRequestBytes: options.maxRequestBytes, log: (line) => this.log(line) }, () => this.table);
  }

  /** Every call answered, oldest first (bounded), for tests to check what a client asked. */
  get calls(): readonly { method: string; params: XmlRpcValue[] }[] {
    return this.protocol.calls;
  }

  /** Every fault answered to a call, oldest first (bounded). */
  get faults(): readonly AnsweredFault[] {
    return this.protocol.faults;
  }

  get port(): number {
    return this.protocol.port;
  }

  get connectionCount(): number {
    return this.protocol.connections.size;
  }

  async start(): Promise<number> {
    const port = await this.protocol.start();
    this.log(`sandbox dedicated server listening on ${this.options.host}:${port}`);
    return port;
  }

  /** Closes every connection and stops listening. */
  stop(): Promise<void> {
    return this.protocol.stop();
  }

  /** Drops every client connection but keeps listening (simulates a network blip). */
  dropConnections(): void {
    this.protocol.dropConnections();
  }

  /**
   * Holds back the answers to `method` (as a busy server would) until the returned function is called,
   * which sends them all in order.
   */
  holdAnswers(method: string): () => void {
    return this.protocol.holdAnswers(method);
  }

  /** The next `times` calls of `method` fail with this fault (to test how clients handle real faults). */
  injectFault(method: string, code: number, message: string, times = 1): void {
    this.protocol.injectFault(method, code, message, times);
  }

  onChat(listener: (chat: SentChat) => void): Subscription {
    return toSubscription(this.chats.on(listener));
  }

  // ------------------------------------------------------------------------------ driving the world

  playerJoin(login: string, nickName = login, isSpectator = false): SandboxPlayer {
    // A banned or blacklisted player is refused at the door: no callback reaches the controller.
    if (this.world.banList.has(login) || this.world.blackList.has(login)) throw new Error(`The sandbox server refuses '${login}': banned or blacklisted`);
    const player = this.world.addPlayer(login, nickName, isSpectator);
    if (this.scores.mode === 'Teams' && !isSpectator) player.TeamId = this.smallerTeam();
    this.scores.enter(login, accountId(player.PlayerId));
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
    // Under manual routing the line reaches the controllers only; a muted player's line reaches nobody else.
    if (!this.chatRouting.manual && !this.world.ignoreList.has(login)) this.pushBounded(this.playerLines, { text, from: login });
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
   * A whole run of a lap race, one lap time each: a WayPoint at each checkpoint, a lap line (isendlap) after
   * each lap, the last one also the finish (isendrace), as Laps sends them (PyPlanet's live_rankings reads a
   * lap line without isendrace as no finish). The race's times run on; the lap's start again at each lap line.
   */
  playerLapRace(login: string, lapTimes: readonly number[]): void {
    const race: number[] = [];
    let lapStart = 0;
    lapTimes.forEach((lapTime, lapIndex) => {
      const splits = splitTimes(lapTime, this.world.currentMap.NbCheckpoints + 1);
      splits.forEach((split, index) => {
        race.push(lapStart + split);
        const lap = splits.slice(0, index + 1);
        const isEndLap = index === splits.length - 1;
        const isEndRace = isEndLap && lapIndex === lapTimes.length - 1;
        this.wayPoint(login, { racetime: race.at(-1), laptime: split, isendlap: isEndLap, isendrace: isEndRace, curracecheckpoints: [...race], curlapcheckpoints: lap });
      });
      lapStart += lapTime;
    });
  }

  /**
   * Ends the round under way as the mode scores it (scores.ts) and starts the next, with the callbacks a
   * server sends: the play loop's and the round's ends, the scores before and after the round's points, and
   * in Knockout the players it eliminated (Trackmania.Knockout.Elimination, `accountids`) between the two, as
   * timwie/steward orders its events (PreEndRoundScores, EndRoundKnockoutEliminations, EndRoundScores).
   */
  endRound(): void {
    const round = ++this.roundCount;
    const time = (): number => this.world.serverTime();
    this.log(`round ${round} ends`);
    this.scriptCallback('Maniaplanet.EndPlayLoop', { time: time() });
    this.scriptCallback('Maniaplanet.EndRound_Start', { count: round, time: time() });
    this.scriptCallback('Trackmania.Scores', this.scoresData('PreEndRound'));
    const { eliminated } = this.scores.endRound(this.world.scriptSettings, (login) => this.world.players.get(login)?.TeamId ?? -1);
    if (this.scores.mode === 'Knockout') this.scriptCallback('Trackmania.Knockout.Elimination', { accountids: eliminated });
    this.scriptCallback('Trackmania.Scores', this.scoresData('EndRound'));
    this.scriptCallback('Maniaplanet.EndRound_End', { count: round, time: time() });
    this.scores.startRound();
    this.scriptCallback('Maniaplanet.StartRound_Start', { count: round + 1, time: time() });
    this.scriptCallback('Maniaplanet.StartRound_End', { count: round + 1, time: time() });
    this.scriptCallback('Maniaplanet.StartPlayLoop', { time: time() });
  }

  /**
   * A Trackmania.Event.WayPoint script callback with the fields a Trackmania 2020 server sends (XmlRpc
   * listing; accountid, isinfinitelaps and isindependentlaps added by Trackmania 2020, as GbxRemote.Net's
   * and timwie/steward's WayPoint structs read them); `fields` overrides them, e.g. a lap end or a Royal
   * section end. The checkpoint arrays are empty unless a controller asked for them with
   * Trackmania.Event.SetCurRaceCheckpointsMode / SetCurLapCheckpointsMode, as on a real server.
   */
  wayPoint(login: string, fields: Record<string, unknown>): void {
    const player = this.world.players.get(login);
    if (!player) throw new Error(`No player '${login}' on the sandbox server`);
    const { data, race } = wayPointData(player, fields, this.world.serverTime(), this.world.script);
    // A Royal section's end is no run of the map: the mode's best race times do not take it.
    if (data.isendrace === true && this.scores.mode !== 'RoyalTimeAttack') this.scores.finish(login, String(data.accountid), Number(data.racetime), race);
    this.scriptCallback('Trackmania.Event.WayPoint', data);
  }

  /** The Trackmania.Scores data, players named by their nicknames. */
  scoresData(section: ScoresSection, responseid?: string): Record<string, unknown> {
    return this.scores.callbackData(section, (login) => this.world.players.get(login)?.NickName ?? login, responseid);
  }

  /**
   * Ends the current map and begins the next (or the same one, restarted), all at once: for tests that drive
   * the sandbox. The mode's sections come in the real order (see sequence.ts); the server's own legacy
   * callbacks come inside them: EndMap while the map unloads, EndMatch as the match ends, BeginMatch as the
   * next one starts, BeginMap while its map loads.
   */
  nextMap(restart = false): void {
    this.changingMap = true;
    runMapChange(this.mapChange(restart), 0, () => undefined);
  }

  /**
   * Starts a map change that takes `mapChangeMs`, as NextMap does (the simulated activity uses it too);
   * faults 'Change in progress.' while one is under way, before `prepare` runs.
   */
  changeMap(restart = false, prepare?: () => void): void {
    if (this.changingMap) throw new SandboxFault(FAULT_BAD_PARAMS, 'Change in progress.');
    prepare?.();
    this.changingMap = true;
    const phases = this.mapChange(restart);
    setImmediate(() => runMapChange(phases, this.options.mapChangeMs ?? DEFAULT_MAP_CHANGE_MS, () => undefined));
  }

  /** Whether a map change asked for (NextMap, RestartMap, JumpToMapIdent) is under way. */
  get isChangingMap(): boolean {
    return this.changingMap;
  }

  private mapChange(restart: boolean): MapChangePhase[] {
    const ending = this.world.currentMap;
    const count = ++this.mapCount;
    const mapOf = (name: string): Record<string, unknown> => {
      const map = /^(EndMap|UnloadingMap_Start|EndRound)/.test(name) ? ending : this.world.currentMap;
      if (/^(EndMap|UnloadingMap_Start|StartMap|LoadingMap_End)/.test(name)) return { map: scriptMap(map) };
      return {};
    };
    return mapChangePhases({
      section: (name) => {
        const restarted = /^(LoadingMap|StartMap)/.test(name) ? { restarted: restart } : {};
        const counted = /^(Start|End)(Match|Map|Round|Turn)_/.test(name) ? { count } : {};
        this.scriptCallback(`Maniaplanet.${name}`, { ...counted, time: this.world.serverTime(), ...restarted, ...mapOf(name) });
      },
      scores: (section) => this.scriptCallback('Trackmania.Scores', this.scoresData(section)),
      legacy: (method) => {
        if (method === 'EndMap') this.callback('ManiaPlanet.EndMap', [{ ...ending }]);
        else if (method === 'EndMatch') this.callback('ManiaPlanet.EndMatch', [[], -1]);
        else if (method === 'BeginMatch') this.callback('ManiaPlanet.BeginMatch', []);
        else this.callback('ManiaPlanet.BeginMap', [{ ...this.world.currentMap }]);
      },
      advance: () => {
        if (restart) this.world.restartMap();
        else this.world.advanceMap();
        this.scores.clear();
        this.roundCount = 0;
        this.startMode();
        for (const player of this.world.players.values()) this.scores.enter(player.Login, accountId(player.PlayerId));
        this.log(restart ? `map ${this.world.currentMap.Name} restarted` : `map changed to ${this.world.currentMap.Name}`);
      },
      settle: () => {
        this.changingMap = false;
      },
    });
  }

  /**
   * A mode chosen with SetScriptName starts with the map: its own settings with their defaults, and in Teams
   * each player without a team put in the smaller one (the mode balances the teams as players come).
   */
  private startMode(): void {
    const kind = modeOf(this.world.modeScript);
    if (kind === this.scores.mode) return;
    this.scores.mode = kind;
    for (const name of Object.keys(this.world.scriptSettings)) delete this.world.scriptSettings[name];
    Object.assign(this.world.scriptSettings, modeSettings(kind));
    for (const player of this.world.players.values()) {
      const team = kind === 'Teams' && player.SpectatorStatus % 10 === 0 ? this.smallerTeam(player.Login) : -1;
      if (team === player.TeamId) continue;
      player.TeamId = team;
      this.callback('ManiaPlanet.PlayerInfoChanged', [{ ...player }]);
    }
  }

  /** The team with fewer players (blue on a tie), `except` left out of the count. */
  private smallerTeam(except?: string): number {
    const sizes = TEAM_NAMES.map((_, id) => [...this.world.players.values()].filter((player) => player.Login !== except && player.TeamId === id).length);
    return sizes[1]! < sizes[0]! ? 1 : 0;
  }

  /**
   * Sends a mode script callback (ManiaPlanet.ModeScriptCallbackArray) while the script's callbacks are on
   * (XmlRpc.EnableCallbacks) and this one is not blocked (XmlRpc.BlockCallbacks). It is a server callback like
   * the others: only connections that called EnableCallbacks(true) get it.
   */
  scriptCallback(name: string, data: unknown): void {
    const { script } = this.world;
    if (!script.callbacksEnabled || script.blocked.has(name)) return;
    this.callback('ManiaPlanet.ModeScriptCallbackArray', [name, [JSON.stringify(data)]]);
  }

  private callback(
    method: string,
    params: XmlRpcValue[] | ((connection: Connection) => XmlRpcValue[]),
    include?: (connection: Connection) => boolean,
  ): void {
    this.protocol.callback(method, params, include);
  }

  private pushBounded<T>(list: T[], item: T): void {
    list.push(item);
    if (list.length > 1000) list.shift();
  }

  private sendChat(chat: SentChat): void {
    // A line forwarded for a player under manual routing is that player's line, not the server's.
    if (chat.from !== undefined) {
      this.pushBounded(this.playerLines, chat);
      this.log(`${chat.from} (forwarded)${chat.to ? ` to ${chat.to.join(',')}` : ''}: ${chat.text}`);
      return;
    }
    this.pushBounded(this.chatLog, chat);
    this.log(`chat${chat.to ? ` to ${chat.to.join(',')}` : ''}: ${chat.text}`);
    // A real server echoes server messages as PlayerChat from its own login, player uid 0.
    if (!chat.to) this.chatCallback(0, SERVER_LOGIN, chat.text, CHAT_OPTIONS.normal);
    this.chats.emit(chat);
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

}
