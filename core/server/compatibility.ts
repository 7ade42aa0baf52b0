import { METHOD_DOCS, LEVEL_RANK, type MethodLevel } from '../sandbox/method-docs.js';

/** One dedicated-server method Pitwall calls, and who calls it. */
export interface UsedMethod {
  name: string;
  by: string;
}

/**
 * Every dedicated-server method Pitwall and its bundled apps call, with who calls it. The README's
 * Compatibility table is generated from this list with each method's level from the published list.
 */
export const USED_METHODS: readonly UsedMethod[] = [
  { name: 'Authenticate', by: 'session' },
  { name: 'GetVersion', by: 'session, status' },
  { name: 'SetApiVersion', by: 'session' },
  { name: 'EnableCallbacks', by: 'session' },
  { name: 'TriggerModeScriptEventArray', by: 'session (script callbacks, checkpoint arrays), script calls' },
  { name: 'system.multicall', by: 'session, UI' },
  { name: 'GetServerName', by: 'server state' },
  { name: 'GetSystemInfo', by: 'server state' },
  { name: 'GetStatus', by: 'server state' },
  { name: 'GetPlayerList', by: 'server state' },
  { name: 'GetPlayerInfo', by: 'server state' },
  { name: 'GetCurrentMapInfo', by: 'server state, records' },
  { name: 'GetModeScriptInfo', by: 'server state' },
  { name: 'GetModeScriptSettings', by: 'live (Cup points limit)' },
  { name: 'GetMaxPlayers', by: 'server state' },
  { name: 'ChatSendServerMessage', by: 'chat' },
  { name: 'ChatSendServerMessageToLogin', by: 'chat, commands' },
  { name: 'SendDisplayManialinkPage', by: 'UI' },
  { name: 'SendDisplayManialinkPageToLogin', by: 'UI' },
  { name: 'Kick', by: 'admin' },
  { name: 'Ban', by: 'admin' },
  { name: 'UnBan', by: 'admin' },
  { name: 'BlackList', by: 'admin' },
  { name: 'UnBlackList', by: 'admin' },
  { name: 'Ignore', by: 'admin' },
  { name: 'UnIgnore', by: 'admin' },
  { name: 'SetServerName', by: 'admin' },
  { name: 'SetServerPassword', by: 'admin' },
  { name: 'SetMaxPlayers', by: 'admin' },
  { name: 'NextMap', by: 'admin, maps' },
  { name: 'RestartMap', by: 'maps' },
  { name: 'GetMapList', by: 'maps' },
  { name: 'ChooseNextMap', by: 'maps' },
  { name: 'AddMap', by: 'maps' },
  { name: 'RemoveMap', by: 'maps' },
  { name: 'SaveMatchSettings', by: 'maps' },
];

/** The callbacks Pitwall listens to, with what it makes of them. */
export const USED_CALLBACKS: readonly UsedMethod[] = [
  { name: 'ManiaPlanet.PlayerConnect', by: 'playerConnect' },
  { name: 'ManiaPlanet.PlayerDisconnect', by: 'playerDisconnect' },
  { name: 'ManiaPlanet.PlayerInfoChanged', by: 'player state' },
  { name: 'ManiaPlanet.PlayerChat', by: 'playerChat, commands' },
  { name: 'ManiaPlanet.PlayerManialinkPageAnswer', by: 'playerAnswer, UI actions' },
  { name: 'ManiaPlanet.BeginMap', by: 'beginMap' },
  { name: 'ManiaPlanet.EndMap', by: 'endMap' },
  { name: 'ManiaPlanet.BeginMatch', by: 'beginMatch' },
  { name: 'ManiaPlanet.EndMatch', by: 'endMatch' },
  { name: 'ManiaPlanet.ServerStart', by: 'serverStart' },
  { name: 'ManiaPlanet.ServerStop', by: 'serverStop' },
  {
    name: 'ManiaPlanet.ModeScriptCallbackArray',
    by:
      'modeScript; playerCheckpoint and playerFinish (Trackmania.Event.WayPoint), playerStartLine, playerGiveUp, playerRespawn, ' +
      'scores (Trackmania.Scores), knockoutElimination (Trackmania.Knockout.Elimination), warmUp, pause; Maniaplanet.* sections for map changes',
  },
];

/** The level a method needs, from the published list. */
export function levelOf(method: string): MethodLevel {
  return METHOD_DOCS.find((doc) => doc.name === method)?.level ?? 'User';
}

/** The methods Pitwall uses that a login of `level` may not call. */
export function refusedAt(level: MethodLevel): UsedMethod[] {
  return USED_METHODS.filter((method) => LEVEL_RANK[levelOf(method.name)] > LEVEL_RANK[level]);
}

/** What a start logs when the login is below SuperAdmin: the methods that will be refused and who needs them. */
export function levelWarning(user: string): string | undefined {
  if (user !== 'Admin' && user !== 'User') return undefined;
  const refused = refusedAt(user);
  if (refused.length === 0) return undefined;
  return (
    `Connected as ${user}: the server will refuse ${refused.map((method) => `${method.name} (${method.by})`).join(', ')}. ` +
    'Fix: set DEDICATED.user to SuperAdmin (and DEDICATED.password to its password) for everything to work.'
  );
}

/** The README's Compatibility table: each method and callback Pitwall uses, with the level it needs. */
export function compatibilityTable(): string {
  const lines = ['| method or callback | level | used by |', '|---|---|---|'];
  for (const method of USED_METHODS) lines.push(`| \`${method.name}\` | ${levelOf(method.name)} | ${method.by} |`);
  for (const callback of USED_CALLBACKS) lines.push(`| \`${callback.name}\` (callback) | EnableCallbacks | ${callback.by} |`);
  return lines.join('\n');
}
