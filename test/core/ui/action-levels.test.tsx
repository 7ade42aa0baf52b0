import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { AppContext } from 'pitwall';
import { h } from '../../../core/ui/markup.js';
import { startTestCore, testApp, type TestCore } from '../../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

describe('UI actions need a level, checked as for commands', () => {
  it('runs an action for players at its level or above: operator, admin (also as admin: true) and master', async () => {
    const ran: string[] = [];
    let ctx: AppContext | undefined;
    core = await startTestCore({ settings: { ADMINS: ['boss'], DEBUG: true }, apps: [testApp('demo', { init: (appCtx) => void (ctx = appCtx) })] });
    for (const login of ['anna', 'olga', 'ada', 'boss']) await core.join(login);
    // Groups granted in game, kept in the database: they pass as ADMINS do.
    await core.chat('boss', '//admin add olga operator');
    await core.waitForChat('olga is now in group operator.');
    await core.chat('boss', '//admin add ada admin');
    await core.waitForChat('ada is now in group admin.');
    const note = (name: string) => ({ login }: { login: string }) => void ran.push(`${name} ${login}`);
    await ctx!.ui.show('panel', (
      <frame>
        <label id="op" text="Operators" onAction={{ level: 'operator', handler: note('op') }} />
        <label id="adm" text="Admins" onAction={{ admin: true, handler: note('adm') }} />
        <label id="adm2" text="Admins too" onAction={{ level: 'admin', handler: note('adm2') }} />
        <label id="mst" text="Masters" onAction={{ level: 'master', handler: note('mst') }} />
        <label id="all" text="Everyone" onAction={{ level: 'player', handler: note('all') }} />
      </frame>
    ));
    const outcomes: Record<string, string[]> = {};
    for (const login of ['anna', 'olga', 'ada', 'boss']) {
      outcomes[login] = [];
      for (const target of ['op', 'adm', 'adm2', 'mst', 'all']) outcomes[login].push(await core.ui.click(login, target));
    }
    assert.deepEqual(outcomes, {
      anna: ['denied', 'denied', 'denied', 'denied', 'ran'],
      olga: ['ran', 'denied', 'denied', 'denied', 'ran'],
      ada: ['ran', 'ran', 'ran', 'denied', 'ran'],
      boss: ['ran', 'ran', 'ran', 'ran', 'ran'],
    });
    assert.deepEqual(ran, ['all anna', 'op olga', 'all olga', 'op ada', 'adm ada', 'adm2 ada', 'all ada', 'op boss', 'adm boss', 'adm2 boss', 'mst boss', 'all boss']);
    const refusals = core.logs.filter((entry) => entry.message.startsWith('Refused ManiaLink answer') && entry.message.includes(' from olga')).map((entry) => entry.message);
    assert.deepEqual(refusals, [
      'Refused ManiaLink answer "pitwall.demo.panel.1" from olga: the action is for admins only',
      'Refused ManiaLink answer "pitwall.demo.panel.2" from olga: the action is for admins only',
      'Refused ManiaLink answer "pitwall.demo.panel.3" from olga: the action is for master admins only',
    ]);
  });

  it('refuses an action level that is not one of the four, naming it', () => {
    assert.throws(() => h('label', { text: 'x', onAction: { level: 'boss' as never, handler: () => undefined } }), {
      code: 'PW_ERR_UI_ATTRIBUTE',
      message: "Attribute 'onAction' on <label> is not accepted: its level must be one of 'player', 'operator', 'admin', 'master' (got \"boss\"). Fix: change the markup.",
    });
    assert.throws(() => h('quad', { onAction: { admin: 'yes' as never, handler: () => undefined } }), {
      message: "Attribute 'onAction' on <quad> is not accepted: its admin must be true or false (got string). Fix: change the markup.",
    });
    assert.throws(() => h('quad', { onAction: {} as never }), {
      message: "Attribute 'onAction' on <quad> is not accepted: it must be a function or { handler, level }. Fix: change the markup.",
    });
  });
});
