import type { SandboxControl, SandboxMethods } from '../control.js';
import { FAULT_LOGIN_UNKNOWN, LOGIN_UNKNOWN, requireString, SandboxFault } from '../faults.js';
import type { SandboxWorld } from '../world.js';

/** The game language each sandbox player's client reports (default English), by world and login. */
const languages = new WeakMap<SandboxWorld, Map<string, string>>();

/** Sets the language `login`'s game client reports in GetDetailedPlayerInfo (e.g. 'fr'). */
export function setSandboxPlayerLanguage(world: SandboxWorld, login: string, language: string): void {
  const byLogin = languages.get(world) ?? new Map<string, string>();
  languages.set(world, byLogin);
  byLogin.set(login, language);
}

/**
 * GetDetailedPlayerInfo: the SPlayerDetailedInfo struct of a connected player, fields as the dedicated server
 * names them (EvoEsports/GbxRemote.Net `Structs/PlayerDetailedInfo.cs`); `Language` is the game's language.
 */
export function playerDetailsMethods(control: SandboxControl): SandboxMethods {
  const world = control.world;
  return {
    GetDetailedPlayerInfo: ([login]) => {
      const wanted = requireString(login, 'GetDetailedPlayerInfo');
      const player = world.players.get(wanted);
      if (!player) throw new SandboxFault(FAULT_LOGIN_UNKNOWN, LOGIN_UNKNOWN);
      return {
        Login: player.Login,
        NickName: player.NickName,
        PlayerId: player.PlayerId,
        TeamId: player.TeamId,
        Path: 'World|Europe',
        Language: languages.get(world)?.get(wanted) ?? 'en',
        ClientVersion: '3.3.0',
        ClientTitleVersion: '3.3.0',
        IPAddress: '127.0.0.1:2350',
        DownloadRate: 100_000,
        UploadRate: 100_000,
        IsSpectator: player.SpectatorStatus !== 0,
        IsInOfficialMode: player.IsInOfficialMode,
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
  };
}
