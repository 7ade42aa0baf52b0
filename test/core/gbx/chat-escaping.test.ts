import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import { GbxClient } from '../../../core/gbx/client.js';
import { encodeCall, encodeResponse } from '../../../core/gbx/codec.js';
import { encodeFrame } from '../../../core/gbx/framing.js';
import { startTestCore, testApp, type TestCore } from '../../helpers/core.js';
import { startRawGbxServer } from '../../helpers/raw-gbx-server.js';

const text = `It's "fine" & <b>bold</b>`;

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

it('sends quotes and apostrophes as they are, escaping only & < >', async () => {
  assert.equal(
    encodeCall('ChatSendServerMessage', [text]),
    `<?xml version="1.0" encoding="utf-8" ?><methodCall><methodName>ChatSendServerMessage</methodName><params><param><value><string>It's "fine" &amp; &lt;b&gt;bold&lt;/b&gt;</string></value></param></params></methodCall>`,
  );
  const bodies: string[] = [];
  const server = await startRawGbxServer({
    onFrame(frame, socket) {
      bodies.push(frame.body.toString('utf8'));
      socket.write(encodeFrame(frame.handle, encodeResponse(true)));
    },
  });
  const client = new GbxClient({ host: '127.0.0.1', port: server.port });
  await client.connect();
  await client.call('ChatSendServerMessage', text);
  assert.ok(bodies[0]!.includes(`<string>It's "fine" &amp; &lt;b&gt;bold&lt;/b&gt;</string>`), bodies[0]);
  client.close();
  await server.close();
});

it('carries apostrophes and quotes in chat end to end: player to app, app to server', async () => {
  core = await startTestCore({
    apps: [testApp('echo', { init: (ctx) => void ctx.on('playerChat', ({ login, text: said }) => ctx.server.chat(`${login} said: ${said}`)) })],
  });
  await core.join("o'neil", `O'Neil "the quick"`);
  await core.chat("o'neil", text);
  const echoed = await core.waitForChat(/said:/);
  assert.equal(echoed.text, `o'neil said: ${text}`);
  // Answers come in request order: once this one is back, the echo's own call has been answered too.
  await core.runtime.server.call('GetStatus');
  assert.equal(core.runtime.server.players.get("o'neil")?.nickName, `O'Neil "the quick"`);
});
