/** The public entry for app authors: everything an app needs, nothing of the core's internals. */
export { defineApp } from './apps/define.js';
export type {
  AppContext,
  AppDefinition,
  AppReportingOptions,
  AppSettingSpec,
  AppSettingsSpec,
  AppSettingsOf,
} from './apps/define.js';
export type { Disposable } from './disposables.js';
export type { CommandCall, CommandHandler, CommandOptions } from './server/commands.js';
export type { ChatChannel, MapInfo, PlayerInfo, ServerEventMap } from './server/event-map.js';
export { PitwallError, isPitwallError, type PitwallErrorCode } from './errors.js';
export { nameForChat, stripFormatting, stripLinks } from './server/formatting.js';
