import assert from 'node:assert/strict';
import { afterEach, beforeEach, it } from 'node:test';
import { startTestCore, type TestCore } from '../../helpers/core.js';
import { DashboardUser } from '../../helpers/dashboard.js';

let core: TestCore;
let owner: DashboardUser;

beforeEach(async () => {
  core = await startTestCore({ apps: ['karma'], settings: { DASHBOARD: { enabled: true, host: '127.0.0.1', port: 0 } } });
  owner = await DashboardUser.login(core.runtime.dashboard!.loginLink());
});
afterEach(() => core.stop());

it('GET /api/hud?login= gives the pages the player has on screen, exactly the XML the server was sent', async () => {
  await core.join('anna', 'Anna');
  const seen = await core.ui.waitForPage('anna', 'pitwall.karma.widget');
  const answer = await owner.get('/api/hud?login=anna');
  assert.equal(answer.status, 200);
  assert.deepEqual(answer.json(), { login: 'anna', pages: [{ app: 'karma', id: 'pitwall.karma.widget', xml: seen.xml }] });
  assert.deepEqual(seen.texts, ['Karma', '0 (0)', '++', '--']);
});

it('a login that is not connected, or not a login, is answered with what to give', async () => {
  const away = await owner.get('/api/hud?login=nobody');
  assert.deepEqual([away.status, away.json()], [404, { error: "nobody is not connected: the HUD preview shows a connected player's pages." }]);
  const bad = await owner.get('/api/hud?login=%3Cb%3E');
  assert.deepEqual([bad.status, bad.json()], [400, { error: 'Give ?login=<login> of a connected player: the HUD preview shows what they see.' }]);
});
