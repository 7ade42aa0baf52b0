import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { decodeMessage } from '../../../core/gbx/codec.js';
import { decodePlayerList } from '../../../core/server/decode.js';
import { SandboxServer } from '../../../core/sandbox/server.js';
import { waitFor } from '../../helpers/core.js';
import { PhpStyleClient } from '../../helpers/php-style-client.js';

const credentials = { user: 'SuperAdmin', password: 'pw' };

describe('sandbox wire layer', () => {
  it("serves a client that encodes like Nadeo's PHP library (CDATA strings, <params/>, <string/>, <array><data/></array>)", async () => {
    const sandbox = new SandboxServer({ host: '127.0.0.1', port: 0, ...credentials });
    await sandbox.start();
    const client = await PhpStyleClient.connect(sandbox.port);
    try {
      assert.deepEqual(await client.query('Authenticate', [credentials.user, credentials.password]), { kind: 'response', value: true });
      assert.match(client.sent[0]!, /<methodName><!\[CDATA\[Authenticate\]\]><\/methodName>.*<string><!\[CDATA\[SuperAdmin\]\]><\/string>/);
      assert.deepEqual(await client.query('SetApiVersion', ['2013-04-16']), { kind: 'response', value: true });
      const version = await client.query('GetVersion');
      assert.ok(client.sent.at(-1)!.endsWith('<params/></methodCall>'));
      assert.equal((version as unknown as { value: { Name: string } }).value.Name, 'Trackmania');

      const name = `It's "quoted" & <tagged> ]]> split`;
      assert.deepEqual(await client.query('SetServerName', [name]), { kind: 'response', value: true });
      assert.deepEqual(await client.query('GetServerName'), { kind: 'response', value: name });

      const multicall = await client.query('system.multicall', [
        [
          { methodName: 'GetServerName', params: [] },
          { methodName: 'ChatSendServerMessage', params: [''] },
          { methodName: 'GetPlayerList', params: [-1, 0] },
        ],
      ]);
      assert.equal(multicall.kind, 'response');
      const [serverName, chat, players] = (multicall as unknown as { value: unknown[] }).value;
      assert.deepEqual([serverName, chat], [[name], [true]]);
      assert.ok(Array.isArray((players as unknown[])[0]));
      assert.deepEqual(sandbox.chatLog.at(-1), { text: '' });

      await client.query('EnableCallbacks', [true]);
      sandbox.playerJoin('php-user', "O'Neil");
      await waitFor(() => client.callbacks.length >= 2, 'callbacks to the PHP-style client');
      assert.deepEqual(client.callbacks[0], { kind: 'call', method: 'ManiaPlanet.PlayerConnect', params: ['php-user', false] });
    } finally {
      client.close();
      await sandbox.stop();
    }
  });

  it('answers the way a real server writes XML: UTF-8 declaration, <i4>, a line per param, member and item', async () => {
    const sandbox = new SandboxServer({ host: '127.0.0.1', port: 0, ...credentials });
    await sandbox.start();
    const client = await PhpStyleClient.connect(sandbox.port);
    try {
      await client.query('Authenticate', [credentials.user, credentials.password]);
      await client.query('GetStatus');
      assert.equal(
        client.received.at(-1),
        '<?xml version="1.0" encoding="UTF-8"?>\n<methodResponse>\n<params>\n<param><value><struct>\n' +
          '<member><name>Code</name><value><i4>4</i4></value></member>\n' +
          '<member><name>Name</name><value><string>Running - Play</string></value></member>\n' +
          '</struct></value></param>\n</params>\n</methodResponse>',
      );
      await client.query('GetMapList', [1, 0]);
      assert.match(client.received.at(-1)!, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<methodResponse>\n<params>\n<param><value><array><data>\n<value><struct>\n<member><name>UId<\/name><value><string>/);
      await client.query('NoSuchMethod');
      assert.equal(
        client.received.at(-1),
        '<?xml version="1.0" encoding="UTF-8"?>\n<methodResponse>\n<fault>\n<value><struct>\n' +
          '<member><name>faultCode</name><value><i4>-506</i4></value></member>\n' +
          "<member><name>faultString</name><value><string>Method 'NoSuchMethod' not defined</string></value></member>\n" +
          '</struct></value>\n</fault>\n</methodResponse>',
      );
      await client.query('EnableCallbacks', [true]);
      sandbox.playerJoin('quote', 'Say "hi" & <wave>');
      sandbox.playerChat('quote', `it's <b>`);
      await waitFor(() => client.callbacks.some((callback) => callback.kind === 'call' && callback.method === 'ManiaPlanet.PlayerChat'), 'the chat callback');
      assert.equal(
        client.received.at(-1),
        '<?xml version="1.0" encoding="UTF-8"?>\n<methodCall>\n<methodName>ManiaPlanet.PlayerChat</methodName>\n<params>\n' +
          `<param><value><i4>${sandbox.world.players.get('quote')!.PlayerId}</i4></value></param>\n` +
          '<param><value><string>quote</string></value></param>\n' +
          "<param><value><string>it's &lt;b&gt;</string></value></param>\n" +
          '<param><value><boolean>0</boolean></value></param>\n</params>\n</methodCall>',
      );
    } finally {
      client.close();
      await sandbox.stop();
    }
  });
});

/** A frame body of the fixture corpus (test/fixtures/gbx, sources in its fixtures.json). */
const fixture = (file: string): string => readFileSync(new URL(`../../../../test/fixtures/gbx/${file}`, import.meta.url), 'utf8');

describe('sandbox frames, byte for byte as the fixtures built from documented shapes', () => {
  it('a wrong password, a list past its end, and Echo reaching the other controllers', async () => {
    const sandbox = new SandboxServer({ host: '127.0.0.1', port: 0, ...credentials });
    await sandbox.start();
    const client = await PhpStyleClient.connect(sandbox.port);
    try {
      await client.query('Authenticate', ['SuperAdmin', 'wrong']);
      assert.equal(client.received.at(-1), fixture('fault-password-incorrect.xml'));
      await client.query('Authenticate', [credentials.user, credentials.password]);
      await client.query('GetMapList', [10, 99]);
      assert.equal(client.received.at(-1), fixture('fault-start-index.xml'));
      await client.query('EnableCallbacks', [true]);
      await client.query('Echo', ['1700000000000', 'MiniControl']);
      await waitFor(() => client.callbacks.some((callback) => callback.kind === 'call' && callback.method === 'ManiaPlanet.Echo'), 'the Echo callback');
      assert.ok(client.received.includes(fixture('callback-echo.xml')));
    } finally {
      client.close();
      await sandbox.stop();
    }
  });

  it("Pitwall's player decoding reads the fixture's Flags digits: the server's entry dropped, the pure spectator a spectator", () => {
    const message = decodeMessage(fixture('response-player-list-flags.xml'));
    assert.equal(message.kind, 'response');
    const players = decodePlayerList(message.kind === 'response' ? message.value : undefined, 'another-login');
    assert.deepEqual(players.map((player) => [player.login, player.isSpectator]), [['anna', false], ['watcher', true]]);
  });
});
