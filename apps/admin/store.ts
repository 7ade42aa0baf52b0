import { defineDatabase, isConnectionFault, writeOrQueue, type Kysely } from '../../core/index.js';

/** What an admin put on a player, kept so that it is applied again after a controller or server restart. */
export type SanctionKind = 'ban' | 'blacklist' | 'guest' | 'mute';

export interface AdminTables {
  sanctions: { login: string; kind: SanctionKind; reason: string; by: string; at: string };
  /** Every admin action: who did what to whom, and why. */
  actions: { at: string; by: string; action: string; target: string; reason: string };
}

export interface Sanction {
  login: string;
  kind: SanctionKind;
  reason: string;
  by: string;
  at: string;
}

export const adminDatabase = defineDatabase<AdminTables>({
  migrations: [
    {
      name: '001-create-sanctions-and-actions',
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('sanctions')
          .addColumn('login', 'text', (column) => column.notNull())
          .addColumn('kind', 'text', (column) => column.notNull())
          .addColumn('reason', 'text', (column) => column.notNull().defaultTo(''))
          .addColumn('by', 'text', (column) => column.notNull())
          .addColumn('at', 'text', (column) => column.notNull())
          .addPrimaryKeyConstraint('sanctions_pk', ['login', 'kind'])
          .execute();
        await db.schema
          .createTable('actions')
          .addColumn('at', 'text', (column) => column.notNull())
          .addColumn('by', 'text', (column) => column.notNull())
          .addColumn('action', 'text', (column) => column.notNull())
          .addColumn('target', 'text', (column) => column.notNull())
          .addColumn('reason', 'text', (column) => column.notNull().defaultTo(''))
          .execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('actions').execute();
        await db.schema.dropTable('sanctions').execute();
      },
    },
  ],
});

/** Sanctions and the admin action log in the admin app's tables. */
export class AdminStore {
  constructor(private readonly db: Kysely<AdminTables>) {}

  async sanctions(kind?: SanctionKind): Promise<Sanction[]> {
    let query = this.db.selectFrom('sanctions').selectAll().orderBy('at').orderBy('login');
    if (kind) query = query.where('kind', '=', kind);
    return query.execute();
  }

  /**
   * False too while the database is unreachable: the check only spares a repeated sanction, and applying
   * one again changes nothing (the server says it already is, the stored row is replaced by its equal).
   */
  async has(login: string, kind: SanctionKind): Promise<boolean> {
    try {
      const row = await this.db.selectFrom('sanctions').select('login').where('login', '=', login).where('kind', '=', kind).executeTakeFirst();
      return row !== undefined;
    } catch (error) {
      if (isConnectionFault(error)) return false;
      throw error;
    }
  }

  /** Delete + insert in one transaction: run again (a replay after an outage) it leaves the same row. */
  async add(sanction: Sanction): Promise<void> {
    await writeOrQueue(this.db, [
      this.db.deleteFrom('sanctions').where('login', '=', sanction.login).where('kind', '=', sanction.kind),
      this.db.insertInto('sanctions').values(sanction),
    ]);
  }

  /** False when there was nothing to remove; 'queued' when the database is unreachable (removed once it is back). */
  async remove(login: string, kind: SanctionKind): Promise<boolean | 'queued'> {
    // The returned rows say whether one was removed: not every driver reports a delete's row count.
    const removed = await writeOrQueue(this.db, [this.db.deleteFrom('sanctions').where('login', '=', login).where('kind', '=', kind).returning('login')]);
    return removed.queued ? 'queued' : removed.rows.length > 0;
  }

  async log(by: string, action: string, target: string, reason = ''): Promise<void> {
    await writeOrQueue(this.db, [this.db.insertInto('actions').values({ at: new Date().toISOString(), by, action, target, reason })]);
  }

  async actions(): Promise<AdminTables['actions'][]> {
    return this.db.selectFrom('actions').selectAll().orderBy('at').execute();
  }
}
