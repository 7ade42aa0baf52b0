import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { it } from 'node:test';
import { PROJECT_ROOT } from '../core/reporting/stack.js';
import { PITWALL_VERSION } from '../core/version.js';
import { controllerPid, runProcess } from './helpers/cli.js';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
/** npm and npx never reach a registry here: everything comes from local tarballs and files. */
const offline = { npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');

/** The README's owner-project steps, one shell line each. */
function readmeSteps(): string[] {
  const block = /<!-- owner-project steps -->\n```sh\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, 'the README shows the owner-project steps');
  return block[1]!.split('\n').filter((line) => line.trim() !== '');
}

/**
 * What the registry would give `npm install pitwall` offline: Pitwall's own dependencies, as installed in this
 * clone (the built better-sqlite3 for Node 20 among them), put where npm finds them already satisfied.
 */
async function provideDependencies(site: string): Promise<void> {
  const { stdout } = await run(npm, ['ls', '--omit=dev', '--parseable', '--all'], { cwd: PROJECT_ROOT, timeout: 60_000, env: { ...process.env, ...offline } }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  // npm may print the folders through a linked node_modules or at their real place.
  const roots = [...new Set([join(PROJECT_ROOT, 'node_modules'), realpathSync(join(PROJECT_ROOT, 'node_modules'))])];
  for (const folder of stdout.split('\n')) {
    const modules = roots.find((root) => folder.startsWith(`${root}/`));
    if (modules) cpSync(realpathSync(folder), join(site, 'node_modules', relative(modules, folder)), { recursive: true });
  }
}

/** An app published as a package: plain JS, no build step, Pitwall as a peer. */
async function packedApp(folder: string): Promise<string> {
  const source = join(folder, 'lapcount-source');
  mkdirSync(source);
  writeFileSync(
    join(source, 'package.json'),
    JSON.stringify({ name: 'pitwall-app-lapcount', version: '1.2.0', type: 'module', exports: './index.js', peerDependencies: { pitwall: '*' } }),
  );
  writeFileSync(
    join(source, 'index.js'),
    `export default {
  id: 'lapcount',
  version: '1.2.0',
  start(ctx) {
    ctx.logger.info(\`lapcount ready on \${ctx.server.info.name}, \${ctx.server.players.size} player(s)\`);
  },
  init() {},
};
`,
  );
  await run(npm, ['pack', '--pack-destination', folder], { cwd: source, timeout: 60_000, env: { ...process.env, ...offline } });
  return join(folder, 'pitwall-app-lapcount-1.2.0.tgz');
}

it('a fresh owner project made by following the README runs a packaged app with npx pitwall start, from a packed Pitwall, offline', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'pitwall-owner-e2e-'));
  // The tarball npm pack makes of this clone (already built; the prepack check has tests of its own).
  await run(npm, ['pack', '--ignore-scripts', '--pack-destination', folder], { cwd: PROJECT_ROOT, timeout: 120_000, env: { ...process.env, ...offline } });
  const pitwallTarball = join(folder, `pitwall-${PITWALL_VERSION}.tgz`);
  assert.ok(existsSync(pitwallTarball));
  const appTarball = await packedApp(folder);

  const steps = readmeSteps();
  assert.deepEqual(steps, ['mkdir my-server && cd my-server', 'npm init -y', 'npm install pitwall', 'npx pitwall init', 'npm install pitwall-app-lapcount', 'npx pitwall start']);
  const site = join(folder, 'my-server');
  const env = { ...process.env, ...offline };
  // Before Pitwall is on npm, the README says, its tarball takes the place of the name.
  const installs: Record<string, string> = { 'npm install pitwall': pitwallTarball, 'npm install pitwall-app-lapcount': appTarball };
  for (const step of steps.slice(0, -1)) {
    if (step === 'mkdir my-server && cd my-server') {
      mkdirSync(site);
    } else if (installs[step]) {
      if (step === 'npm install pitwall') await provideDependencies(site);
      await run(npm, ['install', installs[step]!], { cwd: site, timeout: 120_000, env });
    } else {
      const [command, ...args] = step.split(' ');
      await run(command === 'npx' ? npx : npm, args, { cwd: site, timeout: 60_000, env });
    }
  }
  const manifest = JSON.parse(readFileSync(join(site, 'package.json'), 'utf8')) as { type: string; dependencies: Record<string, string>; scripts: Record<string, string> };
  assert.equal(manifest.type, 'module');
  assert.deepEqual(Object.keys(manifest.dependencies).sort(), ['pitwall', 'pitwall-app-lapcount']);
  assert.equal(manifest.scripts.start, 'pitwall start');
  for (const file of ['settings.mjs', 'pitwall.service', '.gitignore']) assert.ok(existsSync(join(site, file)), file);

  // The README's next step: the package's name in APPS, in settings.mjs.
  const appsLine = /`(export const APPS = \[.*'pitwall-app-lapcount'\];)`/.exec(readme)?.[1];
  assert.ok(appsLine, 'the README shows the APPS line');
  const settingsFile = join(site, 'settings.mjs');
  const settings = readFileSync(settingsFile, 'utf8');
  assert.match(settings, /^export const APPS = \['welcome', 'admin', 'records', 'maps'\];$/m);
  writeFileSync(settingsFile, settings.replace(/^export const APPS = .*$/m, appsLine));

  // The sandbox on a free port and without simulated players, so the log is the apps' own.
  const start = runProcess(npx, ['pitwall', 'start'], { ...offline, PITWALL_DEDICATED__PORT: '0', PITWALL_SANDBOX_ACTIVITY__ENABLED: 'false' }, site);
  let pid: number | undefined;
  try {
    await start.waitForOutput('lapcount ready on Pitwall Sandbox, 0 player(s)', 60_000);
    // Ctrl+C in a terminal reaches the controller itself (npx's whole process group gets it).
    pid = await controllerPid(start);
    assert.match(start.output(), /Apps: 5 running \(welcome, admin, records, maps, lapcount\), 0 failed/);
    // Its data folder is the project's var/, as settings.mjs says.
    assert.ok(existsSync(join(site, 'var', 'pitwall.sqlite')), start.output());
  } finally {
    if (pid !== undefined) process.kill(pid, 'SIGTERM');
    else start.child.kill('SIGKILL');
  }
  const { code } = await start.exited;
  assert.equal(code, 0, start.output());
  assert.match(start.output(), /SIGTERM received, stopping/);
  const stopped = start.output().indexOf("App 'lapcount' stopped");
  assert.ok(stopped > 0 && stopped < start.output().indexOf('Pitwall stopped'), start.output());
  assert.doesNotMatch(start.output(), /PW_ERR_/);

  // The systemd unit init wrote: its exact ExecStart, in its WorkingDirectory, stopped by its KillSignal.
  const unit = readFileSync(join(site, 'pitwall.service'), 'utf8');
  const [node, ...args] = /^ExecStart=(.+)$/m.exec(unit)![1]!.split(' ');
  const workingDirectory = /^WorkingDirectory=(.+)$/m.exec(unit)![1]!;
  assert.equal(workingDirectory, site);
  const service = runProcess(node!, args, { PITWALL_DEDICATED__PORT: '0', PITWALL_SANDBOX_ACTIVITY__ENABLED: 'false' }, workingDirectory);
  await service.waitForOutput('press Ctrl+C to stop', 60_000).catch((error: unknown) => {
    service.child.kill('SIGKILL');
    throw error;
  });
  assert.match(service.output(), /Apps: 5 running \(welcome, admin, records, maps, lapcount\), 0 failed/);
  service.child.kill(/^KillSignal=(.+)$/m.exec(unit)![1]! as NodeJS.Signals);
  assert.equal((await service.exited).code, 0, service.output());
});
