import type { XmlRpcValue } from '../gbx/codec.js';
import type { GbxSession } from '../gbx/session.js';

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
    ['GetPlayerList', [-1, 0]],
    ['GetMaxPlayers'],
  ]);
  const v = struct(version?.ok ? version.value : null);
  const login = text(struct(system?.ok ? system.value : null).ServerLogin);
  const list = players?.ok && Array.isArray(players.value) ? players.value.map(struct).filter((player) => text(player.Login) !== login) : [];
  return {
    name: name?.ok ? text(name.value) : '',
    login,
    game: text(v.Name),
    titleId: text(v.TitleId),
    version: text(v.Version),
    build: text(v.Build),
    apiVersion: text(v.ApiVersion),
    mode: text(struct(mode?.ok ? mode.value : null).Name),
    players: list.length,
    // SpectatorStatus: its units digit is 1 for a spectator.
    spectators: list.filter((player) => Number(player.SpectatorStatus ?? 0) % 10 === 1).length,
    maxPlayers: Number(struct(maxPlayers?.ok ? maxPlayers.value : null).CurrentValue ?? 0),
  };
}

function struct(value: XmlRpcValue | undefined | null): Record<string, XmlRpcValue> {
  return value && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value) && !(value instanceof Date)
    ? (value as Record<string, XmlRpcValue>)
    : {};
}

function text(value: XmlRpcValue | undefined): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}
