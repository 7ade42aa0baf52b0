import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isPitwallError } from '../../../core/errors.js';
import { numberPlaceholders, openSource, redactSourceUrl } from '../../../core/import/connect.js';
import { openSqliteHandle } from '../../../core/storage/sqlite-engine.js';

const FORMS =
  'mysql://user:password@host:3306/database (or mariadb://...), postgres://user:password@host:5432/database, ' +
  'or the path of a SQLite file (sqlite:/path/to/file.db, or a path ending in .db, .sqlite or .sqlite3)';
const ENCODE = 'percent-encode special characters of the user and password (@ as %40, / as %2F, : as %3A, ? as %3F, # as %23)';
const SQLITE_FIX = "give the path of the other controller's SQLite file (MINIcontrol keeps it at userdata/local.sqlite unless its DATABASE says otherwise)";

const dir = mkdtempSync(join(tmpdir(), 'pitwall-connect-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The message openSource(url) fails with, checked to be a PW_ERR_IMPORT_SOURCE that does not hold `secret`. */
async function failure(url: string, secret?: string): Promise<string> {
  const error = await openSource(url).then(
    () => assert.fail(`openSource(${url}) opened`),
    (caught: unknown) => caught,
  );
  assert.ok(isPitwallError(error, 'PW_ERR_IMPORT_SOURCE'), String(error));
  if (secret !== undefined) {
    assert.ok(!error.message.includes(secret), error.message);
    assert.ok(!(error.stack ?? '').includes(secret), error.stack);
    assert.ok(!JSON.stringify(error.details).includes(secret), JSON.stringify(error.details));
  }
  return error.message;
}

/** A loopback port nothing listens on: one the system just handed out and that was closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('an unknown scheme or a bare word names the forms Pitwall reads, the password hidden', async () => {
  assert.equal(await failure('ftp://olga:Tr4ck-Secret@files.example/db', 'Tr4ck-Secret'),
    `Cannot read the import source ftp://olga:***@files.example/db: 'ftp:' is not a kind of database Pitwall can import from. Fix: name the database as ${FORMS}.`);
  assert.equal(await failure('xaseco-records'),
    `Cannot read the import source xaseco-records: it is neither a database URL nor the path of a SQLite file. Fix: name the database as ${FORMS}.`);
});

test('a mysql:// URL without a database, without a user or with a bad port says which part to correct', async () => {
  assert.equal(await failure('mysql://aseco:Tr4ck-Secret@127.0.0.1:3306', 'Tr4ck-Secret'),
    "Cannot read the import source mysql://aseco:***@127.0.0.1:3306: it names no database. Fix: put the name of the other controller's database after the host: mysql://user:password@host:3306/database.");
  assert.equal(await failure('mariadb://:Tr4ck-Secret@127.0.0.1/aseco', 'Tr4ck-Secret'),
    'Cannot read the import source mariadb://:***@127.0.0.1/aseco: it names no user. Fix: put the user the other controller logs in with before the host: mysql://user:password@host:3306/database.');
  assert.equal(await failure('mysql://aseco:Tr4ck-Secret@127.0.0.1:99999/aseco', 'Tr4ck-Secret'),
    `Cannot read the import source mysql://aseco:***@127.0.0.1:99999/aseco: it is not a valid URL. Fix: write it as mysql://user:password@host:3306/database, and ${ENCODE}.`);
  assert.equal(await failure('postgresql://pyplanet:Tr4ck-Secret@db.example', 'Tr4ck-Secret'),
    "Cannot read the import source postgresql://pyplanet:***@db.example: it names no database. Fix: put the name of the other controller's database after the host: postgres://user:password@host:5432/database.");
});

test('a password with an unencoded / ? or @ is hidden whole, not read as the host and database', async () => {
  // Parsed as a URL, "Tr4ck/Sec@ret" would end the host part at the /: "Sec@ret@..." would become the database.
  assert.equal(await failure('mysql://aseco:Tr4ck/Sec@ret@127.0.0.1:3306/aseco', 'Sec'),
    `Cannot read the import source mysql://aseco:***@127.0.0.1:3306/aseco: its user and password part holds a /, ? or # that is not percent-encoded. Fix: ${ENCODE}: mysql://user:password@host:3306/database.`);
  assert.equal(await failure('mysql://aseco:Tr4ck?Secret@127.0.0.1/aseco', 'Secret'),
    `Cannot read the import source mysql://aseco:***@127.0.0.1/aseco: its user and password part holds a /, ? or # that is not percent-encoded. Fix: ${ENCODE}: mysql://user:password@host:3306/database.`);
});

test('a closed loopback port: MySQL and PostgreSQL say the server cannot be reached, the password hidden (also percent-encoded)', async () => {
  const port = await closedPort();
  assert.equal(await failure(`mysql://aseco:Tr4ck%40Secret@127.0.0.1:${port}/aseco`, 'Tr4ck'),
    `Cannot read the import source mysql://aseco:***@127.0.0.1:${port}/aseco: cannot reach the MySQL/MariaDB server at 127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port}). ` +
    'Fix: start the server, or correct the host and port in the URL (MySQL and MariaDB listen on 3306 unless configured otherwise; check bind-address if it runs on another machine).');
  assert.equal(await failure(`postgres://pyplanet:Tr4ck-Secret@127.0.0.1:${port}/pyplanet`, 'Tr4ck-Secret'),
    `Cannot read the import source postgres://pyplanet:***@127.0.0.1:${port}/pyplanet: cannot reach the PostgreSQL server at 127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port}). ` +
    'Fix: start the server, or correct the host and port in the URL (PostgreSQL listens on 5432 unless configured otherwise).');
});

test('a password given as a URL parameter is hidden too', async () => {
  const port = await closedPort();
  assert.match(await failure(`mysql://aseco@127.0.0.1:${port}/aseco?password=Tr4ck-Secret`, 'Tr4ck-Secret'),
    new RegExp(`^Cannot read the import source mysql://aseco@127\\.0\\.0\\.1:${port}/aseco\\?password=\\*\\*\\*: cannot reach`));
});

test('redactSourceUrl hides the password wherever the user part ends, and leaves URLs without one as they are', () => {
  assert.equal(redactSourceUrl('mysql://aseco:Tr4ck-Secret@127.0.0.1:3306/aseco'), 'mysql://aseco:***@127.0.0.1:3306/aseco');
  assert.equal(redactSourceUrl('mysql://aseco:p@ss:w/rd@db.example/aseco'), 'mysql://aseco:***@db.example/aseco');
  assert.equal(redactSourceUrl('mysql://aseco@db.example/aseco'), 'mysql://aseco@db.example/aseco');
  assert.equal(redactSourceUrl('postgres://u:x@h/db?sslmode=require&password=Secret'), 'postgres://u:***@h/db?sslmode=require&password=***');
  assert.equal(redactSourceUrl('/srv/minicontrol/userdata/local.sqlite'), '/srv/minicontrol/userdata/local.sqlite');
});

test('numberPlaceholders numbers each ? for PostgreSQL, except inside quotes and comments', () => {
  assert.equal(numberPlaceholders('SELECT a FROM t WHERE b = ? AND c = ?'), 'SELECT a FROM t WHERE b = $1 AND c = $2');
  assert.equal(numberPlaceholders(`SELECT '?', "q?" FROM t -- why?\nWHERE x = ? AND y = 'it''s ?'`), `SELECT '?', "q?" FROM t -- why?\nWHERE x = $1 AND y = 'it''s ?'`);
});

test('a SQLite source: a missing file, a file that is not SQLite, and a real one opened read-only by path and by sqlite: URL', async () => {
  const missing = join(dir, 'missing.sqlite');
  assert.equal(await failure(missing), `Cannot read the import source ${missing}: there is no file ${missing}. Fix: ${SQLITE_FIX}.`);
  const text = join(dir, 'notes.db');
  writeFileSync(text, 'not a database, just a text file long enough to have a header\n'.repeat(4));
  assert.equal(await failure(`sqlite:${text}`), `Cannot read the import source sqlite:${text}: ${text} is not a SQLite database. Fix: ${SQLITE_FIX}.`);
  assert.equal(await failure(`sqlite:${dir}`), `Cannot read the import source sqlite:${dir}: ${dir} is not a file. Fix: ${SQLITE_FIX}.`);

  const file = join(dir, 'local.sqlite');
  const setup = openSqliteHandle(file);
  setup.exec("CREATE TABLE players (login TEXT PRIMARY KEY, nickname TEXT); INSERT INTO players VALUES ('olga', '$f00Olga'), ('Olga', '$iOlga');");
  setup.close();
  for (const url of [file, `sqlite:${file}`, `sqlite://${file}`]) {
    const db = await openSource(url);
    try {
      assert.equal(db.engine, 'sqlite');
      assert.deepEqual(await db.query('SELECT login, nickname FROM players WHERE login <> ? ORDER BY login', ['nobody']), [
        { login: 'Olga', nickname: '$iOlga' },
        { login: 'olga', nickname: '$f00Olga' },
      ]);
      assert.equal(await db.hasTable('players'), true);
      assert.equal(await db.hasTable('Players'), false);
      assert.equal(await db.hasTable('records'), false);
      await assert.rejects(db.query("DELETE FROM players WHERE login = 'olga'"), /readonly|read-only|query_only/i);
    } finally {
      await db.close();
    }
  }
});
