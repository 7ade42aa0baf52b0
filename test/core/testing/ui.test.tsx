import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestCore, testApp, type TestCore } from '../../helpers/core.js';

/** Shows its page a moment after the command, from a timer: after core.chat() has resolved. */
const later = testApp('later', {
  init(ctx) {
    let shown = 0;
    ctx.command('later', (call) => {
      ctx.after(30, async () => {
        shown++;
        await ctx.ui.show('note', <label text={`note ${shown}`} />, { to: call.login });
      });
    });
  },
});

describe('core.ui.waitForPage', () => {
  let core: TestCore;
  before(async () => {
    core = await startTestCore({ apps: [later] });
    await core.join('anna', 'Anna');
  });
  after(() => core.stop());

  it('resolves with a page shown after the handler returned, once the player sees it', async () => {
    await core.chat('anna', '/later');
    assert.equal(core.ui.page('anna', 'pitwall.later.note'), undefined, 'not there yet when the command returned');
    const page = await core.ui.waitForPage('anna', 'pitwall.later.note');
    assert.deepEqual(page.texts, ['note 1']);
  });

  it('waits for the version the test expects, and resolves at once with one already shown', async () => {
    await core.chat('anna', '/later');
    const second = await core.ui.waitForPage('anna', 'pitwall.later.note', (page) => page.texts.includes('note 2'));
    assert.deepEqual(second.texts, ['note 2']);
    assert.deepEqual((await core.ui.waitForPage('anna', 'pitwall.later.note')).texts, ['note 2']);
  });

  it('names the page and what the player sees when it does not come', async () => {
    await assert.rejects(core.ui.waitForPage('anna', 'pitwall.later.missing', undefined, 100), {
      message: `Timed out after 100 ms waiting for anna to see page 'pitwall.later.missing'; anna sees: ["pitwall.later.note"]`,
    });
    await assert.rejects(core.ui.waitForPage('anna', 'pitwall.later.note', (page) => page.texts.includes('note 9'), 100), {
      message: `Timed out after 100 ms waiting for anna to see page 'pitwall.later.note' as expected; anna sees: ["pitwall.later.note"]`,
    });
  });
});

describe('core.grant', () => {
  it('puts a test player in a group, as //admin add does, and refuses an unknown group', async () => {
    const core = await startTestCore({ apps: [testApp('plain')] });
    try {
      assert.equal(core.runtime.access.levelOf('anna'), 'player');
      await core.grant('anna', 'admin');
      assert.equal(core.runtime.access.levelOf('anna'), 'admin');
      assert.deepEqual({ ...core.runtime.access.memberOf('anna'), grantedAt: undefined }, { login: 'anna', group: 'admin', source: 'database', grantedBy: 'testing:owner', grantedAt: undefined });
      await assert.rejects(core.grant('anna', 'boss' as 'admin'), { code: 'PW_ERR_ACCESS_GROUP' });
    } finally {
      await core.stop();
    }
  });
});
