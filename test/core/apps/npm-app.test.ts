import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { it } from 'node:test';
import { startTestCore } from '../../helpers/core.js';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

it('loads an app from an npm package name, installed from a packed tarball, written in plain JS', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pitwall-npm-app-'));
  const source = join(root, 'source');
  mkdirSync(source);
  writeFileSync(
    join(source, 'package.json'),
    JSON.stringify({ name: 'pitwall-app-lapcount', version: '1.2.0', type: 'module', exports: './index.js', peerDependencies: { pitwall: '*' } }),
  );
  // No build step and no link to Pitwall: an app is a plain object of the right shape.
  writeFileSync(
    join(source, 'index.js'),
    `export default {
  id: 'lapcount',
  version: '1.2.0',
  init(ctx) {
    let laps = 0;
    ctx.on('modeScript', ({ name }) => { if (name === 'Trackmania.Event.WayPoint') laps++; });
    ctx.command('laps', (call) => call.reply(\`\${laps} lap(s) so far\`));
  },
};
`,
  );
  await run(npm, ['pack', '--pack-destination', root], { cwd: source, timeout: 60_000 });
  const site = join(root, 'site');
  mkdirSync(site);
  writeFileSync(join(site, 'package.json'), JSON.stringify({ name: 'my-server', private: true }));
  await run(npm, ['install', '../pitwall-app-lapcount-1.2.0.tgz', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--legacy-peer-deps'], { cwd: site, timeout: 60_000 });

  const core = await startTestCore({ apps: ['pitwall-app-lapcount'], cwd: site });
  try {
    assert.equal(core.state('lapcount'), 'RUNNING');
    await core.join('anna');
    await core.finish('anna', 25_000);
    await core.chat('anna', '/laps');
    await core.waitForChat('1 lap(s) so far');
  } finally {
    await core.stop();
  }
});
