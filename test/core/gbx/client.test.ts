import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GbxClient, GbxFault, type MulticallEntry } from '../../../core/gbx/client.js';
import { encodeCall, encodeResponse } from '../../../core/gbx/codec.js';
import { DroppedCallbacks } from '../../../core/gbx/dropped-callbacks.js';
import { encodeFrame } from '../../../core/gbx/framing.js';
import { SandboxServer } from '../../../core/sandbox/server.js';
import { waitFor } from '../../helpers/core.js';
import { startRawGbxServer } from '../../helpers/raw-gbx-server.js';

const credentials = { user: 'SuperAdmin', password: 'pw' };

describe('GbxClient against the sandbox server', () => {
  let sandbox: SandboxServer;
  let client: GbxClient;

  before(async () => {
    sandbox = new SandboxServer({ host: '127.0.0.1', port: 0, ...credentials });
    await sandbox.start();
    client = new GbxClient({ host: '127.0.0.1', port: sandbox.port });
    await client.connect();
    await client.call('Authenticate', credentials.user, credentials.password);
  });

  after(async () => {
    client.close();
    await sandbox.stop();
  });

  it('calls methods and decodes their answers', async () => {
    assert.equal(await client.call('GetServerName'), 'Pitwall Sandbox');
    assert.deepEqual(await client.call('GetStatus'), { Code: 4, Name: 'Running - Play' });
  });

  it('turns a fault into a GbxFault naming the method', async () => {
    await assert.rejects(client.call('NoSuchMethod', 1), (error: unknown) => {
      assert.ok(error instanceof GbxFault);
      assert.equal(error.code, -506);
      assert.equal(error.method, 'NoSuchMethod');
      assert.equal(error.message, "NoSuchMethod failed with fault -506: Method 'NoSuchMethod' not defined");
      return true;
    });
  });

  it('keeps many requests in flight and matches every answer to its request', async () => {
    for (let index = 0; index < 20; index++) sandbox.playerJoin(`p${index}`);
    const answers = await Promise.all(Array.from({ length: 200 }, (_, index) => client.call('GetPlayerInfo', `p${index % 20}`)));
    assert.deepEqual(answers.map((answer) => (answer as { Login: string }).Login), Array.from({ length: 200 }, (_, index) => `p${index % 20}`));
    assert.equal(client.inFlight, 0);
  });

  it('returns one multicall result per call, in order, faults in place', async () => {
    const results = await client.multicall([['GetServerName'], ['NoSuchMethod'], ['GetPlayerInfo', ['nobody']], ['GetStatus']]);
    assert.deepEqual(results.map((result) => (result.ok ? result.value : `${result.fault.method} ${result.fault.code} ${result.fault.faultString}`)), [
      'Pitwall Sandbox',
      "NoSuchMethod -506 Method 'NoSuchMethod' not defined",
      'GetPlayerInfo -1000 Login unknown.',
      { Code: 4, Name: 'Running - Play' },
    ]);
  });

  it('splits a multicall that would exceed the request size, keeping every position', async () => {
    const small = new GbxClient({ host: '127.0.0.1', port: sandbox.port, maxRequestBytes: 4096 });
    await small.connect();
    await small.call('Authenticate', credentials.user, credentials.password);
    const calls: MulticallEntry[] = Array.from({ length: 120 }, (_, index) => (index % 7 === 3 ? ['Nope'] : ['SetServerName', [`name ${index} ${'x'.repeat(50)}`]]));
    const results = await small.multicall(calls);
    assert.equal(results.length, 120);
    results.forEach((result, index) => assert.equal(result.ok, index % 7 !== 3, `position ${index}`));
    small.close();
  });

  it('refuses a request over the size limit without sending it', async () => {
    const small = new GbxClient({ host: '127.0.0.1', port: sandbox.port, maxRequestBytes: 1000 });
    await small.connect();
    await assert.rejects(small.call('SetServerName', 'x'.repeat(2000)), { message: /^Request SetServerName is \d+ bytes, over the limit of 1000 bytes$/ });
    small.close();
  });

  it('delivers callbacks once callbacks are enabled', async () => {
    const seen: unknown[] = [];
    const first = new Promise<void>((resolve) => client.onCallback((method, params) => void (seen.push([method, params]) === 1 && resolve())));
    await client.call('EnableCallbacks', true);
    sandbox.playerJoin('carol', 'Carol');
    await first;
    assert.deepEqual(seen[0], ['ManiaPlanet.PlayerConnect', ['carol', false]]);
  });
});

