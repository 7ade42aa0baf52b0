import type { CheckpointsMode } from './script-catalog.js';

/**
 * The sandbox server's game state: who is connected, which map is played. Shapes follow the dedicated
 * server's structs (SPlayerInfo, SMapInfo) so the client sees what a real server would send.
 */

export interface SandboxPlayer {
  Login: string;
  NickName: string;
  PlayerId: number;
  TeamId: number;
  IsInOfficialMode: boolean;
  SpectatorStatus: number;
  LadderRanking: number;
  Flags: number;
}

export interface SandboxMap {
  /** Spelled `UId` by the dedicated server (GetCurrentMapInfo, GetMapList, BeginMap/EndMap). */
  UId: string;
  Name: string;
  FileName: string;
  Author: string;
  AuthorNickname: string;
  /** Spelled with a double n by the dedicated server. */
  Environnement: string;
  Mood: string;
  BronzeTime: number;
  SilverTime: number;
  GoldTime: number;
  AuthorTime: number;
  CopperPrice: number;
  LapRace: boolean;
  NbLaps: number;
  NbCheckpoints: number;
  MapType: string;
  MapStyle: string;
}

/**
 * Flags and SpectatorStatus pack booleans as decimal digits (GetPlayerList's help text; decoded digit by
 * digit by maniaplanet/dedicated-server-api Structures/PlayerInfo.php): Flags = ForceSpectator + IsReferee*10
 * + IsPodiumReady*100 + StereoDisplayMode*1000 + IsManagedByAnOtherServer*10^4 + IsServer*10^5
 * + HasPlayerSlot*10^6 + IsBroadcasting*10^7 + HasJoinedGame*10^8; SpectatorStatus = Spectator
 * + TemporarySpectator*10 + PureSpectator*100 + AutoTarget*1000 + CurrentTargetId*10^4.
 */
export const FLAG = { isServer: 100_000, hasPlayerSlot: 1_000_000, hasJoinedGame: 100_000_000 } as const;
export const SPECTATOR = { spectator: 1, temporary: 10, pure: 100, autoTarget: 1000, targetId: 10_000 } as const;
/** CurrentTargetId of a spectator watching nobody in particular. */
const NO_TARGET = 255;

/** How a player is on the server: racing, spectating with a player slot kept, or a pure spectator. */
export type SandboxPresence = 'player' | 'spectator' | 'temporary-spectator' | 'pure-spectator';

/** The Flags and SpectatorStatus a real server sends for a connected player in each presence. */
export function presenceDigits(presence: SandboxPresence, forceSpectator = 0): { Flags: number; SpectatorStatus: number } {
  const watching = SPECTATOR.spectator + SPECTATOR.autoTarget + NO_TARGET * SPECTATOR.targetId;
  switch (presence) {
    case 'player':
      return { Flags: FLAG.hasJoinedGame + FLAG.hasPlayerSlot + forceSpectator, SpectatorStatus: 0 };
    case 'spectator':
      return { Flags: FLAG.hasJoinedGame + FLAG.hasPlayerSlot + forceSpectator, SpectatorStatus: watching };
    case 'temporary-spectator':
      return { Flags: FLAG.hasJoinedGame + FLAG.hasPlayerSlot + forceSpectator, SpectatorStatus: watching + SPECTATOR.temporary };
    case 'pure-spectator':
      return { Flags: FLAG.hasJoinedGame + forceSpectator, SpectatorStatus: watching + SPECTATOR.pure };
  }
}

/** One UI module's properties, as Common.UIModules.Properties lists them. */
export interface UiModuleProperties {
  id: string;
  position: [number, number];
  scale: number;
  visible: boolean;
  position_update: boolean;
  scale_update: boolean;
  visible_update: boolean;
}

/** The mode script's own XML-RPC state: one per server, whichever connection set it. */
export interface ScriptState {
  /** XmlRpc.EnableCallbacks: whether the script sends its callbacks at all. */
  callbacksEnabled: boolean;
  /** Callbacks stopped by XmlRpc.BlockCallbacks. */
  readonly blocked: Set<string>;
  raceCheckpoints: CheckpointsMode;
  lapCheckpoints: CheckpointsMode;
  /** UI module properties changed by Common.UIModules.SetProperties, by module id. */
  readonly uiModules: Map<string, UiModuleProperties>;
}

