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

it('.ci/run then runs the same compiled suite on Node 24, the one npm test runs', () => {
  const ci = readFileSync(join(PROJECT_ROOT, '.ci', 'run'), 'utf8');
  const scripts = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  assert.equal(scripts.test, 'npm run build && npm run test:dist');
  assert.match(scripts['test:dist']!, /^node --test /);
  assert.match(ci, /^LTS_MAJOR=24$/m);
  assert.match(ci, /npx --yes -p "node@\$\{LTS_MAJOR\}"/);
  assert.match(ci, /^on_lts npm run test:dist$/m);
  assert.ok(ci.indexOf('npm install && npm test') < ci.indexOf('on_lts npm run test:dist'));
});
