import assert from 'node:assert/strict';
import { after, afterEach, before, it } from 'node:test';
import { SandboxWorld } from '../../core/sandbox/world.js';
import { startTestCore, type TestCore } from '../helpers/core.js';

/** The uids of the sandbox's maps, in play order. */
const MAP_UIDS = new SandboxWorld().maps.map((map) => map.UId);
import { startFakeNadeo, type FakeNadeo } from '../helpers/fake-nadeo.js';
import { readUntil } from '../helpers/read-until.js';

const ACCOUNT = { login: 'my-server-account', password: 'Dedi-Pass-93x' };
let nadeo: FakeNadeo;
let core: TestCore | undefined;
before(async () => (nadeo = await startFakeNadeo(ACCOUNT)));
after(() => nadeo.close());
afterEach(async () => {
  await core?.stop();
  core = undefined;
  nadeo.requests.length = 0;
  nadeo.refuseNames = false;
  nadeo.slow = false;
});

async function start(appSettings: Record<string, unknown> = {}, apps = ['worldrecords']): Promise<TestCore> {
  core = await startTestCore({
    apps,
    settings: { APP_SETTINGS: { worldrecords: { ...ACCOUNT, coreUrl: nadeo.url, liveUrl: nadeo.url, userAgent: 'Pitwall-test (owner@example.com)', timeoutMs: 3000, ...appSettings } } },
  });
  await core.join('anna', 'Anna');
  return core;
}

async function reply(login: string, text: string): Promise<string> {
  const before = core!.chatLog.length;
  await core!.chat(login, text);
  await core!.waitFor(() => core!.chatLog.slice(before).some((line) => line.to?.includes(login)), `the answer to ${text}`, 8000);
  return core!.chatLog.slice(before).find((line) => line.to?.includes(login))!.text;
}

const uid = () => core!.runtime.server.currentMap!.uid;

it('off when no account is set: not a single request, and /wr says how to turn it on', async () => {
  await start({ login: '', password: '' });
  assert.equal(await reply('anna', '/wr'), 'World records are off: the owner sets APP_SETTINGS.worldrecords.login and password (the <masterserver_account> of dedicated_cfg.txt).');
  await core!.nextMap();
  assert.equal(nadeo.requests.length, 0);
});

it("reads the map's world top with the server account at map start, names the holders, and tells a player's world position", async () => {
  nadeo.tops.set(MAP_UIDS[0]!, [
    { accountId: 'aaaaaaaa-1111-4111-8111-111111111111', score: 23_001, zoneName: 'France' },
    { accountId: 'bbbbbbbb-2222-4222-8222-222222222222', score: 23_456, zoneName: 'Germany' },
  ]);
  nadeo.names.set('aaaaaaaa-1111-4111-8111-111111111111', 'WirtualFan');
  nadeo.names.set('bbbbbbbb-2222-4222-8222-222222222222', 'Speedy');
  await start({}, ['worldrecords', 'records']);
  await core!.waitFor(() => core!.logs.some((entry) => entry.message === `world records: 2 loaded for ${uid()}`), 'the records loaded at start');
  await core!.finish('anna', 24_000);
  // The records app stores the finish on its own: wait for it, so /wr finds anna's best.
  const records = core!.runtime.database.namespace('app_records', "app 'records'") as import('../../core/index.js').Kysely<any>;
  await readUntil(() => records.selectFrom('records').select('login').executeTakeFirst(), (value) => value !== undefined, "anna's record");
  assert.equal(await reply('anna', '/wr'), 'World records on Sandbox Sprint: 1. WirtualFan 0:23.001 | 2. Speedy 0:23.456. Your best here, 0:24.000, is world #3.');
  await core!.waitFor(() => core!.ui.page('anna', 'pitwall.worldrecords.wr') !== undefined, 'the window');
  const window = core!.ui.page('anna', 'pitwall.worldrecords.wr')!;
  assert.deepEqual(window.texts.slice(window.texts.indexOf('Zone') + 1, window.texts.indexOf('Zone') + 9), ['1.', 'WirtualFan', '0:23.001', 'France', '2.', 'Speedy', '0:23.456', 'Germany']);

  // Documented shapes: Basic auth with the server account for the live audience, nadeo_v1 tokens, onlyWorld=true.
  const [login] = nadeo.requests;
  assert.equal(login!.path, '/v2/authentication/token/basic');
  assert.equal(login!.authorization, `Basic ${Buffer.from(`${ACCOUNT.login}:${ACCOUNT.password}`).toString('base64')}`);
  assert.deepEqual(JSON.parse(login!.body), { audience: 'NadeoLiveServices' });
  assert.ok(nadeo.requests.some((request) => request.path === `/api/token/leaderboard/group/Personal_Best/map/${uid()}/top?length=10&onlyWorld=true&offset=0` && request.authorization.startsWith('nadeo_v1 t=')));
  assert.ok(nadeo.requests.every((request) => request.userAgent === 'Pitwall-test (owner@example.com)'));
  const tops = nadeo.requests.filter((request) => request.path.includes('/top?')).length;
  await reply('anna', '/wr');
  assert.equal(nadeo.requests.filter((request) => request.path.includes('/top?')).length, tops, 'the top is cached per map');
  // The password and the tokens are in no log line.
  for (const entry of core!.logs) assert.equal(entry.message.includes(ACCOUNT.password) || entry.message.includes('nadeo_v1'), false, entry.message);
});