describe('GbxClient against peers that spell XML differently', () => {
  it('delivers a callback written with CDATA sections, whitespace and self-closing empties', async () => {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<methodCall>\n<methodName><![CDATA[ManiaPlanet.PlayerChat]]></methodName>\n<params>\n' +
      '<param><value><i4>3</i4></value></param>\n<param><value><string><![CDATA[o\'neil]]></string></value></param>\n' +
      '<param><value><string><![CDATA[<b>bold</b> & "quoted"]]></string></value></param>\n<param><value><boolean>0</boolean></value></param>\n' +
      '</params>\n</methodCall>\n';
    const server = await startRawGbxServer({});
    const client = new GbxClient({ host: '127.0.0.1', port: server.port });
    await client.connect();
    const received = new Promise<unknown>((resolve) => client.onCallback((method, params) => resolve([method, params])));
    server.sockets[0]!.write(encodeFrame(1, body));
    assert.deepEqual(await received, ['ManiaPlanet.PlayerChat', [3, "o'neil", '<b>bold</b> & "quoted"', false]]);
    client.close();
    await server.close();
  });
});

describe('GbxClient against misbehaving peers', () => {
  it('times out a request that gets no answer, naming the method', async () => {
    const server = await startRawGbxServer({});
    const client = new GbxClient({ host: '127.0.0.1', port: server.port, requestTimeoutMs: 50 });
    await client.connect();
    await assert.rejects(client.call('GetStatus'), { name: 'GbxConnectionError', message: 'GetStatus got no answer within 50 ms' });
    client.close();
    await server.close();
  });

  it('ignores answers with unknown handles and fails a request whose answer is bad XML', async () => {
    const server = await startRawGbxServer({
      onFrame(frame, socket) {
        socket.write(encodeFrame(0x80001234, encodeResponse('stray')));
        socket.write(encodeFrame(frame.handle, '<methodResponse><params><param><value><int>nope'));
      },
    });
    const client = new GbxClient({ host: '127.0.0.1', port: server.port });
    await client.connect();
    await assert.rejects(client.call('GetStatus'), { message: /^Bad answer to GetStatus: Malformed XML-RPC at character \d+: missing <\/int>$/ });
    client.close();
    await server.close();
  });

  it('fails only the request whose answer is over the size limit, and keeps the connection', async () => {
    const server = await startRawGbxServer({
      onFrame(frame, socket) {
        const method = /<methodName>(\w+)/.exec(frame.body.toString('utf8'))![1];
        socket.write(encodeFrame(frame.handle, encodeResponse(method === 'GetMapList' ? 'x'.repeat(5000) : 'small')));
      },
    });
    const warnings: string[] = [];
    const client = new GbxClient({ host: '127.0.0.1', port: server.port, maxResponseBytes: 1000, droppedCallbacks: new DroppedCallbacks({ warn: (line) => warnings.push(line) }) });
    await client.connect();
    try {
      const [big, small] = await Promise.allSettled([client.call('GetMapList'), client.call('GetStatus')]);
      assert.equal(big.status, 'rejected');
      assert.deepEqual(
        { code: (big.reason as { code: string }).code, message: (big.reason as Error).message },
        {
          code: 'PW_ERR_GBX_RESPONSE_TOO_LARGE',
          message:
            `The dedicated server's answer to GetMapList is ${encodeResponse('x'.repeat(5000)).length} bytes, over the limit of 1000 bytes (GBX.maxResponseBytes); ` +
            'it was skipped and the connection kept. Fix: ask for less at a time (list methods take a count and an offset), or raise GBX.maxResponseBytes in settings/base.ts.',
        },
      );
      assert.deepEqual(small, { status: 'fulfilled', value: 'small' });
      assert.equal(client.connected, true);

      const delivered: string[] = [];
      client.onCallback((method) => delivered.push(method));
      const socket = server.sockets[0]!;
      const bigCallback = encodeCall('Custom.Huge', ['y'.repeat(5000)]);
      socket.write(encodeFrame(1, bigCallback));
      socket.write(encodeFrame(2, encodeCall('Custom.Fine', [])));
      await waitFor(() => delivered.length === 1, 'the callback after the oversize one');
      assert.deepEqual(delivered, ['Custom.Fine']);
      assert.deepEqual([...client.droppedCallbacks.byKind()], [['Custom.Huge', 1]]);
      assert.deepEqual(warnings, [
        `Dropped a GBX callback Custom.Huge: ${bigCallback.length} bytes, over the limit of 1000 bytes (GBX.maxResponseBytes). Further ones of this kind are only counted.`,
      ]);
      assert.equal(await client.call('GetStatus'), 'small');
    } finally {
      client.close();
      await server.close();
    }
  });

  it('logs an undecodable callback once per kind, counts every one, and keeps the connection', async () => {
    const server = await startRawGbxServer({
      onFrame(frame, socket) {
        socket.write(encodeFrame(frame.handle, encodeResponse('still here')));
      },
    });
    const warnings: string[] = [];
    const dropped = new DroppedCallbacks({ warn: (line) => warnings.push(line) });
    const client = new GbxClient({ host: '127.0.0.1', port: server.port, droppedCallbacks: dropped });
    await client.connect();
    try {
      const delivered: string[] = [];
      client.onCallback((method) => delivered.push(method));
      const broken = '<methodCall><methodName>Custom.Broken</methodName><params><param><value><int>x</int></value></param></params></methodCall>';
      const socket = server.sockets[0]!;
      socket.write(encodeFrame(1, broken));
      socket.write(encodeFrame(2, broken));
      socket.write(encodeFrame(3, 'not xml at all'));
      socket.write(encodeFrame(4, encodeCall('Custom.Fine', [])));
      await waitFor(() => delivered.length === 1, 'the callback after the broken ones');
      assert.deepEqual(delivered, ['Custom.Fine']);
      assert.deepEqual([...dropped.byKind()], [['Custom.Broken', 2], ['starting "not xml at all"', 1]]);
      assert.equal(dropped.total, 3);
      assert.deepEqual(warnings, [
        "Dropped a GBX callback Custom.Broken: Malformed XML-RPC at character 84: <int> must hold a whole number, got 'x'. Further ones of this kind are only counted.",
        'Dropped a GBX callback starting "not xml at all": Malformed XML-RPC at character 0: expected a tag. Further ones of this kind are only counted.',
      ]);
      assert.equal(client.connected, true);
      assert.equal(await client.call('GetStatus'), 'still here');
    } finally {
      client.close();
      await server.close();
    }
  });

  it('rejects a peer that does not greet with GBXRemote 2', async () => {
    const server = await startRawGbxServer({ greeting: Buffer.from('SSH-2.0-OpenSSH_9.6\r\n') });
    const client = new GbxClient({ host: '127.0.0.1', port: server.port });
    await assert.rejects(client.connect(), {
      message: /^Not a GbxRemote server: expected the handshake "GBXRemote 2", received "SSH-2\.0-OpenSSH_9\.6\\r\\n" \(from 127\.0\.0\.1:\d+\); connection reset$/,
    });
    await server.close();
  });

  it('names the address it could not reach', async () => {
    const server = await startRawGbxServer({});
    const port = server.port;
    await server.close();
    const client = new GbxClient({ host: '127.0.0.1', port });
    await assert.rejects(client.connect(), { message: `Cannot reach the dedicated server at 127.0.0.1:${port}: ECONNREFUSED` });
  });
});
