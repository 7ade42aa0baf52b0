import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { double } from '../../../core/gbx/codec.js';
import { sendableCalls, sendableParams, sendableText } from '../../../core/server/outgoing-text.js';
import { startTestCore, type TestCore } from '../../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

// XML 1.0 (W3C, section 2.2, production [2] Char) allows tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD and
// U+10000-U+10FFFF only: one NUL or other C0 control makes an XML-RPC request unreadable to the server.
describe('text Pitwall sends to the server', () => {
  it('loses NUL and the other control characters, and keeps tabs, line breaks, colours and emoji', () => {
    assert.equal(sendableText('a\u0000b\u0007c\u001bd\u007fe\u0085f'), 'abcdef');
    assert.equal(sendableText('line 1\nline 2\tend\r'), 'line 1\nline 2\tend\r');
    assert.equal(sendableText('$f00Red $z🏁 ünïcode'), '$f00Red $z🏁 ünïcode');
    // Lone surrogates and the non-characters U+FFFE / U+FFFF go; a surrogate pair stays.
    assert.equal(sendableText('x\ud83dy\udc00z\ufffe\uffff'), 'xyz');
    const plain = 'nothing to change';
    assert.equal(sendableText(plain), plain);
  });

  it('cleans every string of a call, inside arrays and structs, and copies only what changed', () => {
    const params = ['ok', 5, true, double(1), Buffer.from('\u0000'), ['a\u0000'], JSON.parse('{"Name": "b\\u0001", "__proto__": "c\\u0002"}') as never];
    const clean = sendableParams(params);
    assert.deepEqual(clean.slice(0, 6), ['ok', 5, true, double(1), Buffer.from('\u0000'), ['a']]);
    assert.deepEqual(Object.entries(clean[6] as object), [['Name', 'b'], ['__proto__', 'c']]);
    assert.equal(clean[4], params[4], 'binary data is sent as it is');
    const untouched = ['x', ['y'], { z: 'z' }];
    assert.equal(sendableParams(untouched), untouched);
    const calls = [['ChatSendServerMessage', ['fine']], ['ChatSendServerMessage', ['bad\u0000']]] as const;
    assert.deepEqual(sendableCalls(calls), [['ChatSendServerMessage', ['fine']], ['ChatSendServerMessage', ['bad']]]);
  });

  it('is cleaned at the facade, the one way out: chat, chat to players, any call, multicalls', async () => {
    core = await startTestCore();
    await core.join('anna');
    const server = core.runtime.server;
    await server.chat('hello\u0000 all');
    await server.chatTo('anna', 'hi\u0008 anna\nsecond line');
    await server.call('SetServerName', 'My\u0000 Server\u001f');
    await server.multicall([['ChatSendServerMessage', ['in a\u0001 multicall']]]);
    assert.deepEqual(core.sandbox.chatLog.map((chat) => chat.text), ['hello all', 'hi anna\nsecond line', 'in a multicall']);
    assert.equal(core.sandbox.world.serverName, 'My Server');
    assert.deepEqual(core.errors, []);
  });
});
