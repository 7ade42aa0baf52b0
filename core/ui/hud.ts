import type { Kysely } from 'kysely';
import type { Database, NamedMigration } from '../storage/database.js';
import { writeOrQueue } from '../storage/write-or-queue.js';

/** The namespace of the players' HUD choices: core data, shared by every server on the same database. */
export const HUD_NAMESPACE = 'core_hud';

interface HudTables {
  /** One row per player and widget they hid (the widget's ManiaLink id). */
  hidden: { login: string; widget: string; hidden_at: string };
}

const migrations: NamedMigration[] = [
  {
    name: '001-create-hidden',
    async up(db) {
      await db.schema
        .createTable('hidden')
        .addColumn('login', 'text', (column) => column.notNull())
        .addColumn('widget', 'text', (column) => column.notNull())
        .addColumn('hidden_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('hidden_pk', ['login', 'widget'])
        .execute();
    },
  },
];

/** What the UI asks of the HUD choices: synchronous reads of the connected players' choices. */
export interface HudChoices {
  /** Reads a player's choices (at join, before their pages are sent). */
  load(login: string): Promise<void>;
  isHidden(login: string, widget: string): boolean;
  set(login: string, widget: string, hidden: boolean): Promise<void>;
  forget(login: string): void;
}

/** Each player's hidden widgets, in the database (namespace core_hud) and in memory for the connected ones. */
export class StoredHudChoices implements HudChoices {
  private readonly byLogin = new Map<string, Set<string>>();

  private constructor(private readonly db: Kysely<HudTables>) {}

  static async open(database: Database): Promise<StoredHudChoices> {
    const owner = 'core hud';
    await database.migrate(HUD_NAMESPACE, owner, migrations);
    return new StoredHudChoices(database.namespace<HudTables>(HUD_NAMESPACE, owner));
  }

  async load(login: string): Promise<void> {
    const rows = await this.db.selectFrom('hidden').select('widget').where('login', '=', login).execute();
    this.byLogin.set(login, new Set(rows.map((row) => row.widget)));
  }

  isHidden(login: string, widget: string): boolean {
    return this.byLogin.get(login)?.has(widget) ?? false;
  }

  async set(login: string, widget: string, hidden: boolean): Promise<void> {
    let set = this.byLogin.get(login);
    if (!set) this.byLogin.set(login, (set = new Set()));
    if (hidden) set.add(widget);
    else set.delete(widget);
    const query = hidden
      ? this.db.insertInto('hidden').values({ login, widget, hidden_at: new Date().toISOString() }).onConflict((conflict) => conflict.columns(['login', 'widget']).doNothing())
      : this.db.deleteFrom('hidden').where('login', '=', login).where('widget', '=', widget);
    // Through an outage the choice applies at once and is written when the database is back.
    await writeOrQueue(this.db, [query.compile()]);
  }

  forget(login: string): void {
    this.byLogin.delete(login);
  }
}
