import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { MAX_BODY_BYTES } from '../../../core/dashboard/http.js';
import { startTestCore, type TestCore } from '../../helpers/core.js';
import { DashboardUser, http } from '../../helpers/dashboard.js';

let core: TestCore;
let base: string;

const NOT_LOGGED_IN = { error: 'Not logged in: open a link from `pitwall dashboard link` (or //dashboard in game).' };
const STALE_LINK = { error: 'This login link is unknown, already used or expired: print a new one with `pitwall dashboard link`.' };
const NO_CSRF = { error: 'Missing or stale CSRF token: reload the page (the X-CSRF-Token header must carry the csrf of GET /api/session).' };

const owner = (): Promise<DashboardUser> => DashboardUser.login(core.runtime.dashboard!.loginLink());

beforeEach(async () => {
  core = await startTestCore({ apps: ['admin'], settings: { ADMINS: ['boss'], DASHBOARD: { enabled: true, host: '127.0.0.1', port: 0 } } });
  base = core.runtime.dashboard!.url;
});
afterEach(() => core.stop());

describe('logging in', () => {
  it('pages and the API need a session: / sends to the login page, the API answers 401', async () => {
    const page = await http(base, 'GET', '/');
    assert.equal(page.status, 303);
    assert.equal(page.headers.location, '/login');
    for (const path of ['/api/server', '/api/players', '/api/events', '/api/log', '/api/chat']) {
      const answer = await http(base, 'GET', path);
      assert.equal(answer.status, 401, path);
      assert.deepEqual(answer.json(), NOT_LOGGED_IN);
    }
  });

  it('a one-time link logs in once, with an HttpOnly SameSite=Strict cookie; the same link again is refused', async () => {
    const link = core.runtime.dashboard!.loginLink();
    const token = new URL(link).searchParams.get('token')!;
    const form = await http(base, 'GET', `/login?token=${token}`);
    assert.equal(form.status, 200);
    assert.match(form.text, new RegExp(`<input type="hidden" name="token" value="${token}">`));
    assert.equal(form.headers['referrer-policy'], 'no-referrer');
    const body = `token=${token}`;
    const first = await http(base, 'POST', '/login', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    assert.equal(first.status, 303);
    assert.equal(first.headers.location, '/');
    assert.match(String(first.headers['set-cookie']), /^pitwall_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    const again = await http(base, 'POST', '/login', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    assert.equal(again.status, 401);
    assert.deepEqual(again.json(), STALE_LINK);
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    const session = await http(base, 'GET', '/api/session', { headers: { cookie } });
    assert.equal(session.json().actor, 'dashboard:owner');
    assert.equal(session.json().level, 'master');
    assert.ok(core.logs.some((line) => /^dashboard:owner logged in to the dashboard from (::ffff:)?127\.0\.0\.1$/.test(line.message)));
  });

  it('after five wrong tokens from one address, every login is refused with 429, a valid link too, and stays unused', async () => {
    const login = (token: string) => http(base, 'POST', '/login', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    for (let attempt = 0; attempt < 5; attempt++) {
      const answer = await login(`wrong-${attempt}-aaaaaaaaaaaaaaaaaaaaaaaa`);
      assert.equal(answer.status, 401);
      assert.deepEqual(answer.json(), STALE_LINK);
    }
    const link = core.runtime.dashboard!.loginLink();
    const limited = await login(new URL(link).searchParams.get('token')!);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['retry-after'], '60');
    assert.match(limited.json().error, /^Too many failed logins from (::ffff:)?127\.0\.0\.1: wait 60 s, then open a new link\.$/);
    assert.equal(limited.headers['set-cookie'], undefined);
  });

  it('logging out ends the session and its open event streams; its cookie no longer opens anything', async () => {
    const user = await owner();
    const response = await fetch(new URL('/api/events', base), { headers: { cookie: user.cookie } });
    const ended = (async () => {
      for await (const _chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        // Read until the server ends the stream.
      }
    })();
    const out = await user.post('/logout');
    await ended;
    assert.equal(out.status, 200);
    assert.equal(out.headers['set-cookie']?.[0], 'pitwall_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
    assert.deepEqual((await user.get('/api/server')).json(), NOT_LOGGED_IN);
  });

  it('//dashboard gives a master admin in game a link that logs them in as themselves; others are refused', async () => {
    await core.join('boss', 'The Boss');
    await core.join('pete');
    await core.chat('pete', '//dashboard');
    await core.waitForChat('You are not allowed to use //dashboard.');
    await core.chat('boss', '//dashboard');
    const line = await core.waitForChat(/^Your dashboard login link/);
    assert.deepEqual(line.to, ['boss']);
    const url = /\$l\[(http:\/\/127\.0\.0\.1:\d+\/login\?token=[A-Za-z0-9_-]{43})\]/.exec(line.text)?.[1];
    assert.ok(url, line.text);
    assert.equal(line.text, `Your dashboard login link (works once, within 10 minutes, from the machine running Pitwall): $l[${url}]${url}$l`);
    const user = await DashboardUser.login(url);
    assert.deepEqual(await (await user.get('/api/session')).json(), { actor: 'boss', level: 'master', csrf: user.csrf });
  });
  it('//dashboard <player> sends an operator or admin granted in game a link that logs them in with their own level', async () => {
    await core.join('boss');
    await core.join('olga');
    await core.chat('boss', '//dashboard olga');
    await core.waitForChat('olga has no admin level: grant one first (//admin add olga <group>), then send the link.');
    await core.chat('boss', '//admin add olga operator');
    await core.waitForChat('olga is now in group operator.');
    await core.chat('boss', '//dashboard olga');
    await core.waitForChat('A dashboard login link went to olga (operator) in a private chat line.');
    const line = await core.waitForChat(/^Your dashboard login link/);
    assert.deepEqual(line.to, ['olga']);
    const url = /\$l\[(http:\/\/127\.0\.0\.1:\d+\/login\?token=[A-Za-z0-9_-]{43})\]/.exec(line.text)![1]!;
    const user = await DashboardUser.login(url);
    assert.deepEqual((await user.get('/api/session')).json(), { actor: 'olga', level: 'operator', csrf: user.csrf });
    // An operator's actions are checked as in game: //ban needs admin.
    const ban = await user.post('/api/players/boss/ban');
    assert.equal(ban.status, 403);
    // Demoted in game, the session ends.
    await core.chat('boss', '//admin remove olga');
    await core.waitFor(() => core.runtime.access.levelOf('olga') === 'player', 'olga demoted');
    assert.deepEqual((await user.get('/api/server')).json(), NOT_LOGGED_IN);
  });
});

describe('requests that change something', () => {
  it('need the CSRF token: without it, or with a stale one, 403 and the player stays', async () => {
    await core.join('bob');
    const user = await owner();
    for (const headers of [{}, { 'x-csrf-token': 'stale' }] as Record<string, string>[]) {
      const answer = await user.post('/api/players/bob/kick', {}, headers);
      assert.equal(answer.status, 403);
      assert.deepEqual(answer.json(), NO_CSRF);
    }
    const other = await owner();
    assert.equal((await user.post('/api/command', { line: '//kick bob' }, { 'x-csrf-token': other.csrf })).status, 403);
    assert.ok(core.runtime.server.players.has('bob'));
  });

  it('from another site (Origin) or under another host name (DNS rebinding) are refused', async () => {
    await core.join('bob');
    const user = await owner();
    const cross = await user.post('/api/players/bob/kick', {}, { 'x-csrf-token': user.csrf, origin: 'http://evil.example' });
    assert.equal(cross.status, 403);
    assert.deepEqual(cross.json(), { error: 'A request from another site was refused.' });
    const sameSite = await user.post('/api/players/bob/kick', {}, { 'x-csrf-token': user.csrf, 'sec-fetch-site': 'same-site' });
    assert.equal(sameSite.status, 403);
    assert.deepEqual(sameSite.json(), { error: 'A request from another site was refused.' });
    const port = new URL(base).port;
    const rebound = await http(base, 'GET', '/api/server', { headers: { cookie: user.cookie, host: `evil.example:${port}` } });
    assert.equal(rebound.status, 403);
    assert.deepEqual(rebound.json(), { error: `The dashboard answers only as http://127.0.0.1:${port}/.` });
    assert.ok(core.runtime.server.players.has('bob'));
  });

  it('oversized bodies get 413, unknown routes 404, a bad body 400, and nothing runs', async () => {
    await core.join('bob');
    const user = await owner();
    const big = await user.post('/api/players/bob/kick', { reason: 'x'.repeat(MAX_BODY_BYTES) });
    assert.equal(big.status, 413);
    assert.deepEqual(big.json(), { error: 'The request body is larger than 16384 bytes.' });
    const unknown = await user.get('/api/nothing');
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.json(), { error: 'Nothing is at GET /api/nothing.' });
    assert.deepEqual((await user.post('/api/players/bob/explode')).json(), { error: "Unknown player action 'explode': use kick, mute, warn, ban." });
    assert.deepEqual((await user.post('/api/players/bob%20x/kick')).json(), { error: 'The login must be letters, digits, ".", "_" or "-".' });
    assert.deepEqual((await user.post('/api/command', { line: 'hello' })).json(), { error: 'Give "line": a command as typed in game, e.g. "//kick bob".' });
    const notJson = await user.post('/api/command', undefined, { 'x-csrf-token': user.csrf, 'content-type': 'text/plain' });
    assert.equal(notJson.status, 415);
    assert.deepEqual((await user.post('/api/players/bob/warn')).json(), { error: 'A warn needs a "reason".' });
    assert.ok(core.runtime.server.players.has('bob'));
    assert.equal(core.chatLog.length, 0);
  });
});

// What the server does with the actions: maniaplanet/dedicated-server-api Connection.php kick($player, $message)
// sends Kick(login, message) and the player is dropped (PlayerDisconnect); ban() sends Ban(login, message) and
// ignore() Ignore(login), which the admin app's //ban and //mute call; the sandbox answers them the same way.
describe('acting on players and the console', () => {
  it('kick runs //kick as the owner: the same answer as in game, the sandbox drops the player, the log names the owner', async () => {
    await core.join('bob');
    const user = await owner();
    const left = core.nextEvent('playerDisconnect', (payload) => payload.login === 'bob');
    const answer = await user.post('/api/players/bob/kick', { reason: 'spamming' });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json(), { result: 'ran', answers: ['Kicked bob (bob).'] });
    await left;
    assert.ok(core.logs.some((line) => line.label === 'admin' && line.message === 'dashboard:owner kicked bob (spamming)'));
  });

  it('mute and ban go through the admin app as in game; ban is stored and applied on the server', async () => {
    await core.join('bob');
    await core.join('carl');
    const user = await owner();
    assert.deepEqual((await user.post('/api/players/carl/mute')).json(), { result: 'ran', answers: [] });
    await core.waitForChat('An admin muted carl.');
    assert.ok(core.sandbox.world.ignoreList.has('carl'));
    assert.deepEqual((await user.post('/api/players/bob/ban', { reason: 'cheating' })).json(), { result: 'ran', answers: [] });
    await core.waitForChat('An admin banned bob: cheating');
    assert.ok(core.sandbox.world.banList.has('bob'));
    assert.ok(core.logs.some((line) => line.message === 'dashboard:owner banned bob (cheating)'));
  });

  it('the rules of the game hold: a login in ADMINS cannot be banned from the dashboard either', async () => {
    await core.join('boss');
    const user = await owner();
    assert.deepEqual((await user.post('/api/players/boss/ban')).json(), {
      result: 'ran',
      answers: ['You cannot ban boss: they are a master admin through ADMINS in the settings, which no one can ban in game.'],
    });
    assert.equal(core.sandbox.world.banList.size, 0);
  });

  it('the console runs any command line through the same dispatcher, with its answers', async () => {
    await core.join('bob', '$f00Bob');
    const user = await owner();
    assert.deepEqual((await user.post('/api/command', { line: '/players' })).json(), { result: 'ran', answers: ['1 connected: $f00Bob$z'] });
    const unknown = await user.post('/api/command', { line: '//nope' });
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.json(), { result: 'unknown', answers: ['Unknown command //nope. Type /help for the list.'] });
    const invalid = await user.post('/api/command', { line: '//kick' });
    assert.equal(invalid.status, 400);
    assert.deepEqual(invalid.json(), { result: 'invalid', answers: ["Missing <player>: expected a connected player's login or a part of their name. Usage: //kick <player> [reason...]"] });
    assert.ok(core.logs.some((line) => line.label === 'dashboard' && line.message === 'dashboard:owner runs /players'));
  });

  it('a chat line from the dashboard is sent to everyone as the owner', async () => {
    const user = await owner();
    assert.deepEqual((await user.post('/api/chat', { text: 'restart in 5 minutes' })).json(), { sent: true });
    await core.waitForChat('[Owner] restart in 5 minutes');
    const chat = (await user.get('/api/chat')).json();
    assert.deepEqual(chat.map((line: { login: string; text: string }) => [line.login, line.text]), [['dashboard:owner', 'restart in 5 minutes']]);
  });
});

describe('live pages', () => {
  it('the event stream starts with the server and players, then follows joins, leaves, chat and the log', async () => {
    const user = await owner();
    const live = await user.events();
    try {
      const server = await live.next((event) => event.event === 'server', 'server');
      assert.equal(server.data.name, core.runtime.server.info.name);
      assert.equal(server.data.connection, 'connected');
      assert.equal(server.data.node, process.version);
      await live.next((event) => event.event === 'players' && event.data.length === 0, 'empty players');
      await core.join('alice', '<script>alert(1)</script>');
      const joined = await live.next((event) => event.event === 'players' && event.data.some((player: { login: string }) => player.login === 'alice'), 'alice joined');
      assert.deepEqual(joined.data, [{ login: 'alice', nickName: '<script>alert(1)</script>', name: '<script>alert(1)</script>', level: 'player', isSpectator: false, playSeconds: 0 }]);
      await core.chat('alice', 'hello all');
      const chat = await live.next((event) => event.event === 'chat', 'chat');
      assert.deepEqual([chat.data.login, chat.data.nickName, chat.data.text], ['alice', '<script>alert(1)</script>', 'hello all']);
      core.runtime.logger.info('a line for the live log');
      const log = await live.next((event) => event.event === 'log' && event.data.message === 'a line for the live log', 'log line');
      assert.equal(log.data.level, 'info');
      await core.leave('alice');
      await live.next((event) => event.event === 'players' && event.data.length === 0, 'alice left');
    } finally {
      live.close();
    }
  });

  it('the server view has uptime, Node, database, connection, and the time left once a map began (S_TimeLimit of the mode)', async () => {
    const user = await owner();
    const before = (await user.get('/api/server')).json();
    assert.equal(before.timeLimitSeconds, null);
    assert.equal(before.timeLeftSeconds, null);
    assert.equal(before.node, process.version);
    assert.equal(before.connection, 'connected');
    assert.equal(before.database, core.runtime.database.where);
    assert.ok(Number.isInteger(before.uptimeSeconds));
    const live = await user.events();
    try {
      await core.nextMap();
      // TimeAttack's time limit is the mode setting S_TimeLimit in seconds, applied per map (PyPlanet's
      // pyplanet/apps/contrib/dynatime sets it at map begin); the sandbox's is 300 (core/sandbox/world.ts).
      const timed = await live.next((event) => event.event === 'server' && event.data.timeLimitSeconds !== null, 'the time limit');
      assert.equal(timed.data.timeLimitSeconds, 300);
      assert.equal(timed.data.map.name, 'Sandbox Loops');
      assert.ok(Number.isInteger(timed.data.timeLeftSeconds) && timed.data.timeLeftSeconds <= 300 && timed.data.timeLeftSeconds > 0, String(timed.data.timeLeftSeconds));
    } finally {
      live.close();
    }
  });

  it('the log tail has secrets masked', async () => {
    const user = await owner();
    core.runtime.logger.info(`the password is ${core.settings.DEDICATED.password}`);
    const lines = (await user.get('/api/log')).json() as Array<{ message: string }>;
    assert.ok(lines.some((line) => line.message === 'the password is ********'), JSON.stringify(lines.slice(-3)));
  });

  it('every page answer carries a Content-Security-Policy without inline script', async () => {
    const page = await http(base, 'GET', '/login');
    assert.equal(page.headers['content-security-policy'], "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    const file = await http(base, 'GET', '/static/../../../package.json');
    assert.equal(file.status, 404);
  });
});
