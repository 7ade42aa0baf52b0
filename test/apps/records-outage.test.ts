import assert from 'node:assert/strict';
import { join } from 'node:path';
import { it } from 'node:test';
import type { AdminTables } from '../../apps/admin/store.js';
import type { RecordsTables } from '../../apps/records/store.js';
import { JOURNAL_FILE, openWriteJournal } from '../../core/storage/write-journal.js';
import { CuttablePglite } from '../helpers/cuttable-pglite.js';
import { startTestCore } from '../helpers/core.js';

it('finishes and sanctions made while PostgreSQL is unreachable are stored once it is back; reads say so; no app is switched off', async () => {
  const server = new CuttablePglite();
  const database = server.open();
  // A budget of one error: a single database fault held against an app would switch it off.
  const core = await startTestCore({ apps: ['records', 'admin'], database, settings: { ADMINS: ['boss'], APP_ERROR_BUDGET: { count: 1, seconds: 3600 } } });
  const journal = await openWriteJournal(database, { dataDir: core.dataDir, log: core.runtime.logger.child({ label: 'database' }), retryMs: 20 });
  try {
    const map = core.runtime.server.currentMap!;
    await core.join('anna', 'Anna');
    await core.join('ben', 'Ben');
    await core.join('boss', 'Boss');
    await core.finish('anna', 42_000);
    await core.waitForChat('Anna drove record #1 on Sandbox Sprint: 0:42.000');

    server.cut();
    for (const [login, time] of [['anna', 41_000], ['ben', 45_000], ['anna', 43_000], ['ben', 44_000]] as const) await core.finish(login, time);
    await core.waitFor(() => journal.queued === 4, 'the four finishes queued');
    await core.chat('ben', '/records');
    await core.waitForChat('The records cannot be read now: the database is unreachable. Your finishes are kept and stored as soon as it is back.');
    await core.chat('boss', '/ban cheater wallhack');
    await core.waitForChat('An admin banned cheater: wallhack');
    await core.waitFor(() => journal.queued === 6, 'the ban and its log line queued');
    // A command of any app that fails on the database answers its caller.
    await core.chat('boss', '/bans');
    await core.waitForChat('The database is unreachable right now, so /bans cannot answer; try again in a moment.');
    // Reads that fail reach the fault boundary as errors of the app, outside its budget.
    await core.nextMap();
    await core.nextMap();
    await core.waitFor(() => core.errors.filter((error) => error.app === 'records').length >= 2, 'the failed reads at the map changes');
    assert.deepEqual([...new Set(core.errors.map((error) => `${error.app} ${(error.error as { code?: string }).code}`))].sort(), [
      'admin PW_ERR_DATABASE_UNAVAILABLE',
      'records PW_ERR_DATABASE_UNAVAILABLE',
    ]);
    const file = join(core.dataDir, JOURNAL_FILE);
    const unreachable = core.logs.filter((entry) => entry.message.startsWith('database unreachable'));
    assert.deepEqual(
      unreachable.map((entry) => [entry.level, entry.message]),
      [['warn', `database unreachable: 1 write queued in ${file} (PostgreSQL at 127.0.0.1:5432/pitwall: connect ECONNREFUSED 127.0.0.1:5432); replayed in order when it answers`]],
    );

    server.restore();
    await core.waitFor(() => core.logs.some((entry) => entry.message.startsWith('database back')), 'the database back');
    assert.deepEqual(
      core.logs.filter((entry) => entry.message.startsWith('database back')).map((entry) => [entry.level, entry.message]),
      [['info', 'database back: 6 writes replayed']],
    );
    const records = database.namespace<RecordsTables>('app_records', 'test');
    assert.deepEqual(await records.selectFrom('records').select(['login', 'time']).where('map_uid', '=', map.uid).orderBy('time').execute(), [
      { login: 'anna', time: 41_000 },
      { login: 'ben', time: 44_000 },
    ]);
    const admin = database.namespace<AdminTables>('app_admin', 'test');
    assert.deepEqual(await admin.selectFrom('sanctions').select(['login', 'kind', 'reason', 'by']).execute(), [{ login: 'cheater', kind: 'ban', reason: 'wallhack', by: 'boss' }]);
    assert.deepEqual(await admin.selectFrom('actions').select(['by', 'action', 'target', 'reason']).execute(), [{ by: 'boss', action: 'banned', target: 'cheater', reason: 'wallhack' }]);
    assert.equal(core.state('records'), 'RUNNING');
    assert.equal(core.state('admin'), 'RUNNING');
  } finally {
    await core.stop();
    await journal.dispose();
    await database.close();
    await server.close();
  }
});
