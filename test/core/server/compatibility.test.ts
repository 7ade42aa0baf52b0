import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { it } from 'node:test';
import { compatibilityTable, levelWarning, refusedAt } from '../../../core/server/compatibility.js';
import { startTestCore } from '../../helpers/core.js';

it("the README's Compatibility table is the one generated from the methods Pitwall uses", async () => {
  const readme = await readFile(new URL('../../../../README.md', import.meta.url), 'utf8');
  const table = /<!-- compatibility:start -->\n([\s\S]*?)\n<!-- compatibility:end -->/.exec(readme)?.[1];
  assert.equal(table, compatibilityTable());
  assert.match(compatibilityTable(), /\| `BlackList` \| SuperAdmin \| admin \|/);
  assert.match(compatibilityTable(), /\| `NextMap` \| Admin \| admin, maps \|/);
});

// Levels from the published help texts: BlackList and UnBlackList are "Only available to SuperAdmin.".
it('names the methods an Admin login is refused, and none for SuperAdmin', () => {
  assert.deepEqual(refusedAt('Admin').map((method) => method.name), ['BlackList', 'UnBlackList']);
  assert.equal(levelWarning('SuperAdmin'), undefined);
  assert.equal(
    levelWarning('Admin'),
    'Connected as Admin: the server will refuse BlackList (admin), UnBlackList (admin). ' +
      'Fix: set DEDICATED.user to SuperAdmin (and DEDICATED.password to its password) for everything to work.',
  );
});

it('starts cleanly as Admin, logging what it cannot do, and its apps run', async () => {
  const core = await startTestCore({ settings: { DEDICATED: { host: '127.0.0.1', port: 0, user: 'Admin', password: 'admin-password' } }, apps: ['admin', 'maps'] });
  try {
    assert.ok(core.logs.some((entry) => entry.level === 'warn' && entry.message === levelWarning('Admin')));
    assert.deepEqual([core.state('admin'), core.state('maps')], ['RUNNING', 'RUNNING']);
    await core.nextMap();
    assert.deepEqual(core.errors, []);
  } finally {
    await core.stop();
  }
});