export const SERVER_LOGIN = 'pitwall-sandbox';
export const SERVER_NAME = 'Pitwall Sandbox';
export const TITLE_ID = 'Trackmania';
export const MODE_SCRIPT = 'Trackmania/TM_TimeAttack_Online.Script.txt';

/** A map as the sandbox lists it: medal times follow from the author time as the editor proposes them. */
export function sandboxMap(fields: { uid: string; name: string; fileName: string; author: string; environment?: string; authorTime: number; nbLaps?: number }): SandboxMap {
  const { authorTime, nbLaps = 0 } = fields;
  return {
    UId: fields.uid,
    Name: fields.name,
    FileName: fields.fileName,
    Author: fields.author,
    AuthorNickname: fields.author === 'pitwall' ? 'Pitwall' : fields.author,
    Environnement: fields.environment ?? 'Stadium',
    Mood: 'Day',
    BronzeTime: Math.round(authorTime * 1.5),
    SilverTime: Math.round(authorTime * 1.2),
    GoldTime: Math.round(authorTime * 1.06),
    AuthorTime: authorTime,
    CopperPrice: 1000,
    LapRace: nbLaps > 0,
    NbLaps: nbLaps,
    NbCheckpoints: 4,
    MapType: 'TrackMania\\TM_Race',
    MapStyle: '',
  };
}

function map(index: number, name: string, authorTime: number): SandboxMap {
  return sandboxMap({
    uid: `SandboxMap${String(index).padStart(2, '0')}uid_______`.slice(0, 27),
    name,
    fileName: `Campaigns/Sandbox/${name.replace(/\s+/g, '_')}.Map.Gbx`,
    author: 'pitwall',
    authorTime,
  });
}

export class SandboxWorld {
  readonly players = new Map<string, SandboxPlayer>();
  readonly maps: SandboxMap[] = [
    map(1, 'Sandbox Sprint', 24_512),
    map(2, 'Sandbox Loops', 41_080),
    map(3, 'Sandbox Ice', 33_337),
    map(4, 'Sandbox Dirt', 29_950),
  ];
  currentMapIndex = 0;
  serverName = SERVER_NAME;
  /** The game mode script running now, and the one SetScriptName chose for the next map. */
  modeScript = MODE_SCRIPT;
  nextModeScript = MODE_SCRIPT;
  maxPlayers = 32;
  /** SetMaxPlayers takes effect with the next map, as on a real server. */
  nextMaxPlayers = 32;
  password = '';
  /** The vote timeout in milliseconds, and the one SetCallVoteTimeOut set for the next map (dedicated_cfg's default 60000). */
  callVoteTimeOut = 60_000;
  nextCallVoteTimeOut = 60_000;
  /** The default ratio a vote needs: 0 to 1, or -1 to forbid votes (dedicated_cfg's <callvote_ratio>, 0.5 as shipped). */
  callVoteRatio = 0.5;
  /**
   * The server's on/off options, by their GetServerOptions member (KeepPlayerSlots, DisableHorns, ...), as
   * dedicated_cfg.txt ships them: only map download on.
   */
  readonly switches: Record<string, boolean> = {
    KeepPlayerSlots: false,
    IsP2PUpload: false,
    IsP2PDownload: false,
    AllowMapDownload: true,
    AutoSaveReplays: false,
    AutoSaveValidationReplays: false,
    DisableHorns: false,
    DisableServiceAnnounces: false,
  };
  /** The server's tags (SetServerTag), by name, in the order they were first set. */
  readonly serverTags = new Map<string, string>();
  /** Banned logins with the ban message; kept in memory only, as the server forgets bans when it restarts. */
  readonly banList = new Map<string, string>();
  readonly blackList = new Set<string>();
  readonly guestList = new Set<string>();
  /** Muted logins: their chat is not shown to others. */
  readonly ignoreList = new Set<string>();
  /** Every map file in the server's Maps folder, the selection's and others, by file name. */
  readonly mapFolder = new Map<string, SandboxMap>();
  /** Files sent with WriteFile, by their name relative to the Maps folder. */
  readonly writtenFiles = new Map<string, Buffer>();
  /** The map chosen to come next (ChooseNextMap), by index in the selection. */
  chosenNextIndex?: number;
  /** Match settings files written by SaveMatchSettings: file name -> map files of the selection. */
  readonly matchSettingsFiles = new Map<string, string[]>();
  private nextPlayerId = 1;

