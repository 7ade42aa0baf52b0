import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, it } from 'node:test';
import { installMap } from '../../apps/tmx/install.js';
import type { GameServer, XmlRpcValue } from '../../core/index.js';
import { startTestCore, type TestCore } from '../helpers/core.js';
import { startFakeTmx, tmxMap, type FakeTmx } from '../helpers/fake-tmx.js';
import { mapFile } from '../helpers/map-file.js';

let tmx: FakeTmx;
let core: TestCore | undefined;
before(async () => {
  tmx = await startFakeTmx([
    tmxMap(101, 'Desert Rush'),
    tmxMap(102, 'Ice Palace', { packs: [9] }),
    tmxMap(103, 'Ice Cold', { packs: [9] }),
    tmxMap(201, 'Gone Missing', { download: 'not-found' }),
    tmxMap(202, 'Heavy Load', { download: 'oversize' }),
    tmxMap(203, 'Maintenance Page', { download: 'html' }),
    tmxMap(204, 'Zip Archive', { download: 'not-a-map' }),
    tmxMap(205, 'Slow Server', { download: 'slow' }),
    tmxMap(206, 'Busy Server', { download: 'rate-limited' }),
    tmxMap(207, 'Actually A Replay', { download: 'replay' }),
  ]);
});
after(() => tmx.close());
afterEach(async () => {
  await core?.stop();
  core = undefined;
  tmx.rateLimitSeconds = undefined;
  tmx.requests.length = 0;
});

async function start(appSettings: Record<string, unknown> = {}): Promise<TestCore> {
  core = await startTestCore({
    apps: ['tmx', 'maps'],
    settings: { ADMINS: ['boss'], COMMAND_RATE_LIMIT: { count: 200, seconds: 10 }, APP_SETTINGS: { tmx: { url: tmx.url, userAgent: 'Pitwall-test (owner@example.com)', maxMapBytes: 100_000, timeoutMs: 3000, ...appSettings } } },
  });
  await core.join('boss', 'Boss');
  return core;
}

/** Resolves with every line sent to `login` until `last` arrives. */
async function answers(login: string, text: string, last: string): Promise<string[]> {
  const before = core!.chatLog.length;
  core!.sandbox.playerChat(login, text);
  const mine = () => core!.chatLog.slice(before).filter((chat) => chat.to?.includes(login)).map((chat) => chat.text);
  await core!.waitFor(() => mine().includes(last), `the answer '${last}'; got ${JSON.stringify(core!.chatLog.slice(before).map((chat) => chat.text))}`, 8000);
  return mine();
}

const mapNames = async (): Promise<string[]> => ((await core!.runtime.server.call('GetMapList', -1, 0)) as { Name: string }[]).map((map) => map.Name);

it('//add tmx <id> downloads the map, sends it through WriteFile, adds it, saves the match settings and tells everyone', async () => {
  await start();
  const lines = await answers('boss', '//add tmx 101', 'The map list is saved to MatchSettings/tracklist.txt.');
  assert.deepEqual(lines, ['Added $sDesert Rush$z (TMX #101) at the end of the map list.', 'The map list is saved to MatchSettings/tracklist.txt.']);
  assert.ok(core!.chatLog.some((chat) => chat.to === undefined && chat.text === 'Boss added $sDesert Rush$z from TMX (#101).'));
  assert.deepEqual(await mapNames(), ['Sandbox Sprint', 'Sandbox Loops', 'Sandbox Ice', 'Sandbox Dirt', '$sDesert Rush']);
  const written = core!.sandbox.world.writtenFiles.get('Downloaded/TMX/101.Map.Gbx');
  assert.equal(written?.toString('latin1', 0, 3), 'GBX', 'the file is in the Maps folder');
  assert.deepEqual(core!.sandbox.world.matchSettingsFiles.get('MatchSettings/tracklist.txt')?.at(-1), 'Downloaded/TMX/101.Map.Gbx');
  // TMX's API: the fields asked for, by id; the file from mapgbx/{id}; every request with the owner's User-Agent.
  assert.deepEqual(tmx.requests.map((request) => request.path), ['/api/maps', '/mapgbx/101']);
  assert.equal(tmx.requests[0]!.query.get('id'), '101');
  assert.equal(tmx.requests[0]!.query.get('fields'), 'MapId,MapUid,Name,GbxMapName,Uploader.Name,Length,AwardCount');
  assert.ok(tmx.requests.every((request) => request.userAgent === 'Pitwall-test (owner@example.com)'));

  const again = await answers('boss', '//add tmx 101', 'TMX map #101 (Desert Rush) is already on the server.');
  assert.deepEqual(again, ['TMX map #101 (Desert Rush) is already on the server.']);
  assert.equal(tmx.requests.filter((request) => request.path === '/api/maps').length, 1, 'the map details were cached');
});

