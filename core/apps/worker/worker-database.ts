import type { Kysely } from 'kysely';
import { PitwallError } from '../../errors.js';
import { openDatabase, type Database } from '../../storage/database.js';
import { openAppDatabase } from '../app-database.js';
import type { AppDefinition } from '../define.js';

/**
 * A worker app's own connection to the controller's database (SQLite in WAL mode lets both write): opened and
 * migrated before its init, as the controller does in process, and closed after its stop.
 */
export class WorkerDatabase {
  private database?: Database;
  private appDb?: () => Kysely<unknown>;

  constructor(
    private readonly where: { url: string; dataDir: string },
    /** Told which migrations ran. */
    private readonly log: (id: string, message: string) => void,
  ) {}

  /** Opens the database and runs the app's pending migrations (nothing for an app without a database section). */
  async migrate(app: AppDefinition): Promise<void> {
    if (!app.database || this.appDb) return;
    this.database ??= await openDatabase(this.where.url, this.where.dataDir);
    const { db, applied } = await openAppDatabase(this.database, app.id, app.database);
    this.appDb = db;
    if (applied.length) this.log(app.id, `App '${app.id}': applied database migrations ${applied.join(', ')}`);
  }

  /** ctx.db: the app's namespace; an app that declared no database section gets the error saying so. */
  db(id: string): Kysely<unknown> {
    if (!this.appDb) throw new PitwallError('PW_ERR_DATABASE_NOT_DECLARED', { id });
    return this.appDb();
  }

  async close(): Promise<void> {
    this.appDb = undefined;
    const database = this.database;
    this.database = undefined;
    await database?.close();
  }
}
