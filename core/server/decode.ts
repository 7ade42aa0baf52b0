import type { MulticallResult } from '../gbx/client.js';
import type { XmlRpcValue } from '../gbx/codec.js';
import type { ChatChannel, MapInfo, PlayerInfo } from './event-map.js';

/**
 * The one reading of what the dedicated server sends: player and map structs, and the parameters of the
 * callbacks Pitwall acts on. Whatever does not have the shape the server documents is refused here, with the
 * reason, before any state or app sees it.
 */

/** The player struct asked for: 1 is the Forever struct (SpectatorStatus and Flags), servers excluded. */
export const PLAYER_STRUCT_VERSION = 1;

/** What a decoder made of a value: the typed value, or why it was refused (a short phrase, e.g. "an array"). */
export type Decoded<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Decoded<T> => ({ ok: true, value });
const refused = (problem: string): Decoded<never> => ({ ok: false, problem });

/** A struct's fields; anything that is not a struct (or a call that failed) reads as an empty one. */
export function structOf(result: MulticallResult | XmlRpcValue | undefined): Record<string, XmlRpcValue> {
  const value = result && typeof result === 'object' && 'ok' in result ? (result.ok ? result.value : undefined) : result;
  return isStruct(value) ? value : {};
}

function isStruct(value: unknown): value is Record<string, XmlRpcValue> {
  return !!value && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value) && !(value instanceof Date);
}

/** A field as text: strings as they are, numbers and booleans written out, nothing as ''. */
export function stringOf(value: XmlRpcValue | undefined): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

/** How a value is named when it is refused: "a number", "an array", "missing"... */
export function kindOf(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (Buffer.isBuffer(value)) return 'binary data';
  if (value instanceof Date) return 'a date';
  const type = typeof value;
  return type === 'object' ? 'a struct' : `a ${type}`;
}

/**
 * SpectatorStatus and Flags pack flags as decimal digits (maniaplanet/dedicated-server-api,
 * Structures/PlayerInfo.php): a digit other than 0 means the flag is set.
 */
function digit(packed: XmlRpcValue | undefined, place: number): boolean {
  return Math.floor(Math.abs(Number(packed ?? 0)) / place) % 10 !== 0;
}

/** SpectatorStatus' units digit: the player is a spectator. */
export function isSpectatorStatus(spectatorStatus: XmlRpcValue | undefined): boolean {
  return digit(spectatorStatus, 1);
}

/** The dedicated server's own entry (or another server's, such as a relay) is never a player. */
export function isServerEntry(value: XmlRpcValue | undefined, serverLogin: string): boolean {
  const struct = structOf(value);
  // Flags' hundred-thousands digit: "is a server".
  return stringOf(struct.Login) === serverLogin || digit(struct.Flags, 100_000);
}

export function decodePlayer(value: XmlRpcValue | undefined): PlayerInfo {
  const struct = structOf(value);
  return {
    login: stringOf(struct.Login),
    nickName: stringOf(struct.NickName),
    playerId: Number(struct.PlayerId ?? -1),
    teamId: Number(struct.TeamId ?? -1),
    isSpectator: isSpectatorStatus(struct.SpectatorStatus),
    ladderRanking: Number(struct.LadderRanking ?? 0),
  };
}

/** A GetPlayerList answer as players: the server's own entry and other servers left out. */
export function decodePlayerList(value: XmlRpcValue | undefined, serverLogin: string): PlayerInfo[] {
  if (!Array.isArray(value)) return [];
  return value.filter((entry) => !isServerEntry(entry, serverLogin)).map(decodePlayer);
}

export function decodeMap(value: XmlRpcValue | undefined): MapInfo {
  const struct = structOf(value);
  return {
    // The dedicated server spells these `UId` and `Environnement`.
    uid: stringOf(struct.UId),
    name: stringOf(struct.Name),
    fileName: stringOf(struct.FileName),
    author: stringOf(struct.Author),
    environment: stringOf(struct.Environnement),
    mapType: stringOf(struct.MapType),
    mapStyle: stringOf(struct.MapStyle),
    authorTime: Number(struct.AuthorTime ?? -1),
  };
}

/** PlayerChat options: 0 normal chat, 1 and 2 to the spectators (current or all), 3 to the team. */
export function chatChannel(options: XmlRpcValue | undefined): ChatChannel {
  const value = Number(options ?? 0);
  return value === 1 || value === 2 ? 'spectator' : value === 3 ? 'team' : 'normal';
}

/** A login as a callback carries it: a string, or the callback is not believed. */
export function decodeLogin(value: XmlRpcValue | undefined): Decoded<string> {
  return typeof value === 'string' ? ok(value) : refused(`its login is ${kindOf(value)}, not a string`);
}

export interface ChatLine {
  playerUid: number;
  login: string;
  text: string;
  channel: ChatChannel;
}

/** PlayerChat(PlayerUid, Login, Text, IsRegisteredCmd[, Options]); Options arrived with API 2023-03-24. */
export function decodeChat(params: readonly XmlRpcValue[]): Decoded<ChatLine> {
  const login = decodeLogin(params[1]);
  if (!login.ok) return login;
  if (typeof params[2] !== 'string') return refused(`its text is ${kindOf(params[2])}, not a string`);
  return ok({ playerUid: Number(params[0]), login: login.value, text: params[2], channel: chatChannel(params[4]) });
}

export interface PageAnswer {
  login: string;
  answer: string;
  entries: Record<string, string>;
}

/** PlayerManialinkPageAnswer(PlayerUid, Login, Answer, Entries). */
export function decodePageAnswer(params: readonly XmlRpcValue[]): Decoded<PageAnswer> {
  const login = decodeLogin(params[1]);
  if (!login.ok) return login;
  if (typeof params[2] !== 'string') return refused(`its answer is ${kindOf(params[2])}, not a string`);
  return ok({ login: login.value, answer: params[2], entries: decodeEntries(params[3]) });
}

/** Entries arrive as [{ Name, Value }]; anything else is dropped. */
export function decodeEntries(value: XmlRpcValue | undefined): Record<string, string> {
  if (!Array.isArray(value)) return {};
  const pairs: [string, string][] = [];
  for (const entry of value) {
    const { Name, Value } = (entry ?? {}) as { Name?: unknown; Value?: unknown };
    if (typeof Name === 'string' && typeof Value === 'string') pairs.push([Name, Value]);
  }
  // fromEntries defines own properties: a field named __proto__ stays a field.
  return Object.fromEntries(pairs);
}

export interface ScriptEvent {
  name: string;
  data: Record<string, unknown>;
}

/**
 * ModeScriptCallbackArray(Name, [Json]): every XmlRpc script callback carries one JSON object. Data that is
 * not one (missing, not JSON, a list, a number...) is refused, so apps only ever see an object.
 */
export function decodeScriptEvent(params: readonly XmlRpcValue[]): Decoded<ScriptEvent> {
  if (typeof params[0] !== 'string') return refused(`its name is ${kindOf(params[0])}, not a string`);
  const text = Array.isArray(params[1]) ? params[1][0] : params[1];
  if (typeof text !== 'string') return refused(`its data is ${kindOf(text)}, not a JSON text`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return refused('its data is not valid JSON');
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return refused(`its data is ${kindOf(data)}, not a JSON object`);
  return ok({ name: params[0], data: data as Record<string, unknown> });
}
