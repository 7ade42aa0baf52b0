import type { XmlRpcValue } from '../../gbx/codec.js';
import type { SandboxControl, SandboxMethods } from '../control.js';
import { FAULT_BAD_PARAMS, FAULT_LOGIN_UNKNOWN, LOGIN_UNKNOWN, requireString, SandboxFault } from '../faults.js';
import { SERVER_LOGIN, TITLE_ID, type SandboxPlayer } from '../world.js';
import { API_VERSION } from './session.js';

/** What the server tells about itself, its players, its maps and its mode, and the map changes. */
export function gameMethods(control: SandboxControl): SandboxMethods {
  const world = control.world;
  const playerInfo = (player: SandboxPlayer): XmlRpcValue => ({ ...player });
  return {
    GetVersion: () => ({ Name: 'Trackmania', TitleId: TITLE_ID, Version: '3.3.0', Build: '2026-11-01_12_00', ApiVersion: API_VERSION }),
    GetSystemInfo: () => ({
      PublishedIp: '127.0.0.1',
      Port: 2350,
      P2PPort: 3450,
      TitleId: TITLE_ID,
      ServerLogin: SERVER_LOGIN,
      ServerPlayerId: 0,
      ConnectionDownloadRate: 100_000,
      ConnectionUploadRate: 100_000,
      IsServer: true,
      IsDedicated: true,
    }),
    GetServerName: () => world.serverName,
    SetServerName: ([name]) => {
      world.serverName = requireString(name, 'SetServerName');
      return true;
    },
    GetStatus: () => ({ Code: 4, Name: 'Running - Play' }),
    GetMaxPlayers: () => ({ CurrentValue: world.maxPlayers, NextValue: world.nextMaxPlayers }),
    // (max, start, struct version): 0 the United struct, 1 the Forever struct without servers, 2 the Forever
    // struct with servers (the server's own entry first). Without a version the server's entry is listed too,
    // and -1 is no version (GbxRemote.Net issue 17, tried on a Trackmania 2020 server of 2022-06-21).
    GetPlayerList: ([max = -1, start = 0, version]) => {
      const structVersion = version === undefined || version === -1 ? 2 : Number(version);
      if (![0, 1, 2].includes(structVersion)) throw new SandboxFault(FAULT_BAD_PARAMS, 'Invalid struct version.');
      const entries = structVersion === 2 ? [world.serverEntry, ...world.players.values()] : [...world.players.values()];
      const all = entries.map((player) => (structVersion === 0 ? unitedPlayerInfo(player) : playerInfo(player)));
      const from = Number(start);
      if (from < 0 || (from > 0 && from >= all.length)) throw new SandboxFault(FAULT_BAD_PARAMS, 'Start index out of bound.');
      return Number(max) < 0 ? all.slice(from) : all.slice(from, from + Number(max));
    },
    GetPlayerInfo: ([login]) => {
      const player = world.players.get(requireString(login, 'GetPlayerInfo'));
      if (!player) throw new SandboxFault(FAULT_LOGIN_UNKNOWN, LOGIN_UNKNOWN);
      return playerInfo(player);
    },
    GetCurrentMapInfo: () => ({ ...world.currentMap }),
    // The next map and a map file are not loaded: NbLaps and NbCheckpoints are -1 (GetNextMapInfo's help text).
    GetNextMapInfo: () => ({ ...world.nextMap, NbLaps: -1, NbCheckpoints: -1 }),
    GetMapInfo: ([file]) => {
      const found = world.mapFolder.get(requireString(file, 'GetMapInfo'));
      if (!found) throw new SandboxFault(FAULT_BAD_PARAMS, 'Map not found.');
      return { ...found, NbLaps: -1, NbCheckpoints: -1 };
    },
    // The list's entries carry fewer fields than the map info (GetMapList's help text; Structures/Map.php).
    GetMapList: ([max = -1, start = 0]) => {
      const all = world.maps.map((map) => ({
        UId: map.UId,
        Name: map.Name,
        FileName: map.FileName,
        Environnement: map.Environnement,
        Author: map.Author,
        AuthorNickname: map.AuthorNickname,
        GoldTime: map.GoldTime,
        CopperPrice: map.CopperPrice,
        MapType: map.MapType,
        MapStyle: map.MapStyle,
      }));
      const from = Number(start);
      if (from < 0 || (from > 0 && from >= all.length)) throw new SandboxFault(FAULT_BAD_PARAMS, 'Start index out of bound.');
      return Number(max) < 0 ? all.slice(from) : all.slice(from, from + Number(max));
    },
    GetScriptName: () => ({ CurrentValue: world.modeScript, NextValue: world.nextModeScript }),
    // As on a real server, a new mode script starts with the next map.
    SetScriptName: ([name]) => {
      world.nextModeScript = requireString(name, 'SetScriptName');
      return true;
    },
    // A change asked for while the previous one is still under way is refused, as a real server does.
    NextMap: () => (control.changeMap(false), true),
    // A restart replays the map with the same callbacks as a change, flagged restarted.
    RestartMap: () => (control.changeMap(true), true),
  };
}

/** The United-era player struct (version 0): a spectator flag instead of SpectatorStatus and Flags. */
function unitedPlayerInfo(player: SandboxPlayer): XmlRpcValue {
  return {
    Login: player.Login,
    NickName: player.NickName,
    PlayerId: player.PlayerId,
    TeamId: player.TeamId,
    IsSpectator: player.SpectatorStatus % 10 !== 0,
    IsInOfficialMode: false,
    LadderRanking: player.LadderRanking,
  };
}
