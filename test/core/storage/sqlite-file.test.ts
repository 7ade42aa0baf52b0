import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import type { PitwallError } from '../../../core/errors.js';
import { openDatabase, type Database } from '../../../core/storage/database.js';
import { SQLITE_FILE_NAME } from '../../../core/storage/url.js';
import { runCli } from '../../helpers/cli.js';

const folder = () => mkdtempSync(join(tmpdir(), 'pitwall-sqlite-file-'));

/** A database with one table and one row in it; `gone` settles with what the file watch reported. */
async function openNotes(dataDir: string): Promise<{ database: Database; gone: Promise<PitwallError> }> {
  let report!: (error: PitwallError) => void;
  const gone = new Promise<PitwallError>((resolve) => (report = resolve));
  const database = await openDatabase('', dataDir, { onFileGone: (error) => report(error) });
  await database.migrate('notes', 'test', [{ name: '001-notes', up: (db) => db.schema.createTable('notes').addColumn('text', 'text').execute() }]);
  await sql`insert into notes__notes (text) values ('first')`.execute(database.namespace('notes', 'test'));
  return { database, gone };
}

/** Rejects when `promise` has not settled after `ms` (the deadline the behaviour promises). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

const insert = (database: Database) => database.namespace<{ notes: { text: string } }>('notes', 'test').insertInto('notes').values({ text: 'second' }).execute();

describe('the SQLite file is watched while open', () => {
  it('a deleted file is reported within 10 s, naming the file and the fix, and writes to it are refused', async () => {
    const dataDir = folder();
    const file = join(dataDir, SQLITE_FILE_NAME);
    const { database, gone } = await openNotes(dataDir);
    try {
      unlinkSync(file);
      const reported = await within(gone, 10_000, 'the report of the deleted file');
      const expected =
        `The SQLite file ${file} was deleted while Pitwall was running. ` +
        'Writes are refused from now on, so that none goes to the file Pitwall opened, which is no longer there. ' +
        `Fix: stop Pitwall, put the file back (from a backup, or move it back to ${file}), then start Pitwall again.`;
      assert.deepEqual([reported.code, reported.message], ['PW_ERR_DATABASE_FILE_GONE', expected]);
      await assert.rejects(insert(database), { code: 'PW_ERR_DATABASE_FILE_GONE', message: expected });
    } finally {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a file replaced by another one is reported the same way, with a restart as the fix', async () => {
    const dataDir = folder();
    const file = join(dataDir, SQLITE_FILE_NAME);
    const { database, gone } = await openNotes(dataDir);
    try {
      writeFileSync(join(dataDir, 'restored.sqlite'), '');
      renameSync(join(dataDir, 'restored.sqlite'), file);
      const reported = await within(gone, 10_000, 'the report of the replaced file');
      assert.equal(
        reported.message,
        `The SQLite file ${file} was replaced by another file while Pitwall was running. ` +
          'Writes are refused from now on, so that none goes to the file Pitwall opened, which is no longer there. ' +
          `Fix: restart Pitwall to open the file now at ${file} (and stop Pitwall before replacing its database).`,
      );
    } finally {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a write right after the deletion, before the next look at the file, is refused with the same error', async () => {
    const dataDir = folder();
    const { database } = await openNotes(dataDir);
    try {
      unlinkSync(join(dataDir, SQLITE_FILE_NAME));
      await assert.rejects(insert(database), { code: 'PW_ERR_DATABASE_FILE_GONE' });
    } finally {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/**
 * Makes `file` read-only even for root (which ignores permission bits): the immutable attribute. Undefined
 * where the file system has no such attribute (tmpfs), so the test can say why it did not run.
 */
function makeReadOnly(file: string): (() => void) | undefined {
  if (process.getuid?.() !== 0) {
    chmodSync(file, 0o444);
    return () => chmodSync(file, 0o644);
  }
  try {
    execFileSync('chattr', ['+i', file], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return () => execFileSync('chattr', ['-i', file]);
}

describe('pitwall start refuses a SQLite file it cannot use, naming the file and the fix', () => {
  it('a read-only file in a writable folder: PW_ERR_DATABASE_READ_ONLY', async (t) => {
    const dataDir = folder();
    const file = join(dataDir, SQLITE_FILE_NAME);
    const { database } = await openNotes(dataDir);
    await database.close();
    const writable = makeReadOnly(file);
    if (!writable) {
      rmSync(dataDir, { recursive: true, force: true });
      t.skip(`running as root on a file system without the immutable attribute (chattr +i), ${tmpdir()} cannot hold a file root may not write`);
      return;
    }
    try {
      const cli = runCli(['start'], { PITWALL_DATA_DIR: dataDir, PITWALL_DEDICATED__PORT: '0' });
      assert.equal((await cli.exited).code, 1, cli.output());
      assert.ok(
        cli.output().endsWith(
          `PW_ERR_DATABASE_READ_ONLY: The SQLite file ${file} is read-only for the user running Pitwall, and Pitwall writes records and settings to it. ` +
            `Fix: make it writable for that user (chmod u+w '${file}', or chown it to that user), then restart Pitwall.\n`,
        ),
        cli.output(),
      );
    } finally {
      writable();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a file that is not a SQLite database: PW_ERR_DATABASE_NOT_SQLITE', async () => {
    const dataDir = folder();
    const file = join(dataDir, SQLITE_FILE_NAME);
    writeFileSync(file, 'map_uid;login;time\n'.repeat(100));
    try {
      const cli = runCli(['start'], { PITWALL_DATA_DIR: dataDir, PITWALL_DEDICATED__PORT: '0' });
      assert.equal((await cli.exited).code, 1, cli.output());
      assert.ok(
        cli.output().endsWith(
          `PW_ERR_DATABASE_NOT_SQLITE: The file ${file} is not a SQLite database (file is not a database). ` +
            'Fix: put your pitwall.sqlite back there from a backup, or move this file away so that Pitwall starts an empty database, then restart Pitwall.\n',
        ),
        cli.output(),
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
