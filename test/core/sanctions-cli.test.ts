import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, it } from 'node:test';
import type { AdminTables } from '../../apps/admin/store.js';
import type { Settings } from '../../core/config/schema.js';
import { SANCTIONS_USAGE, sanctionsCli, type SanctionCommand } from '../../core/sanctions-cli.js';
import { openDatabase } from '../../core/storage/database.js';
import { runCli } from '../helpers/cli.js';
import { startTestCore, testSettings, type TestCore } from '../helpers/core.js';

let dataDir: string;
let core: TestCore | undefined;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'pitwall-sanctions-cli-'));
});
afterEach(async () => {
  await core?.stop();
  core = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

/** The settings a shell on this machine would load: the same DATA_DIR, and the running sandbox's port. */
const shellSettings = (): Settings =>
  testSettings({ DATA_DIR: dataDir, DEDICATED: { host: '127.0.0.1', port: core?.sandbox.port ?? 1, user: 'SuperAdmin', password: core?.settings.DEDICATED.password ?? 'x' } });

async function run(command: SanctionCommand, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await sanctionsCli(command, args, shellSettings(), { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

const start = () => startTestCore({ apps: ['admin'], settings: { DATA_DIR: dataDir, ADMINS: ['boss'] } });

async function storeSanction(login: string, kind: AdminTables['sanctions']['kind'], reason: string): Promise<void> {
  const database = await openDatabase('', dataDir);
  try {
    await database.namespace<AdminTables>('app_admin', 'test').insertInto('sanctions').values({ login, kind, reason, by: 'max', at: '2026-11-30T10:00:00.000Z' }).execute();
  } finally {
    await database.close();
  }
}

it('a ban on an ADMINS login found in the database at start is not applied, and a warning names it', async () => {
  core = await start();
  await core.stop();
  await storeSanction('boss', 'ban', 'taken over');
  await storeSanction('boss', 'blacklist', 'taken over');
  await storeSanction('anna', 'ban', 'griefing');
  core = await start();
  assert.deepEqual([...core.sandbox.world.banList.keys()], ['anna']);
  assert.equal(core.sandbox.world.blackList.size, 0);
  const warnings = core.logs.filter((entry) => entry.level === 'warn' && entry.label === 'admin').map((entry) => entry.message);
  assert.deepEqual(warnings, [
    'Not applying the stored ban of boss: ADMINS in the settings makes them a master admin. Fix: lift it with `pitwall bans remove boss`.',
    'Not applying the stored blacklist of boss: ADMINS in the settings makes them a master admin. Fix: lift it with `pitwall blacklist remove boss`.',
  ]);
  await core.join('boss');
  assert.ok(core.runtime.server.players.has('boss'));
});

it('pitwall bans list and remove work on the database, and lift the ban on the running server too', async () => {
  assert.deepEqual(await run('bans', 'list'), { code: 0, out: 'Nobody is banned.\n', err: '' });
  core = await start();
  await core.join('boss');
  await core.join('anna');
  core.sandbox.playerChat('boss', '//ban anna griefing at the start');
  await core.waitForChat('An admin banned anna: griefing at the start');
  const listed = await run('bans', 'list');
  assert.equal(listed.code, 0);
  assert.match(listed.out, /^Banned:\n {2}anna {2}by boss at \d{4}-\d\d-\d\dT[\d:.]+Z: griefing at the start\n$/);
  const port = core.sandbox.port;
  assert.deepEqual(await run('bans', 'remove', 'anna'), {
    code: 0,
    out: `anna is unbanned in the database: Pitwall will not apply it again. The dedicated server at 127.0.0.1:${port} lifted it too.\n`,
    err: '',
  });
  assert.equal(core.sandbox.world.banList.has('anna'), false);
  assert.deepEqual(await run('bans', 'remove', 'anna'), { code: 1, out: '', err: 'anna is not banned in the database; nothing was changed. See: pitwall bans list\n' });
  assert.deepEqual(await run('bans', 'list'), { code: 0, out: 'Nobody is banned.\n', err: '' });
  const database = await openDatabase('', dataDir);
  const actions = await database.namespace<AdminTables>('app_admin', 'test').selectFrom('actions').select(['by', 'action', 'target']).orderBy('at').execute();
  await database.close();
  assert.deepEqual(actions, [
    { by: 'boss', action: 'banned', target: 'anna' },
    { by: 'cli', action: 'unbanned', target: 'anna' },
  ]);
});

it('blacklist, guests and mutes have the same list and remove; a server that does not answer is named', async () => {
  core = await start();
  await core.stop();
  core = undefined;
  await storeSanction('dan', 'blacklist', 'spam bot');
  await storeSanction('eve', 'guest', '');
  await storeSanction('cleo', 'mute', 'shouting');
  assert.deepEqual(await run('blacklist', 'list'), { code: 0, out: 'Blacklisted:\n  dan  by max at 2026-11-30T10:00:00.000Z: spam bot\n', err: '' });
  assert.deepEqual(await run('guests', 'list'), { code: 0, out: 'Guests:\n  eve  by max at 2026-11-30T10:00:00.000Z\n', err: '' });
  assert.deepEqual(await run('mutes', 'list'), { code: 0, out: 'Muted:\n  cleo  by max at 2026-11-30T10:00:00.000Z: shouting\n', err: '' });
  const removed = await run('guests', 'remove', 'eve');
  assert.equal(removed.code, 0);
  assert.match(removed.out, /^eve is removed from the guest list in the database: Pitwall will not apply it again\. The dedicated server at 127\.0\.0\.1:1 could not be reached \(.+\); it keeps its own list until it restarts\.\n$/);
  assert.deepEqual(await run('guests', 'list'), { code: 0, out: 'Nobody is on the guest list.\n', err: '' });
  assert.deepEqual(await run('mutes', 'remove', 'dan'), { code: 1, out: '', err: 'dan is not muted in the database; nothing was changed. See: pitwall mutes list\n' });
});

it('unknown sub-commands and wrong arguments print the usage', async () => {
  assert.deepEqual(await run('bans'), { code: 2, out: '', err: `Unknown bans command ''.\n${SANCTIONS_USAGE}` });
  assert.deepEqual(await run('bans', 'drop', 'anna'), { code: 2, out: '', err: `Unknown bans command 'drop'.\n${SANCTIONS_USAGE}` });
  assert.deepEqual(await run('mutes', 'remove'), { code: 2, out: '', err: `Wrong arguments for 'pitwall mutes remove'.\n${SANCTIONS_USAGE}` });
  assert.deepEqual(await run('guests', 'remove', 'a', 'b'), { code: 2, out: '', err: `Wrong arguments for 'pitwall guests remove'.\n${SANCTIONS_USAGE}` });
  assert.deepEqual(await run('blacklist', 'list', '--all'), { code: 2, out: '', err: `Wrong arguments for 'pitwall blacklist list'.\n${SANCTIONS_USAGE}` });
  assert.deepEqual(await run('bans', 'remove', '--force'), { code: 2, out: '', err: `Wrong arguments for 'pitwall bans remove'.\n${SANCTIONS_USAGE}` });
});

it('the pitwall bin runs the sanctions commands against DATA_DIR\'s database', async () => {
  const list = runCli(['bans', 'list'], { PITWALL_DATA_DIR: dataDir });
  assert.deepEqual(await list.exited, { code: 0, signal: null });
  assert.equal(list.output(), 'Nobody is banned.\n');
  const bad = runCli(['mutes', 'clear'], { PITWALL_DATA_DIR: dataDir });
  assert.deepEqual(await bad.exited, { code: 2, signal: null });
  assert.equal(bad.output(), `Unknown mutes command 'clear'.\n${SANCTIONS_USAGE}`);
});
