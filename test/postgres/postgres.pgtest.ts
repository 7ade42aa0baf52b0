/**
 * The PostgreSQL suite against a real server: `PITWALL_TEST_DATABASE_URL=postgres://... npm run test:postgres`
 * (.ci/run starts one on loopback). The URL's user must be allowed to create databases: every test works in
 * a fresh one.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import pg from 'pg';
import { defineApp, defineDatabase, sql, type Kysely } from '../../core/index.js';
import { openDatabase, type NamedMigration } from '../../core/storage/database.js';
import { createScratchDatabase, type ScratchDatabase } from '../../core/storage/scratch.js';
import { parseDatabaseUrl } from '../../core/storage/url.js';
import { startTestCore, type TestCore } from '../helpers/core.js';

const serverUrl = process.env.PITWALL_TEST_DATABASE_URL;
if (!serverUrl) throw new Error('The PostgreSQL suite needs PITWALL_TEST_DATABASE_URL=postgres://user:password@127.0.0.1:port/database');
const server = parseDatabaseUrl(serverUrl, '.') as Extract<ReturnType<typeof parseDatabaseUrl>, { dialect: 'postgres' }>;

let scratch: ScratchDatabase;
before(async () => {
  scratch = await createScratchDatabase(serverUrl);
});
after(async () => {
  await scratch.drop();
});

it('wrong credentials stop the open with PW_ERR_DATABASE_AUTH naming user, host and database, never the password', async () => {
  const url = new URL(scratch.url);
  url.password = 'wrong-password-never-shown';
  const error = await openDatabase(url.toString(), '.').then(() => assert.fail('opened'), (thrown: Error) => thrown);
  const database = url.pathname.slice(1);
  assert.equal(
    error.message,
    `The PostgreSQL server at ${server.host}:${server.port} refused user '${server.user}' for database '${database}': password authentication failed for user "${server.user}". ` +
      `Fix: put the right user and password in DATABASE_URL, or create them on the server (CREATE ROLE "${server.user}" LOGIN PASSWORD '...'; GRANT ALL ON DATABASE "${database}" TO "${server.user}").`,
  );
  assert.equal((error as { code?: string }).code, 'PW_ERR_DATABASE_AUTH');
});

it('a database that does not exist stops the open with PW_ERR_DATABASE_OPEN and the fix', async () => {
  const url = new URL(scratch.url);
  url.pathname = '/no_such_database';
  await assert.rejects(openDatabase(url.toString(), '.'), {
    code: 'PW_ERR_DATABASE_OPEN',
    message:
      `Cannot open the database (PostgreSQL at ${server.host}:${server.port}/no_such_database): database "no_such_database" does not exist; ` +
      `create it (CREATE DATABASE "no_such_database" OWNER "${server.user}") or name an existing one in DATABASE_URL. ` +
      'Fix: check DATABASE_URL and DATA_DIR (the folder must be writable), then restart Pitwall.',
  });
});

it('migrations started by two controllers at once run once (advisory lock)', async () => {
  const [first, second] = [await openDatabase(scratch.url, '.'), await openDatabase(scratch.url, '.')];
  try {
    const migrations: NamedMigration[] = [
      {
        name: '001-slow',
        async up(db) {
          await db.schema.createTable('runs').addColumn('at', 'text').execute();
          // Long enough that the other controller is certainly waiting for the lock meanwhile.
          await sql`select pg_sleep(0.5)`.execute(db);
          await db.insertInto('runs').values({ at: new Date().toISOString() }).execute();
        },
      },
    ];
    const results = await Promise.all([first.migrate('app_race', "app 'race'", migrations), second.migrate('app_race', "app 'race'", migrations)]);
    assert.deepEqual(results.map((applied) => applied.length).sort(), [0, 1]);
    const runs = await first.namespace<{ runs: { at: string } }>('app_race', 'test').selectFrom('runs').selectAll().execute();
    assert.equal(runs.length, 1);
  } finally {
    await first.close();
    await second.close();
  }
});

it('two controllers with their own connections to one database share records', async () => {
  const cores: TestCore[] = [];
  try {
    const serverA = await startTestCore({ apps: ['records'], settings: { DATABASE_URL: scratch.url } });
    cores.push(serverA);
    const serverB = await startTestCore({ apps: ['records'], settings: { DATABASE_URL: scratch.url } });
    cores.push(serverB);
    await serverA.join('anna', 'Anna');
    await serverA.finish('anna', 42_000);
    await serverA.waitForChat('Anna drove record #1 on Sandbox Sprint: 0:42.000');
    await serverB.join('ben', 'Ben');
    await serverB.chat('ben', '/records');
    await serverB.waitForChat('Records on Sandbox Sprint: 1. Anna 0:42.000');
  } finally {
    for (const core of cores) await core.stop();
  }
});

it('a connection dropped while running fails the query with an error naming the app; the pool reconnects and nothing crashes', async () => {
  interface Tables {
    pings: { n: number };
  }
  const app = defineApp({
    id: 'pinger',
    version: '1.0.0',
    database: defineDatabase<Tables>({ migrations: [{ name: '001', up: async (db: Kysely<any>) => void (await db.schema.createTable('pings').addColumn('n', 'integer').execute()) }] }),
    init(ctx) {
      ctx.command('slow', async (call) => {
        await sql`select pg_sleep(30)`.execute(ctx.db);
        await call.reply('slept');
      });
      ctx.command('ping', async (call) => {
        await ctx.db.insertInto('pings').values({ n: 1 }).execute();
        const rows = await ctx.db.selectFrom('pings').selectAll().execute();
        await call.reply(`pings: ${rows.length}`);
      });
    },
  });
  const core = await startTestCore({ apps: [app] });
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await core.join('anna');
    await core.chat('anna', '/ping');
    await core.waitForChat('pings: 1');
    const database = core.settings.DATABASE_URL.replace(/^.*\//, '');
    await core.chat('anna', '/slow');
    let terminated = 0;
    for (let attempt = 0; attempt < 200 && terminated === 0; attempt += 1) {
      const { rowCount } = await admin.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and query like '%pg_sleep(30)%' and pid <> pg_backend_pid()",
        [database],
      );
      terminated = rowCount ?? 0;
      if (terminated === 0) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.equal(terminated, 1, 'the slow query was running and was terminated');
    await core.waitFor(() => core.errors.length > 0, 'the failed query');
    const [failure] = core.errors;
    assert.equal(failure!.app, 'pinger');
    assert.equal((failure!.error as { code?: string }).code, 'PW_ERR_DATABASE_UNAVAILABLE');
    assert.equal(
      failure!.error.message,
      `A database query by app 'pinger' could not complete: the connection to PostgreSQL at ${server.host}:${server.port}/${database} failed (terminating connection due to administrator command). ` +
        'Pitwall opens a new connection for the next query. Fix: check that the database server is running and reachable.',
    );
    assert.ok(!failure!.error.message.includes(server.password));
    // Every connection of the pool is dropped now; the next query gets a new one.
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
    // An idle connection hears of its end asynchronously, so the first query after the drop may still be
    // handed one and fail with the same clear error; a later one runs on a new connection.
    const failuresBefore = core.errors.length;
    let answered = false;
    for (let attempt = 0; attempt < 3 && !answered; attempt += 1) {
      const errorsNow = core.errors.length;
      await core.chat('anna', '/ping');
      await core.waitFor(() => core.chatLog.some((chat) => chat.text === 'pings: 2') || core.errors.length > errorsNow, 'an answer or a failure');
      answered = core.chatLog.some((chat) => chat.text === 'pings: 2');
    }
    assert.ok(answered, 'a query after the drop runs on a new connection');
    for (const later of core.errors.slice(failuresBefore)) {
      assert.equal((later.error as { code?: string }).code, 'PW_ERR_DATABASE_UNAVAILABLE');
      assert.equal(later.app, 'pinger');
    }
    assert.equal(core.state('pinger'), 'RUNNING');
  } finally {
    await admin.end();
    await core.stop();
  }
});

it('the records app runs its migration and keeps records in its own schema', async () => {
  const core = await startTestCore({ apps: ['records'] });
  try {
    await core.join('anna', 'Anna');
    await core.finish('anna', 50_000);
    await core.waitForChat('Anna drove record #1 on Sandbox Sprint: 0:50.000');
    assert.deepEqual(await core.runtime.database.tables('app_records'), ['pitwall_migrations', 'pitwall_migrations_lock', 'records']);
  } finally {
    await core.stop();
  }
});

