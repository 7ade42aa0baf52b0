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
  SettingsChange,
} from './apps/define.js';
export type { Disposable } from './disposables.js';
// Player-facing lines by language, for ctx.t, ctx.tell and ctx.announce.
export { defineMessages, type AppMessages, type MessageKey, type MessageParams, type MessageTable } from './i18n/messages.js';
export type { CommandCall, CommandHandler, CommandOptions } from './server/commands.js';
// Typed commands, permission levels and the one permission check.
export { subcommand, type CommandSpec, type Subcommand, type SubcommandSpec, type TypedCommandCall, type TypedCommandHandler } from './server/commands.js';
export { parseTime, type NamedParamSpec, type ParamDeclaration, type ParamList, type ParamsCheck, type ParamSpec, type ParamSpecs, type ParamValues } from './server/command-params.js';
export { ACCESS_LEVELS, type AccessLevel, type PermissionCheck } from './server/levels.js';
export { AccessControl, ACCESS_GROUPS, type AccessChange, type AccessGroup, type AccessMember } from './access/access-control.js';
export type { ChatChannel, MapInfo, PlayerInfo, ServerEventMap } from './server/event-map.js';
// The game's script events, typed: finishes, checkpoints, respawns, scores, Knockout eliminations, warm-up and pause.
export type {
  KnockoutElimination,
  PauseStatus,
  PlayerCheckpoint,
  PlayerFinish,
  PlayerRespawn,
  PlayerScore,
  PlayerScriptEvent,
  RunProgress,
  Scores,
  ScoresSection,
  TeamScore,
  WarmUpEvent,
} from './server/event-map.js';
export { PitwallError, isPitwallError, type PitwallErrorCode } from './errors.js';
export { AppLogger, type LogFields } from './apps/app-logger.js';
// The server as ctx.server gives it, and the GbxRemote types its raw calls take and return.
export { GameServer, type ServerInfo } from './server/facade.js';
export { double, XmlRpcDouble, type XmlRpcValue } from './gbx/codec.js';
export { GbxFault, type MulticallEntry, type MulticallResult } from './gbx/client.js';
export { nameForChat, stripFormatting, stripLinks } from './server/formatting.js';
export { h, Fragment, type Markup, type Child, type Component } from './ui/markup.js';
export type { ActionHandler, ActionPermissions, ActionSpec, UiClick } from './ui/action.js';
export type { AppUi, UiContent, UiTarget, WidgetChoice, WidgetChoiceHandle, WidgetOptions } from './ui/manager.js';
export type { CrowdContent } from './ui/crowd.js';
export { CoalescedDraw, REDRAW_INTERVAL_MS, type DrawClock } from './ui/coalesce.js';
export type { ManiaLinkElements, Position, Size, Vec2, HAlign, VAlign, Color } from './ui/elements.js';
export { ListWindow, showListWindow, type ListColumn, type ListCell, type ListWindowOptions, type ListWindowProps } from './ui/list-window.js';
export { template } from './ui/template.js';
// The query builder of ctx.db, so apps write migrations and queries without depending on kysely themselves.
export { sql } from 'kysely';
export type { CompiledQuery, Generated, Insertable, Kysely, Selectable, Updateable } from 'kysely';
// Writes that outlive a database outage (queued under DATA_DIR, replayed in order), and the test for such an outage.
export { writeOrQueue } from './storage/write-or-queue.js';
export type { WriteOutcome } from './storage/write-journal.js';
export { isConnectionFault } from './storage/connection-faults.js';
// For apps calling web services: how long a 429 or 503 answer's Retry-After header asks to wait (both forms).
export { retryAfterMs } from './retry-after.js';
