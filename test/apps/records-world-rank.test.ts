import assert from 'node:assert/strict';
import { after, afterEach, before, it } from 'node:test';
import { accountIdOfLogin } from '../../apps/worldrecords/index.js';
import { accountId } from '../../core/sandbox/waypoint.js';
import { SandboxWorld } from '../../core/sandbox/world.js';
import { startFakeNadeo, type FakeNadeo } from '../helpers/fake-nadeo.js';
import { startTestCore, type TestCore } from '../helpers/core.js';

const FIRST_MAP = new SandboxWorld().maps[0]!.UId;
const ACCOUNT = { login: 'my-server-account', password: 'Dedi-Pass-93x' };
let nadeo: FakeNadeo;
let core: TestCore | undefined;
before(async () => (nadeo = await startFakeNadeo(ACCOUNT)));
after(() => nadeo.close());
afterEach(async () => {
  await core?.stop();
  core = undefined;
  nadeo.tops.clear();
  nadeo.requests.length = 0;
});

async function start(apps: string[], worldrecords: Record<string, unknown> = {}): Promise<TestCore> {
  core = await startTestCore({
    apps,
    settings: {
      ADMINS: ['boss'],
      APP_SETTINGS: { worldrecords: { ...ACCOUNT, coreUrl: nadeo.url, liveUrl: nadeo.url, userAgent: 'Pitwall-test (owner@example.com)', timeoutMs: 3000, top: 5, ...worldrecords } },
    },
  });
  return core;
}

/** The chat line `login` gets back for `text`. */
async function reply(login: string, text: string): Promise<string> {
  const from = core!.chatLog.length;
  await core!.chat(login, text);
  await core!.waitFor(() => core!.chatLog.slice(from).some((line) => line.to?.includes(login)), `the answer to ${text}`, 8000);
  return core!.chatLog.slice(from).find((line) => line.to?.includes(login))!.text;
}

/** anna (2nd here) and ben (1st) with times; anna's account holds world #2, ben's is not in the world top. */
async function twoFinishes(core: TestCore): Promise<void> {
  await core.join('anna', 'Anna');
  await core.join('ben', 'Ben');
  await core.join('zoe', 'Zoé', { language: 'fr' });
  await core.finish('ben', 20_000);
  await core.finish('anna', 21_000);
  await core.finish('zoe', 22_000);
  // Stored and announced: the announcements come before the answers to read.
  await core.waitForChat('Zoé drove record #3 on Sandbox Sprint: 0:22.000');
}

const ANNA_BEST = 'Your best on Sandbox Sprint: 0:21.000, rank 2 of 3. Checkpoints: 0:04.200 0:08.400 0:12.600 0:16.800';
const ZOE_BEST = 'Votre meilleur temps sur Sandbox Sprint : 0:22.000, rang 3 sur 3. Checkpoints : 0:04.400 0:08.800 0:13.200 0:17.600';
const BEN_BEST = 'Your best on Sandbox Sprint: 0:20.000, rank 1 of 3. Checkpoints: 0:04.000 0:08.000 0:12.000 0:16.000';

it("/pb adds the player's world rank when the world top holds them, and that they are not in it otherwise", async () => {
  // The first player to join gets player id 1: the account id the sandbox gives anna.
  nadeo.tops.set(FIRST_MAP, [
    { accountId: 'aaaaaaaa-1111-4111-8111-111111111111', score: 19_001, zoneName: 'France' },
    { accountId: accountId(1), score: 20_500, zoneName: 'Germany' },
  ]);
  await start(['records', 'worldrecords']);
  await core!.waitFor(() => core!.logs.some((entry) => entry.message === `world records: 2 loaded for ${FIRST_MAP}`), 'the world top');
  await twoFinishes(core!);
  assert.equal(core!.runtime.server.players.get('anna')!.playerId, 1);
  assert.equal(await reply('anna', '/pb'), `${ANNA_BEST} | World rank: 2`);
  assert.equal(await reply('ben', '/pb'), `${BEN_BEST} | Not in the world top 5`);
  assert.equal(await reply('zoe', '/pb'), `${ZOE_BEST} | Pas dans le top 5 mondial`);
  assert.deepEqual(core!.errors, []);

  // worldrecords stopped: /pb is as without it.
  await core!.join('boss');
  await core!.chat('boss', '//app stop worldrecords');
  await core!.waitForChat("App 'worldrecords' stopped.");
  assert.equal(await reply('anna', '/pb'), ANNA_BEST);
  assert.deepEqual(core!.errors, []);
});

it('/pb is as before without the worldrecords app, or with it off', async () => {
  await start(['records']);
  await twoFinishes(core!);
  assert.equal(await reply('anna', '/pb'), ANNA_BEST);
  assert.equal(await reply('ben', '/pb'), BEN_BEST);
  await core!.stop();

  await start(['records', 'worldrecords'], { login: '', password: '' });
  await twoFinishes(core!);
  assert.equal(await reply('anna', '/pb'), ANNA_BEST);
  assert.equal(nadeo.requests.length, 0, 'nothing asked of Nadeo when off');
  assert.deepEqual(core!.errors, []);
});

it('reads the account id a Trackmania 2020 login carries', () => {
  // The login and account id of Openplanet's example (openplanet-nl/nadeoapi-docs, surround.md's first record).
  assert.equal(accountIdOfLogin('KhOqfZktSnyjxdKbCLf4yw'), '2a13aa7d-992d-4a7c-a3c5-d29b08b7f8cb');
  assert.equal(accountIdOfLogin('anna'), undefined);
  assert.equal(accountIdOfLogin('KhOqfZktSnyjxdKbCLf4y!'), undefined);
});
