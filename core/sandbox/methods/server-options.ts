import { XmlRpcDouble, type XmlRpcValue } from '../../gbx/codec.js';
import type { SandboxConnection, SandboxControl, SandboxMethods } from '../control.js';
import { FAULT_BAD_PARAMS, requireString, SandboxFault } from '../faults.js';
import { LEVEL_RANK } from '../method-docs.js';

/** Where the sandbox pretends its files are, with the trailing separator a real server returns. */
export const GAME_DATA_DIRECTORY = '/home/trackmania/server/UserData/';

/**
 * The on/off options with their own methods (setter, getter) and their GetServerOptions member, so both tell the
 * same (the pairs as maniaplanet/dedicated-server-api's Connection.php calls them: keepPlayerSlots() and
 * isKeepingPlayerSlots(), disableHorns() and areHornsDisabled(), ...).
 */
const SWITCHES: readonly (readonly [setter: string, getter: string, member: string])[] = [
  ['KeepPlayerSlots', 'IsKeepingPlayerSlots', 'KeepPlayerSlots'],
  ['EnableP2PUpload', 'IsP2PUpload', 'IsP2PUpload'],
  ['EnableP2PDownload', 'IsP2PDownload', 'IsP2PDownload'],
  ['AllowMapDownload', 'IsMapDownloadAllowed', 'AllowMapDownload'],
  ['AutoSaveReplays', 'IsAutoSaveReplaysEnabled', 'AutoSaveReplays'],
  ['AutoSaveValidationReplays', 'IsAutoSaveValidationReplaysEnabled', 'AutoSaveValidationReplays'],
  ['DisableHorns', 'AreHornsDisabled', 'DisableHorns'],
  ['DisableServiceAnnounces', 'AreServiceAnnouncesDisabled', 'DisableServiceAnnounces'],
];