it('adds several maps at once, by id or uid, a map pack, and plays them next when playNext is set', async () => {
  await start({ playNext: true });
  await answers('boss', `//add tmx 102 ${tmxMap(103, '').MapUid}`, 'The map list is saved to MatchSettings/tracklist.txt.');
  assert.deepEqual(await mapNames(), ['Sandbox Sprint', '$sIce Cold', '$sIce Palace', 'Sandbox Loops', 'Sandbox Ice', 'Sandbox Dirt']);
  assert.equal(tmx.requests[1]!.query.get('uid'), tmxMap(103, '').MapUid);
  const lines = await answers('boss', '//add tmxpack 9', 'TMX map #103 (Ice Cold) is already on the server.');
  assert.deepEqual(lines, ['Adding the 2 maps of TMX map pack #9...', 'TMX map #102 (Ice Palace) is already on the server.', 'TMX map #103 (Ice Cold) is already on the server.']);
  assert.equal(tmx.requests.at(-1)!.query.get('mappackid'), '9');
  await answers('boss', '//add tmxpack 77', 'TMX has no map pack #77, or it holds no maps.');
  const random = await answers('boss', '//add tmx random', 'The map list is saved to MatchSettings/tracklist.txt.');
  assert.equal(random[0], 'Added $sDesert Rush$z (TMX #101): it is played next.');
  assert.equal(tmx.requests.find((request) => request.query.get('random') === '1')?.query.get('count'), '1');
});

it('names the map and the cause of every failure, and adds nothing', async () => {
  await start();
  const expected: [string, string][] = [
    ['//add tmx 999', 'TMX has no map #999.'],
    ['//add tmx 201', 'TMX map #201 (Gone Missing) was not found on TMX.'],
    ['//add tmx 202', 'TMX map #202 (Heavy Load) is 300532 bytes, over the limit of 100000 bytes (APP_SETTINGS.tmx.maxMapBytes).'],
    ['//add tmx 203', 'TMX map #203 (Maintenance Page) came back as text/html, not a map file; nothing was added.'],
    ['//add tmx 204', 'TMX map #204 (Zip Archive) is not a map file (it does not start as a GBX file does); nothing was added.'],
    ['//add tmx 205', 'TMX did not answer within 3000 ms; try again later.'],
    // The server's own fault text (the sandbox answers AddMap of a file it cannot load as a real server does).
    ['//add tmx 207', `The server refused TMX map #207 (Actually A Replay): "Couldn't load 'Downloaded/TMX/207.Map.Gbx'.".`],
    ['//add tmx x-y', "Wrong <map>: 'x-y' is neither a TMX id (digits), a map uid nor random."],
  ];
  for (const [command, answer] of expected) assert.deepEqual(await answers('boss', command, answer), [answer], command);
  assert.deepEqual(await mapNames(), ['Sandbox Sprint', 'Sandbox Loops', 'Sandbox Ice', 'Sandbox Dirt']);
  assert.deepEqual([...core!.sandbox.world.writtenFiles.keys()], ['Downloaded/TMX/207.Map.Gbx'], 'only the file the server then refused was written');
});

it('a 429 pauses every TMX request for as long as its Retry-After says', async () => {
  await start();
  assert.deepEqual(await answers('boss', '//add tmx 206', 'TMX is limiting requests: try again in 120 s.'), ['TMX is limiting requests: try again in 120 s.']);
  const requests = tmx.requests.length;
  const lines = await answers('boss', '//add tmx 101', 'TMX is limiting requests: try again in 120 s.');
  assert.deepEqual(lines, ['TMX is limiting requests: try again in 120 s.']);
  assert.equal(tmx.requests.length, requests, 'no request was made while paused');
});

