import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import { GbxFault } from '../../../core/index.js';
import { readMapHeader } from '../../../core/sandbox/map-file.js';
import { GAME_DATA_DIRECTORY } from '../../../core/sandbox/methods/server-options.js';
import { mapFile } from '../../helpers/map-file.js';
import { startTestCore, type TestCore } from '../../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

it('reads the uid, name, author and environment from a map file header, and nothing from other bytes', () => {
  const header = readMapHeader(mapFile({ uid: 'x9Kf2l_tmxUid00000000000000', name: '$s$f00Red & Co', author: 'mapper', authorTime: 41_234 }));
  assert.deepEqual(header, { uid: 'x9Kf2l_tmxUid00000000000000', name: '$s$f00Red & Co', author: 'mapper', environment: 'Stadium', authorTime: 41_234, nbLaps: 0 });
  assert.equal(readMapHeader(Buffer.from('<html>not found</html>')), undefined);
  assert.equal(readMapHeader(Buffer.from('GBX\x06\x00BUCR')), undefined, 'a GBX file without a map header (a replay, an item)');
});

// Nadeo's method list (maniaplanet/dedicated-server-api Connection.php): writeFile sends base64 data to a file
// "relative to the Maps path"; insertMap puts a map "after the current map", addMap "at the end".
it('WriteFile stores a file relative to the Maps folder; InsertMap plays it next and AddMap appends; bad files fault', async () => {
  core = await startTestCore({ apps: [] });
  const call = (method: string, ...params: unknown[]) => core!.runtime.server.call(method, ...(params as never[]));
  assert.equal(await call('GetMapsDirectory'), `${GAME_DATA_DIRECTORY}Maps/`);
  assert.equal(await call('WriteFile', 'Downloaded/TMX/1001.Map.Gbx', mapFile({ uid: 'tmxUid1001', name: 'First Upload', author: 'anna' })), true);
  assert.equal(await call('WriteFile', 'Downloaded/TMX/1002.Map.Gbx', mapFile({ uid: 'tmxUid1002', name: 'Second Upload', author: 'ben' })), true);
  assert.equal(await call('WriteFile', 'Downloaded/notes.txt', Buffer.from('hello')), true);
  assert.equal(await call('InsertMap', 'Downloaded/TMX/1001.Map.Gbx'), true);
  assert.equal(await call('AddMap', 'Downloaded/TMX/1002.Map.Gbx'), true);
  const list = (await call('GetMapList', -1, 0)) as { Name: string; UId: string; FileName: string }[];
  assert.deepEqual(list.map((map) => map.Name), ['Sandbox Sprint', 'First Upload', 'Sandbox Loops', 'Sandbox Ice', 'Sandbox Dirt', 'Second Upload']);
  assert.equal(list[1]!.UId, 'tmxUid1001');
  await assert.rejects(call('InsertMap', 'Downloaded/TMX/1001.Map.Gbx'), (error: unknown) => error instanceof GbxFault && error.faultString === 'Map already added.');
  await assert.rejects(call('AddMap', 'Downloaded/notes.txt'), (error: unknown) => error instanceof GbxFault && error.faultString === "Couldn't load 'Downloaded/notes.txt'.");
  // checkMapForCurrentServerParams($filename): a map of the Maps folder suits; a missing one is 'Map not found.' as in GetMapInfo.
  assert.equal(await call('CheckMapForCurrentServerParams', 'Downloaded/TMX/1002.Map.Gbx'), true);
  await assert.rejects(call('CheckMapForCurrentServerParams', 'Downloaded/none.Map.Gbx'), (error: unknown) => error instanceof GbxFault && error.faultString === 'Map not found.');
  await assert.rejects(call('WriteFile', '../outside.Map.Gbx', Buffer.from('x')), (error: unknown) => error instanceof GbxFault && error.faultString === 'Could not write file.');
});