it('refreshes an access token Nadeo no longer takes, and logs in again when the refresh fails too', async () => {
  nadeo.tops.set(MAP_UIDS[1]!, [{ accountId: 'cccccccc-3333-4333-8333-333333333333', score: 40_000, zoneName: 'Spain' }]);
  nadeo.refuseNames = true;
  await start();
  await core!.waitFor(() => core!.logs.some((entry) => entry.message.startsWith('world records: ')), 'the first load');
  nadeo.expireNextAccess = true;
  await core!.nextMap();
  await core!.waitFor(() => core!.logs.some((entry) => entry.message === `world records: 1 loaded for ${uid()}`), 'the records after a refresh');
  assert.ok(nadeo.requests.some((request) => request.path === '/v2/authentication/token/refresh'), 'the refresh token was used');
  assert.equal(await reply('anna', '/wr'), 'World records on Sandbox Loops: 1. player cccccccc 0:40.000.', 'names Nadeo refuses show the start of the account id');
  assert.ok(core!.logs.some((entry) => entry.message === 'world record names: Nadeo refused the dedicated server account for player names (401). Records show the start of the account id instead.'));

  const logins = nadeo.requests.filter((request) => request.path === '/v2/authentication/token/basic').length;
  nadeo.expireNextAccess = true;
  nadeo.refuseRefresh = true;
  await core!.nextMap();
  await core!.waitFor(() => core!.logs.filter((entry) => entry.message.startsWith('world records: 0 loaded')).length > 0, 'the records of the third map');
  assert.equal(nadeo.requests.filter((request) => request.path === '/v2/authentication/token/basic').length, logins + 1, 'a refused refresh token means a new login');
  nadeo.refuseRefresh = false;
});

it('a wrong account, a 429 and a slow answer each say what happened, and nothing fails', async () => {
  await start({ password: 'wrong' });
  await core!.waitFor(() => core!.logs.some((entry) => entry.level === 'warn' && entry.message.startsWith('world records: ')), 'the refusal');
  assert.equal(
    await reply('anna', '/wr'),
    "Nadeo refused the dedicated server account 'my-server-account' (401): check its login and password (the <masterserver_account> of dedicated_cfg.txt).",
  );
  await core!.stop();

  await start();
  await core!.waitFor(() => core!.logs.some((entry) => entry.message.startsWith('world records: ')), 'the first load');
  nadeo.rateLimitNext = 90;
  await core!.nextMap();
  await core!.waitFor(() => core!.logs.some((entry) => entry.message === 'world records: Nadeo is limiting requests: world records come again in 90 s.'), 'the 429');
  const requests = nadeo.requests.length;
  assert.equal(await reply('anna', '/wr'), 'Nadeo is limiting requests: world records come again in 90 s.');
  assert.equal(nadeo.requests.length, requests, 'nothing asked while paused');
  await core!.stop();

  nadeo.slow = true;
  await start();
  await core!.waitFor(() => core!.logs.some((entry) => entry.message === 'world records: Nadeo did not answer within 3000 ms; world records come at the next map.'), 'the timeout', 10_000);
  assert.equal(core!.state('worldrecords'), 'RUNNING');
});
