import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { AppContext } from '../../../core/apps/define.js';
import { SandboxServer } from '../../../core/sandbox/server.js';
import { h } from '../../../core/ui/markup.js';
import { startTestCore, testApp, type TestCore } from '../../helpers/core.js';
import { startGbxRelay, type GbxRelay } from '../../helpers/gbx-relay.js';

let core: TestCore | undefined;
let relay: GbxRelay | undefined;
let sandbox: SandboxServer | undefined;
afterEach(async () => {
  await core?.stop();
  await relay?.close();
  await sandbox?.stop();
  core = relay = sandbox = undefined;
});

/**
 * A core behind a relay that can hold what the server sends and pass it on in one TCP write, with an app that
 * notes each chat command, click and leave as its handler is called.
 */
async function startBehindRelay(): Promise<{ handled: string[]; ctx: AppContext; server: SandboxServer; wire: GbxRelay; test: TestCore }> {
  const server = (sandbox = new SandboxServer({ host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'pw' }));
  await server.start();
  const wire = (relay = await startGbxRelay({ host: '127.0.0.1', port: server.port }));
  const handled: string[] = [];
  let captured: AppContext | undefined;
  const test = (core = await startTestCore({
    settings: { SANDBOX: false, DEDICATED: { host: '127.0.0.1', port: wire.port, user: 'SuperAdmin', password: 'pw' }, DEBUG: true },
    apps: [
      testApp('order', {
        init(ctx) {
          captured = ctx;
          ctx.command('hello', (call) => void handled.push(`command ${call.login}`));
          ctx.on('playerDisconnect', ({ login }) => void handled.push(`leave ${login}`));
        },
      }),
    ],
  }));
  const joined = test.nextEvent('playerConnect', ({ login }) => login === 'anna');
  server.playerJoin('anna', 'Anna');
  await joined;
  const ctx = captured!;
  await ctx.ui.show('panel', h('label', { id: 'go', text: 'Go', onAction: ({ login }) => void handled.push(`click ${login}`) }), { to: 'anna' });
  return { handled, ctx, server, wire, test };
}

describe('one ordered path for callbacks', () => {
  it('handles a chat command, a click and a disconnect that came in one TCP write in wire order', async () => {
    const { handled, server, wire, test } = await startBehindRelay();
    wire.hold();
    server.playerChat('anna', '/hello');
    server.playerClick('anna', 'go');
    server.playerLeave('anna', 'bye');
    await test.waitFor(() => wire.heldCallbacks === 3, 'the three callbacks at the relay');
    wire.release();
    await test.waitFor(() => handled.length === 3, 'the three handlers');
    assert.deepEqual(handled, ['command anna', 'click anna', 'leave anna']);
    // The click is a typed event of the facade, not a callback it does not know.
    assert.deepEqual(test.logs.filter((entry) => entry.message.startsWith('Unhandled callback')), []);
  });

  it('ignores a click that came after its player left in the same write: the leave is handled first', async () => {
    const { handled, server, wire, test } = await startBehindRelay();
    const outcomes: string[] = [];
    test.runtime.ui.onAnswer(({ login, outcome }) => outcomes.push(`${login} ${outcome}`));
    const action = server.manialinks.click('anna', 'go').answer;
    wire.hold();
    server.playerLeave('anna');
    // What a client still sending after its player left would look like on the wire.
    sandbox!.world.addPlayer('anna', 'Anna', false);
    server.playerAnswer('anna', action, []);
    await test.waitFor(() => wire.heldCallbacks === 2, 'the two callbacks at the relay');
    wire.release();
    await test.waitFor(() => outcomes.length === 1, 'the answer');
    assert.deepEqual(handled, ['leave anna']);
    assert.deepEqual(outcomes, ['anna ignored']);
    assert.ok(test.logs.some((entry) => entry.message === `Ignored ManiaLink answer ${JSON.stringify(action)} from anna: the player was not shown this action`));
  });
});
