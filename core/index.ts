/** The public entry for app authors: everything an app needs, nothing of the core's internals. */
export { defineApp, defineDatabase } from './apps/define.js';
export type {
  AppContext,
  AppDatabase,
  AppMigration,
  AppDefinition,
  AppReportingOptions,
  AppSettingSpec,
  AppSettingsSpec,
  AppSettingsOf,
} from './apps/define.js';
export type { Disposable } from './disposables.js';
export type { CommandCall, CommandHandler, CommandOptions } from './server/commands.js';
export type { MapInfo, PlayerInfo, ServerEventMap } from './server/event-map.js';
export { PitwallError, isPitwallError, type PitwallErrorCode } from './errors.js';
// The query builder of ctx.db, so apps write migrations and queries without depending on kysely themselves.
export { sql } from 'kysely';
export type { Generated, Insertable, Kysely, Selectable, Updateable } from 'kysely';
