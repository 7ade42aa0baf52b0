import type { Kysely } from 'kysely';
import type { Database, NamedMigration } from '../storage/database.js';
import { writeOrQueue } from '../storage/write-or-queue.js';

/** The namespace of the players' HUD choices: core data, shared by every server on the same database. */
export const HUD_NAMESPACE = 'core_hud';

interface HudTables {
  /** One row per player and widget they hid (the widget's ManiaLink id). */
  hidden: { login: string; widget: string; hidden_at: string };
  /** One row per player and widget whose choice they set: the value they picked. */
  choices: { login: string; widget: string; value: string; chosen_at: string };
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
  {
    name: '002-create-choices',
    async up(db) {
      await db.schema
        .createTable('choices')
        .addColumn('login', 'text', (column) => column.notNull())
        .addColumn('widget', 'text', (column) => column.notNull())
        .addColumn('value', 'text', (column) => column.notNull())
        .addColumn('chosen_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('choices_pk', ['login', 'widget'])
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
  /** The value the player stored for the widget's choice, as stored (the UI checks it against the widget's values). */
  choiceOf(login: string, widget: string): string | undefined;
  choose(login: string, widget: string, value: string): Promise<void>;
  forget(login: string): void;
}

/**
 * Each player's hidden widgets and chosen values, in the database (namespace core_hud) and in memory for the
 * connected ones.
 */
export class StoredHudChoices implements HudChoices {
  private readonly byLogin = new Map<string, Set<string>>();
  private readonly valuesByLogin = new Map<string, Map<string, string>>();

  private constructor(private readonly db: Kysely<HudTables>) {}

  static async open(database: Database): Promise<StoredHudChoices> {
    const owner = 'core hud';
    await database.migrate(HUD_NAMESPACE, owner, migrations);
    return new StoredHudChoices(database.namespace<HudTables>(HUD_NAMESPACE, owner));
  }

  async load(login: string): Promise<void> {
    const [rows, chosen] = await Promise.all([
      this.db.selectFrom('hidden').select('widget').where('login', '=', login).execute(),
      this.db.selectFrom('choices').select(['widget', 'value']).where('login', '=', login).execute(),
    ]);
    this.byLogin.set(login, new Set(rows.map((row) => row.widget)));
    this.valuesByLogin.set(login, new Map(chosen.map((row) => [row.widget, row.value])));
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

  choiceOf(login: string, widget: string): string | undefined {
    return this.valuesByLogin.get(login)?.get(widget);
  }

  async choose(login: string, widget: string, value: string): Promise<void> {
    let values = this.valuesByLogin.get(login);
    if (!values) this.valuesByLogin.set(login, (values = new Map()));
    values.set(widget, value);
    const chosen_at = new Date().toISOString();
    const query = this.db
      .insertInto('choices')
      .values({ login, widget, value, chosen_at })
      .onConflict((conflict) => conflict.columns(['login', 'widget']).doUpdateSet({ value, chosen_at }));
    await writeOrQueue(this.db, [query.compile()]);
  }

  forget(login: string): void {
    this.byLogin.delete(login);
    this.valuesByLogin.delete(login);
  }
}
