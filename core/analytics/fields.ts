import { arch, platform, release } from 'node:os';
import type { GameServer } from '../server/facade.js';
import { PITWALL_VERSION } from '../version.js';

/** The live state a ping is read from. */
export interface PingSources {
  installId: string;
  server: GameServer;
  /** Apps in state RUNNING. */
  runningApps: readonly { id: string; version: string }[];
  uptimeSeconds: number;
}

export interface AnalyticsField {
  name: string;
  what: string;
  example: string;
  read(sources: PingSources): unknown;
}

export const PING_SCHEMA_VERSION = 1;

/**
 * What a ping identifies, in the words used wherever the ping is described (`pitwall analytics status`,
 * docs/privacy.md; settings/base.ts and the README say the same). The ping is not anonymous.
 */
export const PING_IDENTITY = 'it identifies the server, never a player (it carries the server login, the server name and the OS release, and no player login or nickname)';

/**
 * The one table of what an analytics ping holds: the payload is built from it field by field, and
 * docs/privacy.md is generated from it, so the two cannot disagree.
 */
export const ANALYTICS_FIELDS: readonly AnalyticsField[] = [
  { name: 'schema_version', what: 'Version of this payload layout', example: '1', read: () => PING_SCHEMA_VERSION },
  { name: 'install_id', what: 'Random id of this installation (DATA_DIR/analytics/install-id; `pitwall analytics reset-id` makes a new one)', example: '"0b6f1c9e-3f4a-4c55-9a51-6c2b1d7e8f90"', read: (s) => s.installId },
  { name: 'controller_version', what: 'Pitwall version', example: '"0.1.0"', read: () => PITWALL_VERSION },
  { name: 'node_version', what: 'Node.js version', example: '"v20.20.2"', read: () => process.version },
  { name: 'os_platform', what: 'Operating system family', example: '"linux"', read: () => platform() },
  { name: 'os_release', what: 'Operating system release', example: '"6.1.0-18-amd64"', read: () => release() },
  { name: 'os_arch', what: 'Processor architecture', example: '"x64"', read: () => arch() },
  { name: 'server_name', what: 'Dedicated server name', example: '"My Server"', read: (s) => s.server.info.name },
  { name: 'server_version', what: 'Dedicated server version', example: '"3.3.0"', read: (s) => s.server.info.version },
  { name: 'server_build', what: 'Dedicated server build', example: '"2026-11-01_12_00"', read: (s) => s.server.info.build },
  { name: 'server_login', what: 'Dedicated server login', example: '"my-server-login"', read: (s) => s.server.info.login },
  { name: 'title_pack', what: 'Title pack the server runs', example: '"Trackmania"', read: (s) => s.server.info.titleId },
  { name: 'game_mode', what: 'Game mode script', example: '"Trackmania/TM_TimeAttack_Online.Script.txt"', read: (s) => s.server.info.modeScript },
  { name: 'active_apps', what: 'Apps running now (id and version; failed apps are left out)', example: '[{ "id": "welcome", "version": "1.0.0" }]', read: (s) => s.runningApps.map(({ id, version }) => ({ id, version })) },
  { name: 'players_total', what: 'Connected players, spectators included, the server itself excluded', example: '12', read: (s) => s.server.players.size },
  { name: 'spectators', what: 'Of those, how many are spectating', example: '2', read: (s) => s.server.spectatorCount },
  { name: 'uptime_seconds', what: 'Seconds since Pitwall started', example: '3600', read: (s) => Math.round(s.uptimeSeconds) },
];

export function readPingProperties(sources: PingSources): Record<string, unknown> {
  return Object.fromEntries(ANALYTICS_FIELDS.map((field) => [field.name, field.read(sources)]));
}
