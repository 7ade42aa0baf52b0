import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
});
