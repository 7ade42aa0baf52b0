import { defineApp, defineDatabase, type Kysely } from 'pitwall';

/** The app's tables as queries see them today (after every migration below). */
interface Tables {
  finishes: { login: string; map_uid: string; time: number; driven_at: string };
}

export default defineApp({
  id: 'finishes',
  version: '1.1.0',
  database: defineDatabase<Tables>({
    // Applied in this order at app start, each once per database; a failing one is rolled back and
    // fails this app only. Append new migrations; never edit one that has shipped.
    migrations: [
      {
        name: '001-create-finishes',
        async up(db: Kysely<any>) {
          await db.schema
            .createTable('finishes')
            .addColumn('login', 'text', (column) => column.notNull())
            .addColumn('map_uid', 'text', (column) => column.notNull())
            .addColumn('time', 'integer', (column) => column.notNull())
            .execute();
        },
      },
      {
        name: '002-add-driven-at',
        async up(db: Kysely<any>) {
          await db.schema.alterTable('finishes').addColumn('driven_at', 'text', (column) => column.notNull().defaultTo('')).execute();
          await db.schema.createIndex('finishes_by_map_time').on('finishes').columns(['map_uid', 'time']).execute();
        },
      },
    ],
  }),
  init(ctx) {
    ctx.on('playerFinish', async ({ login, raceTime, isEndRace }) => {
      const map = ctx.server.currentMap;
      if (!isEndRace || !map) return;
      await ctx.db.insertInto('finishes').values({ login, map_uid: map.uid, time: raceTime, driven_at: new Date().toISOString() }).execute();
    });

    // A query typed by Tables: a misspelt column is a compile error, not a runtime one.
    ctx.command('finishes', async (call) => {
      const mine = await ctx.db
        .selectFrom('finishes')
        .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('time').as('best')])
        .where('login', '=', call.login)
        .executeTakeFirstOrThrow();
      await call.reply(Number(mine.count) === 0 ? 'No finish yet.' : `${mine.count} finishes, best ${mine.best} ms`);
    });
  },
});
