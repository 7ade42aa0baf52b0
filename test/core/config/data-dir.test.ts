import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { prepareDataDir, type DataDirFs } from '../../../core/config/data-dir.js';
import { isPitwallError } from '../../../core/errors.js';
import { runCli } from '../../helpers/cli.js';
import { startTestCore, testApp } from '../../helpers/core.js';

const temp = (): string => mkdtempSync(join(tmpdir(), 'pitwall-datadir-'));

describe('DATA_DIR problems stop the start with PW_ERR_DATA_DIR_*, naming the path and the fix', () => {
  it('DATA_DIR naming a file', async () => {
    const file = join(temp(), 'data');
    writeFileSync(file, 'not a folder');
    const cli = runCli(['start'], { PITWALL_DATA_DIR: file, PITWALL_DEDICATED__PORT: '0' });
    assert.equal((await cli.exited).code, 1);
    assert.equal(
      cli.output(),
      `PW_ERR_DATA_DIR_NOT_A_FOLDER: DATA_DIR '${file}' (${file}) cannot be a folder: ${file} is a file. ` +
        'Fix: set DATA_DIR (or PITWALL_DATA_DIR) to a folder path, or move that file away; a missing folder is created.\n',
    );
  });

  it('DATA_DIR inside a file', async () => {
    const file = join(temp(), 'data');
    writeFileSync(file, 'not a folder');
    const cli = runCli(['start'], { PITWALL_DATA_DIR: `${file}/var`, PITWALL_DEDICATED__PORT: '0' });
    assert.equal((await cli.exited).code, 1);
    assert.match(cli.output(), new RegExp(`^PW_ERR_DATA_DIR_NOT_A_FOLDER: DATA_DIR '${file}/var' \\(${file}/var\\) cannot be a folder: ${file} is a file\\. `));
  });

  it('DATA_DIR on a read-only mount', () => {
    const readOnly: DataDirFs = {
      mkdirSync: () => undefined,
      writeFileSync: (path) => {
        throw Object.assign(new Error(`EROFS: read-only file system, open '${path}'`), { code: 'EROFS' });
      },
      rmSync: () => undefined,
      statSync: () => ({ isDirectory: () => true }),
    };
    assert.throws(
      () => prepareDataDir('/mnt/ro/pitwall', readOnly),
      (error) =>
        isPitwallError(error, 'PW_ERR_DATA_DIR_UNWRITABLE') &&
        error.message ===
          "DATA_DIR '/mnt/ro/pitwall' (/mnt/ro/pitwall) cannot be written: EROFS (read-only file system). " +
            'Fix: set DATA_DIR (or PITWALL_DATA_DIR) to a writable folder on a writable mount, or give the user running Pitwall write access to it.',
    );
  });

  it('a missing DATA_DIR is created', () => {
    const dir = join(temp(), 'a', 'b');
    prepareDataDir(dir);
    prepareDataDir(dir);
  });
});

it("an app whose data folder is a file fails alone when it asks for it, with PW_ERR_APP_DATA_DIR; the others run", async () => {
  const dataDir = temp();
  mkdirSync(join(dataDir, 'apps'));
  writeFileSync(join(dataDir, 'apps', 'blocked'), 'a file where the folder should be');
  const usesFolder = (id: string) => testApp(id, { init: (ctx) => void ctx.dataDir });
  const core = await startTestCore({ allowFailedApps: true, settings: { DATA_DIR: dataDir }, apps: [usesFolder('first'), usesFolder('blocked'), usesFolder('last')] });
  try {
    assert.deepEqual(
      core.runtime.host.statuses().map(({ id, state }) => `${id}:${state}`),
      ['first:RUNNING', 'blocked:FAILED', 'last:RUNNING'],
    );
    assert.equal(
      core.status('blocked')?.reason,
      `App 'blocked' failed in init(): App 'blocked' cannot use its data folder ${join(dataDir, 'apps', 'blocked')}: EEXIST (a file is in the way). ` +
        'Fix: move or remove what is at that path (Pitwall creates the folder), or make DATA_DIR/apps writable.',
    );
  } finally {
    await core.stop();
  }
});

it('an app gets its data folder when it first reads ctx.dataDir, and an app that never does gets none', async () => {
  const dataDir = temp();
  let seen = '';
  const core = await startTestCore({
    settings: { DATA_DIR: dataDir },
    apps: [testApp('keeper', { start: (ctx) => void (seen = ctx.dataDir) }), testApp('quiet')],
  });
  try {
    assert.equal(seen, join(dataDir, 'apps', 'keeper'));
    assert.equal(statSync(seen).isDirectory(), true);
    assert.equal(existsSync(join(dataDir, 'apps', 'quiet')), false);
  } finally {
    await core.stop();
  }
});
