import assert from 'node:assert/strict';
import { join } from 'node:path';
import { it } from 'node:test';
import { parseDatabaseUrl } from '../../../core/storage/url.js';

const fix = "Fix: set DATABASE_URL to postgres://user:password@host:5432/database, or to '' for the embedded SQLite file in DATA_DIR.";

it("an empty DATABASE_URL means the SQLite file DATA_DIR/pitwall.sqlite", () => {
  assert.deepEqual(parseDatabaseUrl('', 'var'), { dialect: 'sqlite', file: join('var', 'pitwall.sqlite'), where: `the SQLite file ${join('var', 'pitwall.sqlite')}` });
});

it('a postgres URL names host, port, database and user; where never holds the password', () => {
  const target = parseDatabaseUrl('postgres://pit%40wall:s3cr%2Ft@db.example.invalid:6543/records', 'var');
  assert.equal(target.dialect, 'postgres');
  assert.deepEqual({ ...target, url: undefined }, {
    dialect: 'postgres', host: 'db.example.invalid', port: 6543, database: 'records', user: 'pit@wall', password: 's3cr/t', url: undefined,
    where: 'PostgreSQL at db.example.invalid:6543/records',
  });
  assert.equal(parseDatabaseUrl('postgresql://u@h/d', 'var').where, 'PostgreSQL at h:5432/d');
});

it('a bad DATABASE_URL stops with PW_ERR_DATABASE_URL saying what is wrong and the fix', () => {
  const cases: [string, string][] = [
    ['not a url', 'it is not a URL'],
    ['mysql://u:p@h/d', "its scheme 'mysql' is not postgres"],
    ['postgres://u:p@h:5432/', 'it names no database after the host (h)'],
    ['postgres://h:5432/d', 'it names no user for h'],
  ];
  for (const [url, reason] of cases) {
    assert.throws(() => parseDatabaseUrl(url, 'var'), { code: 'PW_ERR_DATABASE_URL', message: `DATABASE_URL is not a usable database URL: ${reason}. ${fix}` });
  }
});
