import { defineDatabase, writeOrQueue, type Kysely } from '../../core/index.js';

export interface StatsTables {
  /** One row per player and server: time played, finishes, first and last seen. */
  players: { server: string; login: string; nick_name: string; play_ms: number; finishes: number; first_seen: string; last_seen: string };
  /** The maps each player was on the server for, one row per player, server and map. */
  maps_played: { server: string; login: string; map_uid: string };
}

export type PlayerStats = StatsTables['players'] & { maps: number };

export const statsDatabase = defineDatabase<StatsTables>({
  migrations: [
    {
      name: '001-create-players-and-maps-played',
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('players')
          .addColumn('server', 'text', (column) => column.notNull())
          .addColumn('login', 'text', (column) => column.notNull())
          .addColumn('nick_name', 'text', (column) => column.notNull())
          .addColumn('play_ms', 'bigint', (column) => column.notNull().defaultTo(0))
          .addColumn('finishes', 'integer', (column) => column.notNull().defaultTo(0))
          .addColumn('first_seen', 'text', (column) => column.notNull())
          .addColumn('last_seen', 'text', (column) => column.notNull())
          .addPrimaryKeyConstraint('players_pk', ['server', 'login'])
          .execute();
        await db.schema.createIndex('players_play_ms').on('players').columns(['server', 'play_ms']).execute();
        await db.schema.createIndex('players_finishes').on('players').columns(['server', 'finishes']).execute();
        await db.schema
          .createTable('maps_played')
          .addColumn('server', 'text', (column) => column.notNull())
          .addColumn('login', 'text', (column) => column.notNull())
          .addColumn('map_uid', 'text', (column) => column.notNull())
          .addPrimaryKeyConstraint('maps_played_pk', ['server', 'login', 'map_uid'])
          .execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('maps_played').execute();
        await db.schema.dropTable('players').execute();
      },
    },
  ],
});

/** The stats app's tables for one server (servers sharing a database keep their own rows). */
export class StatsStore {
  constructor(
    private readonly db: Kysely<StatsTables>,
    private readonly server: string,
  ) {}

  /** A player was seen: their row exists, with this nickname and time as the last seen. */
  async seen(login: string, nickName: string, at: string): Promise<void> {
    await writeOrQueue(this.db, [
      this.db
        .insertInto('players')
        .values({ server: this.server, login, nick_name: nickName, play_ms: 0, finishes: 0, first_seen: at, last_seen: at })
        .onConflict((conflict) => conflict.columns(['server', 'login']).doUpdateSet({ nick_name: nickName, last_seen: at })),
    ]);
  }

  /** Adds play time and finishes to a player's row (made by seen()). */
  async add(login: string, playMs: number, finishes: number, at: string): Promise<void> {
    await writeOrQueue(this.db, [
      this.db
        .updateTable('players')
        .set((eb) => ({ play_ms: eb('players.play_ms', '+', Math.round(playMs)), finishes: eb('players.finishes', '+', finishes), last_seen: at }))
        .where('server', '=', this.server)
        .where('login', '=', login),
    ]);
  }

  async played(login: string, mapUid: string): Promise<void> {
    await writeOrQueue(this.db, [this.db.insertInto('maps_played').values({ server: this.server, login, map_uid: mapUid }).onConflict((conflict) => conflict.doNothing())]);
  }

  async of(login: string): Promise<PlayerStats | undefined> {
    const row = await this.db.selectFrom('players').selectAll().where('server', '=', this.server).where('login', '=', login).executeTakeFirst();
    if (!row) return undefined;
    const maps = await this.db.selectFrom('maps_played').select((eb) => eb.fn.countAll<number>().as('n')).where('server', '=', this.server).where('login', '=', login).executeTakeFirstOrThrow();
    return { ...row, play_ms: Number(row.play_ms), finishes: Number(row.finishes), maps: Number(maps.n) };
  }

  /** The players with the most of `column`, most first (ties by login). */
  async top(column: 'play_ms' | 'finishes', count: number): Promise<StatsTables['players'][]> {
    const rows = await this.db.selectFrom('players').selectAll().where('server', '=', this.server).where(column, '>', 0).orderBy(column, 'desc').orderBy('login').limit(count).execute();
    return rows.map((row) => ({ ...row, play_ms: Number(row.play_ms), finishes: Number(row.finishes) }));
  }
}
