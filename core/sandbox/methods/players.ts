import type { XmlRpcValue } from '../../gbx/codec.js';
import type { SandboxControl, SandboxMethods } from '../control.js';
import { FAULT_BAD_PARAMS, FAULT_LOGIN_UNKNOWN, LOGIN_UNKNOWN, requireString, SandboxFault } from '../faults.js';
import { presenceDigits, type SandboxPlayer } from '../world.js';
import { sandboxPlayerLanguage } from './player-details.js';

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
        IPAddress: `127.0.0.${(found.PlayerId % 250) + 2}:2350`,
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
