import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setPassword } from '../../../core/dashboard/password.js';
import { startTestCore } from '../../helpers/core.js';
import { runCli } from '../../helpers/cli.js';
import { DashboardUser, http } from '../../helpers/dashboard.js';

const PASSWORD = 'correct horse battery staple';
const form = { 'content-type': 'application/x-www-form-urlencoded' };
const passwordLogin = (base: string, password: string) => http(base, 'POST', '/login', { headers: form, body: `password=${encodeURIComponent(password)}` });

async function coreWithPassword(host = '127.0.0.1') {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-dashboard-pw-'));
  await setPassword(dataDir, PASSWORD);
  return startTestCore({ settings: { DATA_DIR: dataDir, DASHBOARD: { enabled: true, host, port: 0 } } });
}

describe('pitwall dashboard passwd', () => {
  it('--stdin stores a salted scrypt hash in DATA_DIR/dashboard-password for its owner only; a short one is refused', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-dashboard-pw-'));
    const env = { PITWALL_DATA_DIR: dataDir, PITWALL_APPS: '[]' };
    const short = runCli(['dashboard', 'passwd', '--stdin'], env, 'short\n');
    assert.equal((await short.exited).code, 1);
    assert.equal(short.output(), 'PW_ERR_DASHBOARD_PASSWORD: That dashboard password cannot be used: it has 5 characters, fewer than 10. Fix: choose one line of 10 to 1024 characters (a few random words are easy to type and hard to guess).\n');
    const file = join(dataDir, 'dashboard-password');
    assert.throws(() => statSync(file), { code: 'ENOENT' });
    const set = runCli(['dashboard', 'passwd', '--stdin'], env, `${PASSWORD}\n`);
    assert.equal((await set.exited).code, 0, set.output());
    assert.equal(set.output(), `The dashboard password is set (a scrypt hash in ${file}, readable by you only). No running dashboard answered; the next one started uses it.\n`);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const first = readFileSync(file, 'utf8');
    assert.match(first, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}\n$/);
    assert.ok(!first.includes(PASSWORD));
    // The same password again gets a new salt, so a new hash.
    const again = runCli(['dashboard', 'passwd', '--stdin'], env, PASSWORD);
    assert.equal((await again.exited).code, 0);
    assert.notEqual(readFileSync(file, 'utf8'), first);
  });

  it('without --stdin and without a terminal it refuses to read the password (it would be echoed)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-dashboard-pw-'));
    const cli = runCli(['dashboard', 'passwd'], { PITWALL_DATA_DIR: dataDir, PITWALL_APPS: '[]' }, '');
    assert.equal((await cli.exited).code, 2);
    assert.equal(cli.output(), 'Standard input is not a terminal, so the password cannot be asked for without echo. Use `pitwall dashboard passwd --stdin` and send the password as one line.\n');
  });
});

describe('logging in with the password', () => {
  it('the login page has a password form; the right password logs in as the owner, a wrong one is refused and counted', async () => {
    const core = await coreWithPassword();
    try {
      const base = core.runtime.dashboard!.url;
      const page = await http(base, 'GET', '/login');
      assert.match(page.text, /<input type="password" name="password" id="password" autocomplete="current-password" required>/);
      const wrong = await passwordLogin(base, 'not the password');
      assert.equal(wrong.status, 401);
      assert.match(wrong.text, /<p class="error" id="login-error" role="alert">Wrong password\.<\/p>/);
      assert.equal(wrong.headers['set-cookie'], undefined);
      const json = await http(base, 'POST', '/login', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'still wrong!' }) });
      assert.deepEqual([json.status, json.json()], [401, { error: 'Wrong password.' }]);
      const right = await passwordLogin(base, PASSWORD);
      assert.equal(right.status, 303);
      const cookie = String(right.headers['set-cookie']).split(';')[0]!;
      assert.equal((await http(base, 'GET', '/api/session', { headers: { cookie } })).json().actor, 'dashboard:owner');
      assert.ok(core.logs.some((line) => /^dashboard:owner logged in to the dashboard from (::ffff:)?127\.0\.0\.1 with the password$/.test(line.message)));
      // Five failures within the minute: the right password is refused too (3 more wrong ones after the 2 above).
      for (let attempt = 0; attempt < 3; attempt++) assert.equal((await passwordLogin(base, `wrong ${attempt} attempt`)).status, 401);
      const limited = await passwordLogin(base, PASSWORD);
      assert.equal(limited.status, 429);
      assert.equal(limited.headers['retry-after'], '60');
    } finally {
      await core.stop();
    }
  });

  it('without a password set, a password login is refused with how to set one', async () => {
    const core = await startTestCore({ settings: { DASHBOARD: { enabled: true, host: '127.0.0.1', port: 0 } } });
    try {
      const base = core.runtime.dashboard!.url;
      assert.doesNotMatch((await http(base, 'GET', '/login')).text, /type="password"/);
      const answer = await passwordLogin(base, PASSWORD);
      assert.deepEqual([answer.status, answer.json()], [401, { error: 'No dashboard password is set: set one with `pitwall dashboard passwd`, or log in with a link from `pitwall dashboard link`.' }]);
    } finally {
      await core.stop();
    }
  });

  it('changing the password ends every session, link sessions too, and their open event streams', async () => {
    const core = await coreWithPassword();
    try {
      const user = await DashboardUser.login(core.runtime.dashboard!.loginLink());
      const response = await fetch(new URL('/api/events', user.base), { headers: { cookie: user.cookie } });
      const ended = (async () => {
        for await (const _chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          // Read until the server ends the stream.
        }
      })();
      const cli = runCli(['dashboard', 'passwd', '--stdin'], { PITWALL_DATA_DIR: core.dataDir, PITWALL_APPS: '[]' }, 'a brand new password\n');
      assert.equal((await cli.exited).code, 0, cli.output());
      assert.match(cli.output(), /The running dashboard ended every session: log in again\.\n$/);
      await ended;
      const after = await user.get('/api/server');
      assert.equal(after.status, 401);
      assert.ok(core.logs.some((line) => line.message === 'The dashboard password was changed: 1 session(s) ended'));
      assert.equal((await passwordLogin(user.base, PASSWORD)).status, 401);
      assert.equal((await passwordLogin(user.base, 'a brand new password')).status, 303);
    } finally {
      await core.stop();
    }
  });
});

describe('DASHBOARD.host beyond loopback', () => {
  it('is allowed once a password is set; the machine answers under its addresses, a foreign name is still refused', async () => {
    const core = await coreWithPassword('0.0.0.0');
    try {
      const base = core.runtime.dashboard!.url;
      const port = new URL(base).port;
      assert.equal(base, `http://0.0.0.0:${port}/`);
      const right = await passwordLogin(`http://127.0.0.1:${port}/`, PASSWORD);
      assert.equal(right.status, 303);
      const cookie = String(right.headers['set-cookie']).split(';')[0]!;
      const byAddress = await http(`http://127.0.0.1:${port}/`, 'GET', '/api/session', { headers: { cookie, host: `10.1.2.3:${port}` } });
      assert.equal(byAddress.status, 200);
      const byName = await http(`http://127.0.0.1:${port}/`, 'GET', '/api/session', { headers: { cookie, host: `evil.example:${port}` } });
      assert.equal(byName.status, 403);
    } finally {
      await core.stop();
    }
  });
});
