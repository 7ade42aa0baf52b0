import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { it } from 'node:test';
import { configuredSecrets } from '../../../core/config/schema.js';
import { openTestDatabase, startTestCore, testSettings } from '../../helpers/core.js';

it('openTestDatabase gives an empty database of its own, and close() removes it', async () => {
  const first = await openTestDatabase();
  const second = await openTestDatabase();
  try {
    await first.database.migrate('app_t', 'test', [{ name: '001', up: async (db) => void (await db.schema.createTable('t').addColumn('id', 'integer').execute()) }]);
    assert.deepEqual(await first.database.tables('app_t'), ['pitwall_migrations', 'pitwall_migrations_lock', 't']);
    assert.deepEqual(await second.database.tables('app_t'), []);
  } finally {
    await first.close();
    await second.close();
  }
  const where = first.database.where.replace(/^the SQLite file /, '');
  if (first.database.dialect === 'sqlite') assert.ok(!existsSync(where), `${where} was removed`);
});

it('a bad DATABASE_URL stops the start with PW_ERR_DATABASE_URL', async () => {
  await assert.rejects(startTestCore({ apps: ['records'], settings: { DATABASE_URL: 'mysql://pit:pw@db.example.invalid/pitwall' } }), {
    code: 'PW_ERR_DATABASE_URL',
    message: "DATABASE_URL is not a usable database URL: its scheme 'mysql' is not postgres. Fix: set DATABASE_URL to postgres://user:password@host:5432/database, or to '' for the embedded SQLite file in DATA_DIR.",
  });
});

it('DATABASE_URL and its password on their own are configured secrets, redacted from every report', () => {
  const settings = testSettings({ DATA_DIR: 'var', DATABASE_URL: 'postgres://pitwall:p%40ss-word@db.example.invalid:5432/pitwall' });
  const secrets = configuredSecrets(settings);
  assert.ok(secrets.includes('postgres://pitwall:p%40ss-word@db.example.invalid:5432/pitwall'));
  assert.ok(secrets.includes('p@ss-word'));
});
