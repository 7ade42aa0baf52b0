import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { AppContext } from '../../../core/apps/define.js';
import { h } from '../../../core/ui/markup.js';
import { startCoreBehindRelay, type CoreBehindRelay } from '../../helpers/core-behind-relay.js';
import { testApp } from '../../helpers/core.js';

let setup: CoreBehindRelay | undefined;
afterEach(async () => {
  await setup?.stop();
  setup = undefined;
});

/** An app that notes each chat command, click and leave as its handler is called; anna joined, shown a button. */
async function start(): Promise<{ handled: string[]; setup: CoreBehindRelay }> {
  const handled: string[] = [];
  let ctx: AppContext | undefined;
  setup = await startCoreBehindRelay({
    settings: { DEBUG: true },
    apps: [
      testApp('order', {
        init(appCtx) {
          ctx = appCtx;
          appCtx.command('hello', (call) => void handled.push(`command ${call.login}`));
          appCtx.on('playerDisconnect', ({ login }) => void handled.push(`leave ${login}`));
        },
      }),
    ],
  });
  await setup.join('anna');
  await ctx!.ui.show('panel', h('label', { id: 'go', text: 'Go', onAction: ({ login }) => void handled.push(`click ${login}`) }), { to: 'anna' });
  return { handled, setup };
}

describe('one ordered path for callbacks', () => {
  it('handles a chat command, a click and a disconnect that came in one TCP write in wire order', async () => {
    const { handled, setup } = await start();
    const { core, sandbox, relay } = setup;
    relay.hold();
    sandbox.playerChat('anna', '/hello');
    sandbox.playerClick('anna', 'go');
    sandbox.playerLeave('anna', 'bye');
    await core.waitFor(() => relay.heldCallbacks === 3, 'the three callbacks at the relay');
    relay.release();
    await core.waitFor(() => handled.length === 3, 'the three handlers');
    assert.deepEqual(handled, ['command anna', 'click anna', 'leave anna']);
    // The click is a typed event of the facade, not a callback it does not know.
    assert.deepEqual(core.logs.filter((entry) => entry.message.startsWith('Unhandled callback')), []);
  });

  it('ignores a click that came after its player left in the same write: the leave is handled first', async () => {
    const { handled, setup } = await start();
    const { core, sandbox, relay } = setup;
    const outcomes: string[] = [];
    core.runtime.ui.onAnswer(({ login, outcome }) => outcomes.push(`${login} ${outcome}`));
    const action = sandbox.manialinks.click('anna', 'go').answer;
    relay.hold();
    sandbox.playerLeave('anna');
    await core.waitFor(() => relay.heldCallbacks === 1, 'the leave at the relay');
    // A click still in flight from a client whose player has just left, right behind the leave.
    relay.sendCallback('ManiaPlanet.PlayerManialinkPageAnswer', [1, 'anna', action, []]);
    relay.release();
    await core.waitFor(() => outcomes.length === 1, 'the answer');
    assert.deepEqual(handled, ['leave anna']);
    assert.deepEqual(outcomes, ['anna ignored']);
    assert.ok(core.logs.some((entry) => entry.message === `Ignored ManiaLink answer ${JSON.stringify(action)} from anna: the player was not shown this action`));
  });
});
