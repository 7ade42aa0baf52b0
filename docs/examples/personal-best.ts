import { defineApp, defineDatabase, isConnectionFault, writeOrQueue, type Kysely } from 'pitwall';

interface Tables {
  best: { login: string; time: number };
}

export default defineApp({
  id: 'personal-best',
  version: '1.0.0',
  database: defineDatabase<Tables>({
    migrations: [
      {
        name: '001-create-best',
        async up(db: Kysely<any>) {
          await db.schema.createTable('best').addColumn('login', 'text', (column) => column.primaryKey()).addColumn('time', 'integer', (column) => column.notNull()).execute();
        },
      },
    ],
  }),
  init(ctx) {
    ctx.on('playerFinish', async ({ login, raceTime, isEndRace }) => {
      if (!isEndRace) return;
      // Keeps the better time whenever it runs: now, or replayed after an outage (even twice).
      const written = await writeOrQueue(ctx.db, [
        ctx.db
          .insertInto('best')
          .values({ login, time: raceTime })
          .onConflict((conflict) => conflict.column('login').doUpdateSet((eb) => ({ time: eb.ref('excluded.time') })).where((eb) => eb('best.time', '>', eb.ref('excluded.time')))),
      ]);
      if (written.queued) ctx.logger.info(`The finish of ${login} waits for the database`);
    });

    ctx.command('pb', async (call) => {
      try {
        const mine = await ctx.db.selectFrom('best').select('time').where('login', '=', call.login).executeTakeFirst();
        await call.reply(mine ? `Your best: ${mine.time} ms` : 'No finish yet.');
      } catch (error) {
        // A read cannot be queued: say what is going on instead of staying silent.
        if (!isConnectionFault(error)) throw error;
        await call.reply('The database is unreachable right now; your finishes are kept and stored when it is back.');
      }
    });
  },
});
