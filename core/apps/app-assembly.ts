import type { AppGate } from './app-record.js';
import type { Kysely } from 'kysely';
import { inject, injectable } from 'tsyringe';
import { Settings } from '../config/schema.js';
import type { DisposableStore } from '../disposables.js';
import { Logger } from '../logging/logger.js';
import { CommandRegistry } from '../server/commands.js';
import { ServerEvents } from '../server/events.js';
import { GameServer } from '../server/facade.js';
import { PlayerLanguages } from '../server/player-languages.js';
import { Database } from '../storage/database.js';
import { UiManager } from '../ui/manager.js';
import { openAppDatabase } from './app-database.js';
import { AppScope } from './app-scope.js';
import { AppSettingsService } from './app-settings-service.js';
import { createAppContext } from './context.js';
import { appDataPath, lazyDataFolder } from './data-folder.js';
import type { AppContext, AppDefinition } from './define.js';
import type { Attribution } from './error-sink.js';
import { FaultBoundary } from './fault-boundary.js';

/** What the host knows of the app it asks a ctx for. */
export interface AppUnderAssembly {
  definition: AppDefinition;
  attribution: Attribution;
  /** Everything the app registers; disposed when it stops. */
  store: DisposableStore;
  /** Closed once the app is stopping or failed: registrations are refused from then on. */
  gate: AppGate;
  /** What a dependency's init() returned. */
  exportsOf(id: string): unknown;
  /** What an app's init() returned, while that app is running; undefined otherwise. */
  runningExportsOf(id: string): unknown;
}

/**
 * Everything an app gets before its init(): its migrated database namespace and the ctx
 * over the core services. A failure here fails that app only, with the reason the host records.
 */
@injectable()
export class AppAssembly {
  constructor(
    @inject(Settings) private readonly settings: Settings,
    @inject(Logger) private readonly logger: Logger,
    @inject(FaultBoundary) private readonly boundary: FaultBoundary,
    @inject(ServerEvents) private readonly events: ServerEvents,
    @inject(CommandRegistry) private readonly commands: CommandRegistry,
    @inject(GameServer) private readonly server: GameServer,
    @inject(UiManager) private readonly ui: UiManager,
    @inject(Database) private readonly database: Database,
    @inject(AppScope) private readonly scope: AppScope,
    @inject(AppSettingsService) private readonly appSettings: AppSettingsService,
    @inject(PlayerLanguages) private readonly languages: PlayerLanguages,
  ) {}

  async assemble(app: AppUnderAssembly): Promise<{ ok: true; ctx: AppContext } | { ok: false; reason: string }> {
    const { id } = app.definition;
    let db: (() => Kysely<unknown>) | undefined;
    try {
      db = await this.migrate(app.definition);
    } catch (error) {
      this.boundary.capture(error, { ...app.attribution, hook: 'init' });
      return { ok: false, reason: (error as Error).message };
    }
    const ctx = createAppContext({
      definition: app.definition,
      attribution: app.attribution,
      logger: this.logger.child({ label: id }),
      settings: () => this.appSettings.settingsOf(id) ?? {},
      onSettingsChange: (listener) => this.appSettings.onChange(id, listener),
      dataDir: lazyDataFolder(id, appDataPath(this.settings.DATA_DIR, id)),
      scope: this.scope,
      store: app.store,
      boundary: this.boundary,
      events: this.events,
      commands: this.commands,
      server: this.server,
      languages: this.languages,
      ui: this.ui,
      db,
      gate: app.gate,
      exportsOf: app.exportsOf,
      runningExportsOf: app.runningExportsOf,
    });
    return { ok: true, ctx };
  }

  /** Migrates the app's tables before init; a failed migration is rolled back and fails this app only. */
  private async migrate(definition: AppDefinition): Promise<(() => Kysely<unknown>) | undefined> {
    if (!definition.database) return undefined;
    const { db, applied } = await openAppDatabase(this.database, definition.id, definition.database);
    if (applied.length) this.logger.info(`App '${definition.id}': applied database migrations ${applied.join(', ')}`);
    return db;
  }
}
