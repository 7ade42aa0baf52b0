import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StoredAccessControl } from '../../../core/access/access-control.js';
import { ACCESS_NAMESPACE, type AccessTables } from '../../../core/access/migrations.js';
import { openMemoryDatabase } from '../../../core/storage/database.js';
import { openTestDatabase } from '../../helpers/core.js';
import { openPglite } from '../../helpers/pglite.js';

describe('access control', () => {
  it('gives the logins in ADMINS the master level, matched exactly (no case or whitespace folding)', async () => {
    const database = openMemoryDatabase();
    try {
      const access = await StoredAccessControl.open(database, ['boss']);
      assert.equal(access.levelOf('boss'), 'master');
      for (const lookalike of ['Boss', 'BOSS', ' boss', 'boss ', 'boss\t', 'bo ss']) {
        assert.equal(access.levelOf(lookalike), 'player', JSON.stringify(lookalike));
        assert.equal(access.can(lookalike, 'operator'), false, JSON.stringify(lookalike));
      }
      assert.equal(access.can('anyone', 'player'), true);
      assert.equal(access.can('boss', 'master'), true);
    } finally {
      await database.close();
    }
  });

  it('grants up to the granter\'s own level, never above, and never over a higher member', async () => {
    const database = openMemoryDatabase();
    try {
      const access = await StoredAccessControl.open(database, ['boss']);
      assert.deepEqual(await access.grant('boss', 'adam', 'admin'), { changed: true, message: 'adam is now in group admin.' });
      assert.deepEqual(await access.grant('adam', 'olga', 'operator'), { changed: true, message: 'olga is now in group operator.' });
      assert.deepEqual(await access.grant('adam', 'eve', 'admin'), { changed: true, message: 'eve is now in group admin.' });
      assert.deepEqual(await access.grant('adam', 'olga', 'master'), { changed: false, message: 'You cannot grant master: it is above your own level (admin).' });
      assert.deepEqual(await access.grant('olga', 'olga', 'admin'), { changed: false, message: 'You cannot grant admin: it is above your own level (operator).' });
      assert.deepEqual(await access.grant('adam', 'olga', 'operator'), { changed: false, message: 'olga is already in group operator.' });
      assert.deepEqual(await access.grant('boss', 'max', 'master'), { changed: true, message: 'max is now in group master.' });
      assert.deepEqual(await access.grant('adam', 'max', 'operator'), { changed: false, message: 'You cannot change max: their group master is above your own level (admin).' });
      assert.deepEqual(await access.revoke('adam', 'max'), { changed: false, message: 'You cannot change max: their group master is above your own level (admin).' });
      assert.deepEqual(await access.grant('max', 'boss', 'operator'), { changed: false, message: 'boss is a master admin through ADMINS in the settings; change it there.' });
      assert.deepEqual(await access.revoke('max', 'boss'), { changed: false, message: 'boss is a master admin through ADMINS in the settings; change it there.' });
      assert.deepEqual(await access.revoke('adam', 'eve'), { changed: true, message: 'eve is no longer in group admin.' });
      assert.deepEqual(await access.revoke('adam', 'eve'), { changed: false, message: 'eve is in no group.' });
      assert.deepEqual(
        access.members().map((member) => [member.login, member.group, member.source]),
        [
          ['boss', 'master', 'settings'],
          ['max', 'master', 'database'],
          ['adam', 'admin', 'database'],
          ['olga', 'operator', 'database'],
        ],
      );
      assert.equal(access.levelOf('olga'), 'operator');
      assert.equal(access.levelOf('eve'), 'player');
    } finally {
      await database.close();
    }
  });

  it('keeps membership in the database across restarts; taking a login out of ADMINS takes its rights', async () => {
    const { database, close } = await openTestDatabase();
    try {
      const first = await StoredAccessControl.open(database, ['boss']);
      await first.grant('boss', 'olga', 'operator');
      const rows = await database.namespace<AccessTables>(ACCESS_NAMESPACE, 'test').selectFrom('members').select(['login', 'group_name', 'granted_by']).execute();
      assert.deepEqual(rows, [{ login: 'olga', group_name: 'operator', granted_by: 'boss' }]);
      const second = await StoredAccessControl.open(database, []);
      assert.equal(second.levelOf('olga'), 'operator');
      assert.equal(second.levelOf('boss'), 'player');
      assert.equal(second.memberOf('olga')?.grantedBy, 'boss');
    } finally {
      await close();
    }
  });

  it('refuses a group that does not exist', async () => {
    const database = openMemoryDatabase();
    try {
      const access = await StoredAccessControl.open(database, ['boss']);
      await assert.rejects(access.grant('boss', 'anna', 'king' as 'admin'), {
        code: 'PW_ERR_ACCESS_GROUP',
        message: "Cannot put 'anna' in group 'king': the groups are operator, admin and master. Fix: name one of those groups.",
      });
    } finally {
      await database.close();
    }
  });

  it('keeps membership in a schema of its own on PostgreSQL (PGlite)', async () => {
    const database = openPglite();
    try {
      const first = await StoredAccessControl.open(database, ['boss']);
      assert.deepEqual(await first.grant('boss', 'olga', 'admin'), { changed: true, message: 'olga is now in group admin.' });
      assert.deepEqual(await first.grant('boss', 'olga', 'operator'), { changed: true, message: 'olga is now in group operator.' });
      assert.deepEqual(await database.tables(ACCESS_NAMESPACE), ['members', 'pitwall_migrations', 'pitwall_migrations_lock']);
      const second = await StoredAccessControl.open(database, ['boss']);
      assert.equal(second.levelOf('olga'), 'operator');
    } finally {
      await database.close();
    }
  });
});
