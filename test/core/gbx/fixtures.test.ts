import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { GbxClient, GbxFault } from '../../../core/gbx/client.js';
import { decodeMessage, type DecodedMessage, type XmlRpcValue } from '../../../core/gbx/codec.js';
import { encodeFrame, FrameReader } from '../../../core/gbx/framing.js';
import { SandboxServer } from '../../../core/sandbox/server.js';
import { waitFor } from '../../helpers/core.js';
import { startRawGbxServer } from '../../helpers/raw-gbx-server.js';
import { connect } from 'node:net';

/** The fixture corpus lives in the source tree (test/fixtures/gbx), beside its notes. */
const FOLDER = new URL('../../../../test/fixtures/gbx/', import.meta.url);

interface Fixture {
  file: string;
  direction: 'request' | 'response' | 'callback';
  source: string;
  expect: DecodedMessage;
}

const fixtures = (JSON.parse(readFileSync(new URL('fixtures.json', FOLDER), 'utf8')) as { frames: Fixture[] }).frames;
const body = (fixture: Fixture): string => readFileSync(new URL(fixture.file, FOLDER), 'utf8');

describe('GBX fixture corpus', () => {
  it('names a public source for every frame', () => {
    assert.ok(fixtures.length >= 10);
    for (const fixture of fixtures) assert.ok(fixture.source.length > 20, fixture.file);
  });

  for (const fixture of fixtures) {
    it(`decodes ${fixture.file}`, () => {
      assert.deepEqual(decodeMessage(body(fixture)), fixture.expect);
    });
  }

  it('delivers every answer and callback fixture through the client', async () => {
    const answers = fixtures.filter((fixture) => fixture.direction === 'response');
    const callbacks = fixtures.filter((fixture) => fixture.direction === 'callback');
    const server = await startRawGbxServer({
      onFrame(frame, socket) {
        // The client calls Fixture.<file>; the answer is that fixture's body.
        const file = /Fixture\.([\w.-]+)/.exec(frame.body.toString('utf8'))![1];
        socket.write(encodeFrame(frame.handle, body(answers.find((fixture) => fixture.file === file)!)));
      },
    });
    const client = new GbxClient({ host: '127.0.0.1', port: server.port });
    await client.connect();
    try {
      for (const fixture of answers) {
        const expected = fixture.expect;
        if (expected.kind === 'response') assert.deepEqual(await client.call(`Fixture.${fixture.file}`), expected.value, fixture.file);
        else if (expected.kind === 'fault') {
          await assert.rejects(client.call(`Fixture.${fixture.file}`), (error: unknown) => {
            assert.ok(error instanceof GbxFault);
            assert.deepEqual([error.code, error.faultString], [expected.fault.faultCode, expected.fault.faultString]);
            return true;
          });
        }
      }
      const delivered: [string, XmlRpcValue[]][] = [];
      client.onCallback((method, params) => delivered.push([method, params]));
      callbacks.forEach((fixture, index) => server.sockets[0]!.write(encodeFrame(index + 1, body(fixture))));
      await waitFor(() => delivered.length === callbacks.length, 'every callback fixture');
      assert.deepEqual(
        delivered,
        callbacks.map((fixture) => [(fixture.expect as { method: string }).method, (fixture.expect as { params: XmlRpcValue[] }).params]),
      );
      assert.equal(client.droppedCallbacks.total, 0);
    } finally {
      client.close();
      await server.close();
    }
  });

  it('answers every request fixture from the sandbox without a fault', async () => {
    const sandbox = new SandboxServer({ host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'pass]]>word' });
    await sandbox.start();
    // The chat fixture is addressed to anna: a real server faults 'Login unknown.' for a login not connected.
    sandbox.playerJoin('anna', 'Anna');
    const socket = connect({ host: '127.0.0.1', port: sandbox.port });
    const reader = new FrameReader(4 * 1024 * 1024, { expectHandshake: true });
    const answers = new Map<number, DecodedMessage>();
    socket.on('data', (chunk: Buffer) => {
      for (const frame of reader.push(chunk)) answers.set(frame.handle, decodeMessage(frame.body.toString('utf8')));
    });
    try {
      const requests = fixtures.filter((fixture) => fixture.direction === 'request');
      // The login comes first, as a client would send it.
      requests.sort((a, b) => Number(b.file === 'php-authenticate.xml') - Number(a.file === 'php-authenticate.xml'));
      requests.forEach((fixture, index) => socket.write(encodeFrame(0x80000001 + index, body(fixture))));
      await waitFor(() => answers.size === requests.length, 'an answer to every request fixture');
      requests.forEach((fixture, index) => {
        const answer = answers.get(0x80000001 + index)!;
        assert.equal(answer.kind, 'response', `${fixture.file}: ${JSON.stringify(answer)}`);
        const value = (answer as { value: XmlRpcValue }).value;
        if (fixture.expect.kind === 'call' && fixture.expect.method === 'system.multicall') {
          assert.ok(Array.isArray(value) && value.every(Array.isArray), `${fixture.file}: every multicall entry succeeded: ${JSON.stringify(value)}`);
        }
      });
      assert.deepEqual(sandbox.chatLog.map((chat) => chat.text), ['', `It's "ok" & <fine>`]);
    } finally {
      socket.destroy();
      await sandbox.stop();
    }
  });
});
