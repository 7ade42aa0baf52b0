import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { appTestFiles } from '../../core/app-tests.js';
import { PROJECT_ROOT } from '../../core/reporting/stack.js';
import { CLI, runProcess } from '../helpers/cli.js';

/** A compiled test file that passes or fails, naming itself in its test's title. */
const testFile = (title: string, passes: boolean) =>
  `import { it } from 'node:test';\nimport assert from 'node:assert/strict';\nit(${JSON.stringify(title)}, () => assert.equal(${passes ? 1 : 2}, 1));\n`;

describe('pitwall test <app>', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'pitwall-app-tests-'));
    const tests = join(root, 'dist', 'test', 'apps');
    mkdirSync(join(tests, 'laps', 'inner'), { recursive: true });
    mkdirSync(join(root, 'dist', 'apps', 'laps-extra'), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{ "type": "module" }');
    writeFileSync(join(tests, 'laps.test.js'), testFile('laps counts a lap', true));
    writeFileSync(join(tests, 'laps-widget.test.mjs'), testFile('laps shows its widget', true));
    writeFileSync(join(tests, 'laps', 'inner', 'sectors.test.js'), testFile('laps splits sectors', true));
    // Another app's tests, an app whose id only starts the same, and what is not a test.
    writeFileSync(join(tests, 'laps-extra.test.js'), testFile('laps-extra is another app', true));
    writeFileSync(join(tests, 'lapsx.test.js'), testFile('lapsx is another app', true));
    writeFileSync(join(tests, 'laps.test.js.map'), '{}');
    writeFileSync(join(tests, 'laps-helpers.js'), 'export {};\n');
    mkdirSync(join(tests, 'broken'));
    writeFileSync(join(tests, 'broken.test.js'), testFile('broken fails', false));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("finds an app's compiled tests by name and folder, and no other app's", () => {
    assert.deepEqual(
      appTestFiles(root, 'laps').map((file) => file.slice(join(root, 'dist', 'test', 'apps').length + 1)),
      ['laps-widget.test.mjs', 'laps.test.js', join('laps', 'inner', 'sectors.test.js')].sort(),
    );
    assert.deepEqual(appTestFiles(root, 'laps-extra').map((file) => basename(file)), ['laps-extra.test.js']);
  });

  it("finds the bundled apps' tests of this project", () => {
    const files = appTestFiles(PROJECT_ROOT, 'records').map((file) => basename(file));
    assert.ok(files.includes('records.test.js') && files.includes('records-database.test.js'), files.join(', '));
    assert.ok(files.every((file) => file.startsWith('records')), files.join(', '));
  });

  it('names a bad id and an app without tests', () => {
    assert.throws(() => appTestFiles(root, '../laps'), {
      code: 'PW_ERR_APP_TESTS_ID',
      message: "Cannot run the tests of app '../laps': an app id is 1-64 lower-case letters, digits, - or _, starting with a letter. Fix: name the app by its id, e.g. pitwall test records.",
    });
    assert.throws(() => appTestFiles(root, 'karts'), {
      code: 'PW_ERR_APP_TESTS_NONE',
      message:
        `App 'karts' has no compiled tests in ${join(root, 'dist', 'test', 'apps')}: looked for karts.test.js, karts-*.test.js and karts/**/*.test.js (or .mjs). ` +
        'Fix: build first (npm run build, or npx tsc), and name its tests test/apps/karts.test.ts, test/apps/karts-<topic>.test.ts or test/apps/karts/*.test.ts.',
    });
  });

  /** Runs `pitwall test <id>` in the project to its end: exit code and all it printed (both pipes closed). */
  async function pitwallTest(id: string): Promise<{ code: number | null; output: () => string }> {
    const run = runProcess(process.execPath, [CLI, 'test', id], {}, root);
    const [code] = (await once(run.child, 'close')) as [number | null];
    return { code, output: run.output };
  }

  it("runs only that app's tests with node --test, and exits as they did", async () => {
    const run = await pitwallTest('laps');
    assert.equal(run.code, 0, run.output());
    for (const title of ['laps counts a lap', 'laps shows its widget', 'laps splits sectors']) assert.ok(run.output().includes(title), title);
    for (const title of ['laps-extra is another app', 'lapsx is another app', 'broken fails']) assert.ok(!run.output().includes(title), title);

    const failing = await pitwallTest('broken');
    assert.equal(failing.code, 1);
    assert.ok(failing.output().includes('broken fails'), failing.output());

    const none = await pitwallTest('karts');
    assert.equal(none.code, 1);
    assert.ok(none.output().startsWith("PW_ERR_APP_TESTS_NONE: App 'karts' has no compiled tests in dist/test/apps: "), none.output());
  });
});
