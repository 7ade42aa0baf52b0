import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { AppContext } from 'pitwall';
import { CommandRateLimiter } from '../../../core/server/command-rate.js';
import { startCoreBehindRelay, type CoreBehindRelay } from '../../helpers/core-behind-relay.js';
import { testApp } from '../../helpers/core.js';

let setup: CoreBehindRelay | undefined;
afterEach(async () => {
  await setup?.stop();
  setup = undefined;
});

describe('what Pitwall keeps per login', () => {
  it('releases the /help window, the pages and the flood-limit entry of a player who leaves', async () => {
    let ctx: AppContext | undefined;
    setup = await startCoreBehindRelay({ apps: [testApp('demo', { init: (appCtx) => void (ctx = appCtx) })] });
    const { core } = setup;
    const ui = core.runtime.ui;
    const limiter = core.runtime.container.resolve(CommandRateLimiter);
    await setup.join('anna');
    await setup.chat('anna', '/help');
    await core.waitFor(() => setup!.sandbox.manialinks.pages('anna').some((page) => page.id === 'pitwall.core.help'), 'the help window');
    await ctx!.ui.show('mine', <label text="only anna" />, { to: 'anna' });
    assert.equal(ui.trackedLogins, 1);
    assert.equal(limiter.size, 1);
    await setup.leave('anna');
    assert.equal(ui.trackedLogins, 0);
    assert.equal(limiter.size, 0);
  });

  it('keeps no page for logins that never connected: forged /help lines and pages shown to ghosts', async () => {
    let ctx: AppContext | undefined;
    setup = await startCoreBehindRelay({ apps: [testApp('demo', { init: (appCtx) => void (ctx = appCtx) })] });
    const { core, relay, sandbox } = setup;
    await setup.join('anna');
    for (let index = 0; index < 200; index++) relay.sendCallback('ManiaPlanet.PlayerChat', [100 + index, `ghost${index}`, '/help', false, 0]);
    // anna's /help is answered after the ghosts' (one connection, answered in order): once her window is
    // there, whatever the ghosts' /help did is done.
    await setup.chat('anna', '/help');
    await core.waitFor(() => sandbox.manialinks.pages('anna').some((page) => page.id === 'pitwall.core.help'), "anna's help window");
    await ctx!.ui.show('mine', <label text="for a ghost" />, { to: ['ghost1', 'ghost2'] });
    await ctx!.ui.show('everyone', <label text="for everyone" />);
    const toGhosts = sandbox.calls.filter((call) => call.method === 'SendDisplayManialinkPageToLogin' && String(call.params[0]).startsWith('ghost'));
    assert.deepEqual(toGhosts, []);
    assert.equal(core.runtime.ui.trackedLogins, 1, 'anna only');
    assert.deepEqual(core.errors, []);
  });
});