it('TMX unreachable is said as such', async () => {
  await start({ url: 'http://127.0.0.1:9' });
  assert.deepEqual(await answers('boss', '//add tmx 101', 'TMX could not be reached (ECONNREFUSED); try again later.'), ['TMX could not be reached (ECONNREFUSED); try again later.']);
});

it('/tmx search shows the results; an admin adds with a click, a player queues a map the server has', async () => {
  await start();
  await core!.join('anna', 'Anna');
  await answers('boss', '//add tmx 102', 'The map list is saved to MatchSettings/tracklist.txt.');
  core!.sandbox.playerChat('anna', '/tmx search ice');
  const window = (login: string) => core!.ui.page(login, 'pitwall.tmx.search');
  await core!.waitFor(() => window('anna') !== undefined, "anna's results");
  assert.deepEqual(window('anna')!.texts, [
    "TMX maps named like 'ice'", 'Close', 'Map', 'Author', 'Length', 'Awards',
    '$sIce Palace', 'mapper102', '0:40.102', '4', 'Queue',
    '$sIce Cold', 'mapper103', '0:40.103', '5', 'Queue',
  ]);
  const queued = core!.waitForChat('Anna added $sIce Palace$z to the jukebox (#1).');
  assert.equal(await core!.ui.click('anna', 'pick-102'), 'ran');
  await queued;
  const refused = core!.waitForChat('$sIce Cold$z is not on this server: an admin can add it with //add tmx 103.');
  assert.equal(await core!.ui.click('anna', 'pick-103'), 'ran');
  assert.deepEqual((await refused).to, ['anna']);

  core!.sandbox.playerChat('boss', '/tmx search ice');
  await core!.waitFor(() => window('boss')?.texts.includes('Add') === true, "boss's results with Add");
  const added = core!.waitForChat('Boss added $sIce Cold$z from TMX (#103).');
  assert.equal(await core!.ui.click('boss', 'pick-103'), 'ran');
  await added;
  assert.ok((await mapNames()).includes('$sIce Cold'));
  await answers('anna', '/tmx search nothing', "TMX has no map named like 'nothing'.");
});

it('writes straight into the Maps folder when the server says it is on this machine and writable', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'pitwall-maps-'));
  const calls: [string, XmlRpcValue[]][] = [];
  const server = { call: async (method: string, ...params: XmlRpcValue[]) => (calls.push([method, params]), method === 'GetMapsDirectory' ? folder : true) } as unknown as GameServer;
  try {
    const bytes = mapFile({ uid: 'localUid', name: 'Local', author: 'me' });
    const installed = await installMap(server, { id: 7, uid: 'localUid', name: 'Local', gbxName: 'Local', author: 'me', lengthMs: 1, awards: 0 }, bytes, 'next');
    assert.deepEqual(installed, { fileName: 'Downloaded/TMX/7.Map.Gbx', via: 'local folder' });
    assert.deepEqual(readFileSync(join(folder, 'Downloaded/TMX/7.Map.Gbx')), bytes);
    assert.deepEqual(calls.map(([method]) => method), ['GetMapsDirectory', 'InsertMap']);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

it('/tmx search speaks French to a French player: the window, and the answer to a click', async () => {
  await start();
  await core!.join('anna', 'Anna', { language: 'fr' });
  core!.sandbox.playerChat('anna', '/tmx search ice');
  const window = () => core!.ui.page('anna', 'pitwall.tmx.search');
  await core!.waitFor(() => window() !== undefined, "anna's results");
  assert.deepEqual(window()!.texts.slice(0, 6), ["Maps TMX dont le nom ressemble à 'ice'", 'Fermer', 'Map', 'Auteur', 'Durée', 'Awards']);
  assert.equal(window()!.texts.at(-1), 'Jukebox');
  const refused = core!.waitForChat("$sIce Cold$z n'est pas sur ce serveur : un admin peut l'ajouter avec //add tmx 103.");
  assert.equal(await core!.ui.click('anna', 'pick-103'), 'ran');
  assert.deepEqual((await refused).to, ['anna']);
  await answers('anna', '/tmx search nothing', "TMX n'a aucune map dont le nom ressemble à 'nothing'.");
});
