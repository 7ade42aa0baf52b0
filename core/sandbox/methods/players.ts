import { XmlRpcDouble, type XmlRpcValue } from '../../gbx/codec.js';
import type { SandboxControl, SandboxMethods } from '../control.js';
import { FAULT_BAD_PARAMS, FAULT_LOGIN_UNKNOWN, LOGIN_UNKNOWN, NOT_IN_TEAM_MODE, requireString, SandboxFault } from '../faults.js';
import { presenceDigits, type SandboxPlayer } from '../world.js';
import { sandboxPlayerLanguage } from './player-details.js';

/** The address a sandbox player connects from: one loopback address per player. */
const ipAddress = (player: SandboxPlayer): string => `127.0.0.${(player.PlayerId % 250) + 2}:2350`;

/** What the server tells about one player, the server itself, and the ranking of the race under way. */
export function playerMethods(control: SandboxControl): SandboxMethods {
  const world = control.world;
  const player = (value: XmlRpcValue | undefined, method: string): SandboxPlayer => {
    const found = world.players.get(requireString(value, method));
    if (!found) throw new SandboxFault(FAULT_LOGIN_UNKNOWN, LOGIN_UNKNOWN);
    return found;
  };
  // GetCurrentRanking's entries (Structures/PlayerRanking.php): best time first, players without a time last.
  const ranking = (): XmlRpcValue[] =>
    control.scores.ranked().map((entry, index) => ({
      Login: entry.login,
      NickName: world.players.get(entry.login)?.NickName ?? entry.login,
      PlayerId: world.players.get(entry.login)?.PlayerId ?? -1,
      Rank: index + 1,
      BestTime: entry.bestRaceTime,
      BestCheckpoints: entry.bestRaceCheckpoints,
      Score: entry.points,
      NbrLapsFinished: 0,
      LadderScore: 0,
    }));
  return {
    // (login, team 0 or 1): only a team mode has teams to force ('Not in Team mode.', a fault text
    // maniaplanet/dedicated-server-api's FaultException.php files as a GameModeException).
    ForcePlayerTeam: ([login, team]) => {
      const found = player(login, 'ForcePlayerTeam');
      if (team !== 0 && team !== 1) throw new SandboxFault(FAULT_BAD_PARAMS, 'ForcePlayerTeam: expected a team of 0 or 1');
      if (control.scores.mode !== 'Teams') throw new SandboxFault(FAULT_BAD_PARAMS, NOT_IN_TEAM_MODE);
      if (found.TeamId !== team) {
        found.TeamId = team;
        control.playerInfoChanged(found.Login);
      }
      return true;
    },
    // Structures/NetworkStats.php with a Structures/PlayerNetInfo.php per player: a loopback server has no
    // traffic to count, so the rates, sizes and latencies are 0 and the packet loss a <double> 0.
    GetNetworkStats: () => ({
      Uptime: Math.floor(world.serverTime() / 1000),
      NbrConnection: world.players.size,
      MeanConnectionTime: 0,
      MeanNbrPlayer: world.players.size,
      RecvNetRate: 0,
      SendNetRate: 0,
      TotalReceivingSize: 0,
      TotalSendingSize: 0,
      PlayerNetInfos: [...world.players.values()].map((entry) => ({
        Login: entry.Login,
        IPAddress: ipAddress(entry),
        StateUpdateLatency: 0,
        StateUpdatePeriod: 0,
        LatestNetworkActivity: 0,
        PacketLossRate: new XmlRpcDouble(0),
      })),
    }),
    GetDetailedPlayerInfo: ([login]) => {
      const found = player(login, 'GetDetailedPlayerInfo');
      // The Trackmania 2020 struct (GbxRemote.Net Structs/TmPlayerDetailedInfo, Structures/PlayerDetailedInfo.php).
      return {
        Login: found.Login,
        NickName: found.NickName,
        PlayerId: found.PlayerId,
        TeamId: found.TeamId,
        Path: 'World|Europe|France',
        Language: sandboxPlayerLanguage(world, found.Login),
        ClientVersion: '3.3.0',
        ClientTitleVersion: '3.3.0',
        IPAddress: ipAddress(found),
        DownloadRate: 0,
        UploadRate: 0,
        IsSpectator: found.SpectatorStatus % 10 !== 0,
        IsInOfficialMode: false,
        IsReferee: false,
        Avatar: { FileName: '', Checksum: '' },
        Skins: [],
        LadderStats: { LastMatchScore: 0, NbrMatchWins: 0, NbrMatchDraws: 0, NbrMatchLosses: 0, TeamName: '', PlayerRankings: [], TeamRankings: [] },
        HoursSinceZoneInscription: 0,
        BroadcasterLogin: '',
        Allies: [],
        ClubLink: '',
      };
    },
    GetMainServerPlayerInfo: () => ({ ...world.serverEntry }),
    GetCurrentRanking: ([max = -1, start = 0]) => {
      const all = ranking();
      const from = Number(start);
      if (from < 0 || (from > 0 && from >= all.length)) throw new SandboxFault(FAULT_BAD_PARAMS, 'Start index out of bound.');
      return Number(max) < 0 ? all.slice(from) : all.slice(from, from + Number(max));
    },
    GetCurrentRankingForLogin: ([logins]) => {
      const wanted = requireString(logins, 'GetCurrentRankingForLogin').split(',').map((login) => login.trim());
      return ranking().filter((entry) => wanted.includes((entry as { Login: string }).Login));
    },
    GetCurrentWinnerTeam: () => -1,
    // (login, mode): 0 selectable, 1 spectator, 2 player, 3 spectator but selectable.
    ForceSpectator: ([login, mode]) => {
      const found = player(login, 'ForceSpectator');
      if (typeof mode !== 'number' || ![0, 1, 2, 3].includes(mode)) throw new SandboxFault(FAULT_BAD_PARAMS, 'ForceSpectator: expected a mode of 0, 1, 2 or 3');
      const spectating = mode === 1 || mode === 3 || (mode === 0 && found.SpectatorStatus % 10 !== 0);
      Object.assign(found, presenceDigits(spectating ? 'spectator' : 'player', mode === 3 ? 0 : mode));
      control.playerInfoChanged(found.Login);
      return true;
    },
    SpectatorReleasePlayerSlot: ([login]) => {
      const found = player(login, 'SpectatorReleasePlayerSlot');
      if (found.SpectatorStatus % 10 !== 0) Object.assign(found, presenceDigits('pure-spectator', found.Flags % 10));
      control.playerInfoChanged(found.Login);
      return true;
    },
  };
}
