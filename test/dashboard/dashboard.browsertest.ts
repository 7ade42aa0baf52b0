/**
 * The dashboard in a real browser: Debian's chromium driven by playwright-core (`npm run test:browser`;
 * .ci/run installs chromium). Log in with a one-time link, see players appear as they join the sandbox,
 * kick one and see the sandbox drop them, run a console command, follow the log, log out; a nickname made of
 * markup shows as text.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestCore, testApp, type TestCore } from '../helpers/core.js';

let core: TestCore;
const faulty = testApp('faulty', {
  init(ctx) {
    ctx.command('boom', () => {
      throw new RangeError('the <b>boom</b> went off');
    });
  },
});
let browser: Browser;
let page: Page;
const problems: string[] = [];

before(async () => {
  core = await startTestCore({ apps: ['admin', 'welcome', 'maps', 'karma', faulty], reporting: true, settings: { LOGGING_REPORTING: 1, DASHBOARD: { enabled: true, host: '127.0.0.1', port: 0 } } });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-background-networking'] });
  page = await browser.newPage();
  // A script error, a Content-Security-Policy refusal or an alert() would each be a failure.
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
});

after(async () => {
  await browser?.close();
  await core?.stop();
});

it('logs in with a one-time link and shows the server', async () => {
  await page.goto(core.runtime.dashboard!.loginLink());
  await page.click('#login');
  await page.waitForURL(core.runtime.dashboard!.url);
  await page.locator('#who', { hasText: 'dashboard:owner (master)' }).waitFor();
  await page.locator('#live', { hasText: 'live' }).waitFor();
  assert.equal(await page.locator('dd[data-field="name"]').textContent(), core.runtime.server.info.name);
  assert.equal(await page.locator('dd[data-field="dedicated server"]').textContent(), 'connected');
});

it('shows players as they join the sandbox; a nickname made of markup is shown as text', async () => {
  const nick = '<img src=x id=injected onerror=alert(1)>$f00Alice';
  await core.join('alice', nick);
  const row = page.locator('tr[data-login="alice"]');
  await row.waitFor();
  assert.equal(await row.locator('td.name').textContent(), '<img src=x id=injected onerror=alert(1)>Alice');
  assert.equal(await page.locator('#injected').count(), 0);
  await core.join('bob');
  await page.locator('tr[data-login="bob"]').waitFor();
  assert.equal(await page.locator('#player-count').textContent(), '(2)');
});

it('kicks a player from their row: the answer of //kick shows, the sandbox drops them, the row goes', async () => {
  const left = core.nextEvent('playerDisconnect', (payload) => payload.login === 'bob');
  await page.fill('#reason', 'spamming');
  await page.click('tr[data-login="bob"] button[data-action="kick"]');
  await page.locator('#action-result', { hasText: 'Kicked bob (bob).' }).waitFor();
  await left;
  await page.locator('tr[data-login="bob"]').waitFor({ state: 'detached' });
  assert.ok(core.logs.some((line) => line.message === 'dashboard:owner kicked bob (spamming)'));
});

it('runs a command in the console and sends chat as the owner', async () => {
  await page.click('nav a[data-page="chat"]');
  await page.fill('#command', '/players');
  await page.press('#command', 'Enter');
  await page.locator('#console-output li', { hasText: '1 connected: <img src=x id=injected onerror=alert(1)>$f00Alice$z' }).waitFor();
  await page.fill('#chat-text', 'hello from the owner');
  await page.press('#chat-text', 'Enter');
  await core.waitForChat('[Owner] hello from the owner');
  await page.locator('#chat-lines li', { hasText: 'Owner (dashboard:owner): hello from the owner' }).waitFor();
  await core.chat('alice', 'hi owner');
  await page.locator('#chat-lines li', { hasText: '(alice): hi owner' }).waitFor();
});

it('lists the maps and queues one in the jukebox through /jukebox add', async () => {
  await page.click('nav a[data-page="maps"]');
  const [, loops] = core.sandbox.world.maps;
  const row = page.locator(`#maps tr[data-uid="${loops!.UId}"]`);
  await row.waitFor();
  assert.equal(await row.locator('td.name').textContent(), 'Sandbox Loops');
  await row.locator('button.queue').click();
  await core.waitForChat('dashboard:owner added Sandbox Loops to the jukebox (#1).');
  await page.locator('#jukebox li', { hasText: 'Sandbox Loops (queued by dashboard:owner)' }).waitFor();
  assert.equal(await row.locator('td.queued').textContent(), '#1');
});

it('draws the HUD a player sees: the karma widget\'s labels, positioned, with formatting codes rendered', async () => {
  await core.ui.waitForPage('alice', 'pitwall.karma.widget');
  await page.click('nav a[data-page="hud"]');
  await page.selectOption('#hud-player', 'alice');
  await page.click('#hud-refresh');
  const label = page.locator('#hud-canvas .ml-label[data-page="pitwall.karma.widget"]', { hasText: 'Karma' });
  await label.waitFor();
  assert.equal(await label.first().textContent(), 'Karma');
  assert.match((await page.locator('#hud-summary').textContent())!, /^1 page\(s\): \d+ element\(s\) drawn, \d+ shown as boxes$/);
  assert.deepEqual(await page.locator('#hud-pages li').allTextContents(), ['karma: pitwall.karma.widget']);
  // Where the game puts it (apps/karma/widget.tsx): frame at (140, 60), label at (12, -3) in it, 22 x 4, centred both
  // ways; the box is 960 px for 320 units (3 px each), origin in the middle, y up: left (152 - 11 + 160) * 3 = 903,
  // top (90 - 57 - 2) * 3 = 93.
  const box = (await page.locator('#hud-canvas').boundingBox())!;
  const at = (await label.first().boundingBox())!;
  assert.deepEqual([Math.round(at.x - box.x), Math.round(at.y - box.y), Math.round(at.width), Math.round(at.height)], [903, 93, 66, 12]);
  assert.equal(await label.first().evaluate((node) => (globalThis as unknown as { getComputedStyle(node: unknown): { color: string } }).getComputedStyle(node).color), 'rgb(170, 170, 170)');
  // Formatting codes: the renderer turns $f00 into red text and drops $o, $l[...] from what is read.
  const runs = await page.evaluate(async (module) => {
    const { formatRuns } = (await import(module)) as { formatRuns(text: string): unknown };
    return formatRuns('$f00Red $oBold$z $l[http://x]link$l $$5');
  }, '/static/hud.js');
  assert.deepEqual(runs, [{ text: 'Red ', colour: 'f00' }, { text: 'Bold', colour: 'f00', bold: true }, { text: ' ' }, { text: 'link' }, { text: ' $5' }]);
});

it('edits an app setting live through //set and shows the new value', async () => {
  await page.click('nav a[data-page="apps"]');
  const form = page.locator('form.setting[data-app="welcome"][data-key="privately"]');
  await form.waitFor();
  assert.equal(await form.locator('.value').textContent(), 'false');
  assert.equal(await page.locator('article.app[data-app="admin"] .state').textContent(), 'RUNNING');
  await form.locator('input').fill('true');
  await form.locator('button').click();
  await page.locator('#app-result', { hasText: 'welcome.privately is now true.' }).waitFor();
  await page.locator('form.setting[data-app="welcome"][data-key="privately"] .value', { hasText: 'true' }).waitFor();
  assert.equal(core.runtime.appSettings.settingsOf('welcome')!.privately, true);
});

it('opens an incident and shows the report exactly as it left', async () => {
  await core.chat('alice', '/boom');
  await core.waitFor(() => core.logs.some((line) => /\(incident [0-9a-f]{32}\)$/.test(line.message)), 'the incident line');
  const id = /\(incident ([0-9a-f]{32})\)$/.exec(core.logs.find((line) => /\(incident [0-9a-f]{32}\)$/.test(line.message))!.message)![1]!;
  await page.click('nav a[data-page="incidents"]');
  await page.click(`button.open[data-incident="${id}"]`);
  await page.locator('#incident-title', { hasText: 'RangeError in faulty: the <b>boom</b> went off' }).waitFor();
  assert.equal(await page.locator('#incident-note').textContent(), `At LOGGING_REPORTING = 1, incident ${id} of 'faulty' would be written to ${core.dataDir}/reports (REPORTING_DSN is empty). Nothing was sent.`);
  const body = (await page.locator('#incident-report').textContent())!;
  assert.equal(JSON.parse(body.split('\n')[2]!).event_id, id);
  assert.equal(await page.locator('#incident-title b').count(), 0);
});

it('follows the log live, filtered by label', async () => {
  await page.click('nav a[data-page="log"]');
  core.runtime.logger.child({ label: 'admin' }).info('a line from the admin app');
  core.runtime.logger.info('a core line');
  await page.locator('#log-lines li', { hasText: '[admin] a line from the admin app' }).waitFor();
  await page.locator('#log-lines li', { hasText: '[core] a core line' }).waitFor();
  await page.fill('#log-label', 'admin');
  assert.equal(await page.locator('#log-lines li', { hasText: 'a core line' }).count(), 0);
  assert.equal(await page.locator('#log-lines li', { hasText: 'a line from the admin app' }).count(), 1);
});

it('logs out: back to the login page, and the old page can no longer act', async () => {
  await page.click('#logout');
  await page.waitForURL(/\/login$/);
  await page.goto(core.runtime.dashboard!.url);
  await page.waitForURL(/\/login$/);
  assert.deepEqual(problems, []);
});
