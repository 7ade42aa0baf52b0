/**
 * A real PostgreSQL outage: the server is killed (`pg_ctl stop -m immediate`) while finishes arrive and
 * started again 5 s later. Needs, besides PITWALL_TEST_DATABASE_URL, the command that controls that server:
 * PITWALL_TEST_PG_CTL (`pg_ctl -D <data dir>`, run as the server's owner) and PITWALL_TEST_PG_OPTIONS (the
 * server options it was started with); .ci/run exports both.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { it } from 'node:test';
import { promisify } from 'node:util';
import type { RecordsTables } from '../../apps/records/store.js';
import { JOURNAL_FILE, openWriteJournal } from '../../core/storage/write-journal.js';
import { startTestCore } from '../helpers/core.js';

const pgCtl = process.env.PITWALL_TEST_PG_CTL;
const pgOptions = process.env.PITWALL_TEST_PG_OPTIONS ?? '';
const run = promisify(execFile);
const ctl = (args: string) => run('sh', ['-c', `${pgCtl} ${args}`], { timeout: 60_000 });
const skip = pgCtl ? false : 'needs PITWALL_TEST_PG_CTL (and PITWALL_TEST_PG_OPTIONS) to stop and start the server';

it('PostgreSQL killed while 60 finishes arrive and started 5 s later: every finish is stored with its best time, records stays RUNNING', { skip }, async () => {
  // A budget of one error: a single database fault held against records would switch it off.
  const core = await startTestCore({ apps: ['records'], settings: { APP_ERROR_BUDGET: { count: 1, seconds: 3600 }, COMMAND_RATE_LIMIT: { count: 1000, seconds: 10 } } });
  const database = core.runtime.database;
  const journal = await openWriteJournal(database, { dataDir: core.dataDir, log: core.runtime.logger.child({ label: 'database' }), retryMs: 200 });
  let serverDown = false;
  try {
    const map = core.runtime.server.currentMap!;
    const players = Array.from({ length: 20 }, (_, index) => `racer${String(index + 1).padStart(2, '0')}`);
    for (const login of players) await core.join(login);
    // Three finishes each, interleaved, improving or not: 60 in all.
    const finishes = [0, 1, 2].flatMap((round) => players.map((login, index) => ({ login, time: 60_000 + index * 100 + [500, -300, 200][round]! + round })));
    const best = new Map<string, number>();
    for (const { login, time } of finishes) best.set(login, Math.min(best.get(login) ?? Infinity, time));

    for (const finish of finishes.slice(0, 20)) await core.finish(finish.login, finish.time);
    // Killed while the next 20 arrive, down for the last 20.
    const stopped = ctl('stop -m immediate');
    serverDown = true;
    for (const finish of finishes.slice(20, 40)) await core.finish(finish.login, finish.time);
    await stopped;
    for (const finish of finishes.slice(40)) await core.finish(finish.login, finish.time);
    await core.waitFor(() => core.logs.some((entry) => entry.message.startsWith('database unreachable')), 'the outage noticed');
    // Part of the scenario: the server stays down for 5 s, whatever the controller does meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    await ctl(`start -w -l ${join(process.env.PG_DIR ?? '/tmp', 'server.log')} -o "${pgOptions}"`);
    serverDown = false;
    await core.waitFor(() => core.logs.some((entry) => entry.message.startsWith('database back')), 'the queued finishes replayed', 60_000);

    const file = join(core.dataDir, JOURNAL_FILE);
    const lines = core.logs.filter((entry) => /^database (unreachable|back)/.test(entry.message)).map((entry) => entry.message);
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(lines[0]!, new RegExp(`^database unreachable: 1 write queued in ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(PostgreSQL at 127\\.0\\.0\\.1:\\d+/pitwall_test_[0-9a-f]+: .+\\); replayed in order when it answers$`));
    assert.match(lines[1]!, /^database back: \d+ writes? replayed$/);
    const stored = await database.namespace<RecordsTables>('app_records', 'test').selectFrom('records').select(['login', 'time']).where('map_uid', '=', map.uid).orderBy('login').execute();
    assert.deepEqual(
      stored.map((row) => [row.login, Number(row.time)]),
      players.map((login) => [login, best.get(login)]),
    );
    for (const error of core.errors) assert.equal((error.error as { code?: string }).code, 'PW_ERR_DATABASE_UNAVAILABLE', error.error.message);
    assert.equal(core.state('records'), 'RUNNING');
    assert.equal(journal.queued, 0);
  } finally {
    // A failed run must not leave the server down for the rest of the suite.
    if (serverDown) await ctl(`start -w -l ${join(process.env.PG_DIR ?? '/tmp', 'server.log')} -o "${pgOptions}"`).catch(() => undefined);
    await journal.dispose();
    await core.stop();
  }
});
