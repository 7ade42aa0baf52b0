import type { GbxSession } from '../gbx/session.js';
import { decodePlayerList, PLAYER_STRUCT_VERSION, stringOf, structOf } from './decode.js';

/** What `pitwall status` reports about the dedicated server. */
export interface ServerStatus {
  name: string;
  login: string;
  game: string;
  titleId: string;
  version: string;
  build: string;
  apiVersion: string;
  mode: string;
  /** Connected players, the server's own entry excluded. */
  players: number;
  spectators: number;
  maxPlayers: number;
}

/** Reads the server's name, version, mode and player count in one round trip. */
export async function readServerStatus(session: GbxSession): Promise<ServerStatus> {
  const [name, version, system, mode, players, maxPlayers] = await session.multicall([
    ['GetServerName'],
    ['GetVersion'],
    ['GetSystemInfo'],
    ['GetModeScriptInfo'],
    ['GetPlayerList', [-1, 0, PLAYER_STRUCT_VERSION]],
    ['GetMaxPlayers'],
  ]);
  const v = structOf(version);
  const login = stringOf(structOf(system).ServerLogin);
  // The same reading as the controller's: the server's own entry and other servers are not players.
  const list = decodePlayerList(players?.ok ? players.value : undefined, login);
  return {
    name: name?.ok ? stringOf(name.value) : '',
    login,
    game: stringOf(v.Name),
    titleId: stringOf(v.TitleId),
    version: stringOf(v.Version),
    build: stringOf(v.Build),
    apiVersion: stringOf(v.ApiVersion),
    mode: stringOf(structOf(mode).Name),
    players: list.length,
    spectators: list.filter((player) => player.isSpectator).length,
    maxPlayers: Number(structOf(maxPlayers).CurrentValue ?? 0),
  };
}
