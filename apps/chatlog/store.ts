import { defineDatabase, writeOrQueue, type Kysely } from '../../core/index.js';

export interface ChatLogTables {
  /** One row per chat line a player wrote (commands are not kept: they can carry passwords). */
  lines: { at: string; login: string; nick_name: string; text: string; server: string };
}

export type ChatLine = ChatLogTables['lines'];

/** The longest text kept of one line; the game's own chat input is shorter. */
export const MAX_TEXT = 1000;

export const chatLogDatabase = defineDatabase<ChatLogTables>({
  migrations: [
    {
      name: '001-create-lines',
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('lines')
          .addColumn('at', 'text', (column) => column.notNull())
          .addColumn('login', 'text', (column) => column.notNull())
          .addColumn('nick_name', 'text', (column) => column.notNull())
          .addColumn('text', 'text', (column) => column.notNull())
          .addColumn('server', 'text', (column) => column.notNull())
          .execute();
        await db.schema.createIndex('lines_at').on('lines').column('at').execute();
        await db.schema.createIndex('lines_login_at').on('lines').columns(['login', 'at']).execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('lines').execute();
      },
    },
  ],
});

/** The chat log's table: lines appended as they are written, read newest first, pruned by age and count. */
export class ChatLogStore {
  constructor(private readonly db: Kysely<ChatLogTables>) {}

  async add(line: ChatLine): Promise<void> {
    await writeOrQueue(this.db, [this.db.insertInto('lines').values({ ...line, text: line.text.slice(0, MAX_TEXT) })]);
  }

  /** The newest `limit` lines of this server (of one login when given), newest first. */
  async recent(server: string, limit: number, login?: string): Promise<ChatLine[]> {
    let query = this.db.selectFrom('lines').selectAll().where('server', '=', server);
    if (login !== undefined) query = query.where('login', '=', login);
    return query.orderBy('at', 'desc').limit(limit).execute();
  }

  /**
   * Drops lines older than `retentionDays` and, past `maxLines` (over every server sharing the database), the
   * oldest ones. Returns how many lines went.
   */
  async prune(now: Date, retentionDays: number, maxLines: number): Promise<number> {
    const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
    const old = await this.db.deleteFrom('lines').where('at', '<', cutoff).returning('at').execute();
    // The `at` of the newest line past the bound: that line and every older one go.
    const boundary = await this.db.selectFrom('lines').select('at').orderBy('at', 'desc').offset(maxLines).limit(1).executeTakeFirst();
    if (!boundary) return old.length;
    const over = await this.db.deleteFrom('lines').where('at', '<=', boundary.at).returning('at').execute();
    return old.length + over.length;
  }
}