/** The server's options, its folders, the legacy game settings, as GetServerOptions and friends return them. */
export function serverOptionMethods(control: SandboxControl): SandboxMethods {
  const world = control.world;
  // Passwords are told to Admin and SuperAdmin; a User only learns whether there is one.
  const secret = (value: string, connection: SandboxConnection): XmlRpcValue =>
    connection.level !== undefined && LEVEL_RANK[connection.level] >= LEVEL_RANK.Admin ? value : value !== '';
  const count = (value: XmlRpcValue | undefined, method: string): number => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new SandboxFault(FAULT_BAD_PARAMS, `${method}: expected an int parameter`);
    return value;
  };
  const gameInfo = (): XmlRpcValue => ({
    // 0 is Script: every Trackmania 2020 mode is a mode script.
    GameMode: 0,
    ChatTime: 10_000,
    NbMaps: world.maps.length,
    RoundsPointsLimit: 0,
    RoundsUseNewRules: false,
    RoundsForcedLaps: 0,
    TimeAttackLimit: 0,
    TimeAttackSynchStartPeriod: 0,
    TeamPointsLimit: 0,
    TeamMaxPoints: 0,
    TeamUseNewRules: false,
    LapsNbLaps: 0,
    LapsTimeLimit: 0,
    FinishTimeout: 0,
    AllWarmUpDuration: 0,
    DisableRespawn: false,
    ForceShowAllOpponents: 0,
    RoundsPointsLimitNewRules: 0,
    TeamPointsLimitNewRules: 0,
    CupPointsLimit: 0,
    CupRoundsPerMap: 0,
    CupNbWinners: 0,
    CupWarmUpDuration: 0,
  });
  const switchMethods = Object.fromEntries(
    SWITCHES.flatMap(([setter, getter, member]) => [
      [setter, ([value]: XmlRpcValue[]) => {
        if (typeof value !== 'boolean') throw new SandboxFault(FAULT_BAD_PARAMS, `${setter}: expected a boolean parameter`);
        world.switches[member] = value;
        return true;
      }],
      [getter, () => world.switches[member]!],
    ]),
  ) as SandboxMethods;
  return {
    ...switchMethods,
    // No vote is ever under way (votes are not in the sandbox): the struct's members are empty.
    // The sandbox never goes online, so no internet connection has failed.
    GetLastConnectionErrorMessage: () => '',
    GetCurrentCallVote: () => ({ CallerLogin: '', CmdName: '', CmdParam: '' }),
    // 0: nobody holds the game flow (1 would be this connection, 2 another); ManualFlowControlEnable is not in the sandbox.
    ManualFlowControlIsEnabled: () => 0,
    GetServerOptions: (_params, connection) => ({
      Name: world.serverName,
      Comment: world.serverComment,
      Password: secret(world.password, connection),
      PasswordForSpectator: secret(world.spectatorPassword, connection),
      HideServer: world.hideServer,
      CurrentMaxPlayers: world.maxPlayers,
      NextMaxPlayers: world.nextMaxPlayers,
      CurrentMaxSpectators: world.maxSpectators,
      NextMaxSpectators: world.maxSpectators,
      CurrentLadderMode: 0,
      NextLadderMode: 0,
      LadderServerLimitMax: 50_000,
      LadderServerLimitMin: 0,
      CurrentVehicleNetQuality: 0,
      NextVehicleNetQuality: 0,
      CurrentCallVoteTimeOut: world.callVoteTimeOut,
      NextCallVoteTimeOut: world.nextCallVoteTimeOut,
      // A double even when whole, as the method list types it (the PHP library's VoteRatio::isRatio takes floats only).
      CallVoteRatio: new XmlRpcDouble(world.callVoteRatio),
      RefereePassword: secret('', connection),
      RefereeMode: 0,
      CurrentUseChangingValidationSeed: false,
      NextUseChangingValidationSeed: false,
      ClientInputsMaxLatency: 0,
      ...world.switches,
    }),
    SetServerOptions: ([options]) => {
      if (!options || typeof options !== 'object' || Array.isArray(options)) throw new SandboxFault(FAULT_BAD_PARAMS, 'SetServerOptions: expected a struct parameter');
      const given = options as Record<string, XmlRpcValue>;
      if (typeof given.Name === 'string') world.serverName = given.Name;
      if (typeof given.Comment === 'string') world.serverComment = given.Comment;
      if (typeof given.Password === 'string') world.password = given.Password;
      if (typeof given.PasswordForSpectator === 'string') world.spectatorPassword = given.PasswordForSpectator;
      if (typeof given.NextMaxPlayers === 'number') world.nextMaxPlayers = given.NextMaxPlayers;
      if (typeof given.NextMaxSpectators === 'number') world.maxSpectators = given.NextMaxSpectators;
      if (typeof given.HideServer === 'number') world.hideServer = given.HideServer;
      for (const name of Object.keys(world.switches)) if (typeof given[name] === 'boolean') world.switches[name] = given[name] as boolean;
      if (typeof given.NextCallVoteTimeOut === 'number') world.nextCallVoteTimeOut = given.NextCallVoteTimeOut;
      if (typeof given.CallVoteRatio === 'number') world.callVoteRatio = given.CallVoteRatio;
      return true;
    },
    // Tags as {Name, Value} structs (maniaplanet/dedicated-server-api Structures/Tag.php).
    GetServerTags: () => [...world.serverTags].map(([Name, Value]) => ({ Name, Value })),
    SetServerTag: ([name, value]) => (world.serverTags.set(requireString(name, 'SetServerTag'), requireString(value, 'SetServerTag')), true),
    UnsetServerTag: ([name]) => (world.serverTags.delete(requireString(name, 'UnsetServerTag')), true),
    ResetServerTags: () => (world.serverTags.clear(), true),
    GetCallVoteTimeOut: () => ({ CurrentValue: world.callVoteTimeOut, NextValue: world.nextCallVoteTimeOut }),
    // Takes effect with the next map, as the method's help says.
    SetCallVoteTimeOut: ([value]) => ((world.nextCallVoteTimeOut = count(value, 'SetCallVoteTimeOut')), true),
    GetCallVoteRatio: () => new XmlRpcDouble(world.callVoteRatio),
    SetCallVoteRatio: ([value]) => {
      if (typeof value !== 'number') throw new SandboxFault(FAULT_BAD_PARAMS, 'SetCallVoteRatio: expected a double parameter');
      world.callVoteRatio = value;
      return true;
    },
    GetServerComment: () => world.serverComment,
    SetServerComment: ([text]) => ((world.serverComment = requireString(text, 'SetServerComment')), true),
    GetServerPassword: (_params, connection) => secret(world.password, connection),
    GetServerPasswordForSpectator: (_params, connection) => secret(world.spectatorPassword, connection),
    SetServerPasswordForSpectator: ([text]) => ((world.spectatorPassword = requireString(text, 'SetServerPasswordForSpectator')), true),
    GetMaxSpectators: () => ({ CurrentValue: world.maxSpectators, NextValue: world.maxSpectators }),
    SetMaxSpectators: ([value]) => ((world.maxSpectators = count(value, 'SetMaxSpectators')), true),
    GetHideServer: () => world.hideServer,
    SetHideServer: ([value]) => {
      if (value !== 0 && value !== 1 && value !== 2) throw new SandboxFault(FAULT_BAD_PARAMS, 'Unknown hideserver value');
      world.hideServer = value;
      return true;
    },
    GetLadderServerLimits: () => ({ LadderServerLimitMin: 0, LadderServerLimitMax: 50_000 }),
    IsRelayServer: () => false,
    GameDataDirectory: () => GAME_DATA_DIRECTORY,
    GetSkinsDirectory: () => `${GAME_DATA_DIRECTORY}Skins/`,
    GetGameMode: () => 0,
    GetCurrentGameInfo: () => gameInfo(),
    GetNextGameInfo: () => gameInfo(),
    GetGameInfos: () => ({ CurrentGameInfos: gameInfo(), NextGameInfos: gameInfo() }),
    GetServerPlanets: () => 0,
    CheckEndMatchCondition: () => 'Playing',
  };
}
