import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { startTestCore } from '../../helpers/core.js';
import { runCli } from '../../helpers/cli.js';
import { DashboardUser } from '../../helpers/dashboard.js';

const dashboardOn = (port = 0, host = '127.0.0.1') => ({ DASHBOARD: { enabled: true, host, port } });

it('a port in use stops the start with PW_ERR_DASHBOARD_PORT naming the port and the fix, before any app runs', async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as { port: number }).port;
  let initialised = false;
  try {
    await assert.rejects(startTestCore({ settings: dashboardOn(port), apps: [{ id: 'probe', version: '1.0.0', init: () => void (initialised = true) }] }), {
      code: 'PW_ERR_DASHBOARD_PORT',
      message: `The dashboard cannot listen on 127.0.0.1:${port}: the port is already in use. Fix: set DASHBOARD.port to a free port (0 picks any free one) or stop what is using it, or set DASHBOARD.enabled to false.`,
    });
    assert.equal(initialised, false);
  } finally {
    taken.close();
  }
});

it('a host other than loopback is refused with PW_ERR_DASHBOARD_HOST while no password is set', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-dashboard-'));
  await assert.rejects(startTestCore({ settings: { DATA_DIR: dataDir, ...dashboardOn(0, '0.0.0.0') } }), {
    code: 'PW_ERR_DASHBOARD_HOST',
    message:
      `DASHBOARD.host '0.0.0.0' is not a loopback address, and the dashboard has no password to guard it from other machines (${join(dataDir, 'dashboard-password')} does not exist). ` +
      "Fix: set a password with `pitwall dashboard passwd` and start again, or set DASHBOARD.host to '127.0.0.1' (or '::1') and reach it from elsewhere through an SSH tunnel (ssh -L 8360:127.0.0.1:8360 <server>).",
  });
});

it('writes DATA_DIR/dashboard.json for its owner only while it runs, and removes it at stop', async () => {
  const core = await startTestCore({ settings: dashboardOn() });
  const file = join(core.dataDir, 'dashboard.json');
  const control = JSON.parse(readFileSync(file, 'utf8')) as { url: string; pid: number };
  assert.equal(control.url, core.runtime.dashboard!.url);
  assert.equal(control.pid, process.pid);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.ok(core.logs.some((line) => line.message === `Dashboard: ${control.url} (log in with the link \`pitwall dashboard link\` prints, or //dashboard in game)`));
  await core.runtime.stop();
  assert.throws(() => statSync(file), { code: 'ENOENT' });
  await core.stop();
});

it('`pitwall dashboard link` asks the running `pitwall start` for a one-time link that logs in as the owner', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-dashboard-'));
  const env = { PITWALL_DATA_DIR: dataDir, PITWALL_DEDICATED__PORT: '0', PITWALL_APPS: '[]', PITWALL_DASHBOARD__ENABLED: 'true' };
  const none = runCli(['dashboard', 'link'], env);
  assert.equal((await none.exited).code, 1);
  assert.equal(
    none.output(),
    `PW_ERR_DASHBOARD_NOT_RUNNING: No running dashboard answered (${join(dataDir, 'dashboard.json')}): the file does not exist, so no controller with a dashboard runs on this DATA_DIR. ` +
      'Fix: start the controller (npm start) with DASHBOARD.enabled set to true and the same DATA_DIR, then run this command again.\n',
  );
  const controller = runCli(['start'], env);
  try {
    await controller.waitForOutput(/Dashboard: http:\/\/127\.0\.0\.1:\d+\//, 40_000);
    const cli = runCli(['dashboard', 'link'], env);
    assert.equal((await cli.exited).code, 0, cli.output());
    const link = /^(http:\/\/127\.0\.0\.1:\d+\/login\?token=[A-Za-z0-9_-]{43})$/m.exec(cli.output())?.[1];
    assert.ok(link, cli.output());
    assert.ok(cli.output().startsWith('Open this link in a browser on this machine (it works once, within 10 minutes):\n'));
    const user = await DashboardUser.login(link);
    assert.equal((await user.get('/api/session')).json().actor, 'dashboard:owner');
    await controller.waitForOutput('A login link was printed by `pitwall dashboard link`');
  } finally {
    controller.child.kill('SIGINT');
    await controller.exited;
  }
  const off = runCli(['dashboard', 'link'], { ...env, PITWALL_DASHBOARD__ENABLED: 'false' });
  assert.equal((await off.exited).code, 1);
  assert.equal(off.output(), 'PW_ERR_DASHBOARD_OFF: The dashboard is off (DASHBOARD.enabled is false), so there is nothing to log in to. Fix: set DASHBOARD.enabled to true in settings/base.ts and restart Pitwall.\n');
});