  constructor() {
    const extra = [map(5, 'Sandbox Canyon', 38_204), map(6, 'Sandbox Valley', 45_990)];
    for (const folderMap of extra) folderMap.FileName = `Custom/${folderMap.Name.replace(/\s+/g, '_')}.Map.Gbx`;
    for (const folderMap of [...this.maps, ...extra]) this.mapFolder.set(folderMap.FileName, folderMap);
  }

  /** The server's own entry, which GetPlayerList lists first on a real dedicated server. */
  readonly serverEntry: SandboxPlayer = {
    Login: SERVER_LOGIN,
    NickName: SERVER_NAME,
    PlayerId: 0,
    TeamId: -1,
    IsInOfficialMode: false,
    SpectatorStatus: 0,
    LadderRanking: 0,
    // Its own entry has the IsServer digit, and no player slot.
    Flags: FLAG.isServer,
  };
  readonly script: ScriptState = { callbacksEnabled: false, blocked: new Set(), raceCheckpoints: 'never', lapCheckpoints: 'never', uiModules: new Map() };
  /** When the server started: script callbacks' `time` counts milliseconds from here. */
  readonly startedAt = Date.now();
  serverComment = '';
  spectatorPassword = '';
  maxSpectators = 32;
  hideServer = 0;
  /** The mode script's settings (GetModeScriptSettings), as TM_TimeAttack_Online declares them. */
  readonly scriptSettings: Record<string, string | number | boolean> = {
    S_TimeLimit: 300,
    S_WarmUpNb: 0,
    S_WarmUpDuration: 0,
    S_ForceLapsNb: -1,
    S_ChatTime: 10,
    S_RespawnBehaviour: -1,
    S_DecoImageUrl_Checkpoint: '',
  };

  get currentMap(): SandboxMap {
    return this.maps[this.currentMapIndex]!;
  }

  get nextMap(): SandboxMap {
    return this.maps[this.chosenNextIndex ?? (this.currentMapIndex + 1) % this.maps.length]!;
  }

  /** The server's own time: milliseconds since it started, as script callbacks carry it (an unsigned 32-bit count). */
  serverTime(): number {
    return (Date.now() - this.startedAt) % 2 ** 32;
  }

  /** A player who joins as a spectator joins as a pure spectator: no player slot. */
  addPlayer(login: string, nickName: string, isSpectator: boolean): SandboxPlayer {
    const player: SandboxPlayer = {
      Login: login,
      NickName: nickName,
      PlayerId: this.nextPlayerId++,
      TeamId: -1,
      IsInOfficialMode: false,
      LadderRanking: 0,
      ...presenceDigits(isSpectator ? 'pure-spectator' : 'player'),
    };
    this.players.set(login, player);
    return player;
  }

  /** The next map begins; a mode script chosen with SetScriptName takes effect with it. */
  advanceMap(): void {
    this.currentMapIndex = this.chosenNextIndex ?? (this.currentMapIndex + 1) % this.maps.length;
    this.chosenNextIndex = undefined;
    this.applyNextSettings();
  }

  /** A restart replays the same map; settings waiting for a new map take effect too. */
  restartMap(): void {
    this.applyNextSettings();
  }

  private applyNextSettings(): void {
    this.modeScript = this.nextModeScript;
    this.maxPlayers = this.nextMaxPlayers;
    this.callVoteTimeOut = this.nextCallVoteTimeOut;
  }
}
