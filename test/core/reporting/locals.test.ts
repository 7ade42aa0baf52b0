import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { MASK } from '../../../core/reporting/redact.js';
import { startTestCore, testApp, type TestCore } from '../../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

/** A handler whose failing function has locals of each kind. */
function saveRecord(mapUid: string, rank: number): void {
  const apiToken = 'tok-1234567890';
  const note = `password=local-pw-55 for ${mapUid}`;
  const entry = { login: 'anna', time: 24512, nested: { deep: true } };
  if (rank > 0) throw new RangeError(`rank ${rank} out of range for ${entry.login} (${apiToken.length}, ${note.length})`);
}

const recorder = testApp('recorder', { init: (ctx) => void ctx.on('playerChat', () => saveRecord('map-uid-1', 3)) });

async function reportAt(level: 1 | 2): Promise<Record<string, unknown>> {
  core = await startTestCore({ reporting: true, apps: [recorder], settings: { LOGGING_REPORTING: level } });
  core.sandbox.playerJoin('anna');
  core.sandbox.playerChat('anna', 'x');
  const folder = join(core.dataDir, 'reports');
  await core.waitFor(() => existsSync(folder) && readdirSync(folder).length === 1, 'a report');
  return JSON.parse(readFileSync(join(folder, readdirSync(folder)[0]!), 'utf8')) as Record<string, unknown>;
}

function topAppFrame(report: Record<string, unknown>) {
  const values = (report.exception as { values: { stacktrace: { frames: { function: string; in_app: boolean; vars?: Record<string, unknown> }[] } }[] }).values;
  return values.at(-1)!.stacktrace.frames.filter((frame) => frame.in_app).at(-1)!;
}

describe('local variables of the failing frame', () => {
  it('level 2 shows them, redacted', async () => {
    const frame = topAppFrame(await reportAt(2));
    assert.equal(frame.function, 'saveRecord');
    assert.deepEqual(frame.vars, {
      mapUid: 'map-uid-1',
      rank: 3,
      apiToken: MASK,
      note: `password=${MASK} for map-uid-1`,
      entry: { login: 'anna', time: 24512, nested: '[Object]' },
    });
  });

  it('level 1 shows none', async () => {
    const frame = topAppFrame(await reportAt(1));
    assert.equal(frame.function, 'saveRecord');
    assert.equal(frame.vars, undefined);
  });
});

/**
 * The shape of every handler in docs/apps.md: a destructured parameter. V8 then keeps the body's consts in a
 * block scope of their own, beside the function scope that holds the parameters.
 */
const greeter = testApp('greeter', {
  init: (ctx) =>
    void ctx.on('playerConnect', ({ login, player }) => {
      const nickName = player.nickName;
      const total = nickName.length * 10;
      const authToken = 'greeter-token-77';
      if (total > 0) throw new RangeError(`no greeting for ${login} (${authToken.length})`);
    }),
});

describe('local variables in the block scopes of the failing frame', () => {
  it('level 2 holds the body consts of a handler with a destructured parameter, beside its parameters, redacted', async () => {
    core = await startTestCore({ reporting: true, apps: [greeter], settings: { LOGGING_REPORTING: 2 } });
    core.sandbox.playerJoin('anna', 'Anna Speed');
    const folder = join(core.dataDir, 'reports');
    await core.waitFor(() => existsSync(folder) && readdirSync(folder).length === 1, 'a report');
    const report = JSON.parse(readFileSync(join(folder, readdirSync(folder)[0]!), 'utf8')) as Record<string, unknown>;
    const vars = topAppFrame(report).vars!;
    assert.deepEqual(Object.keys(vars).sort(), ['authToken', 'login', 'nickName', 'player', 'total']);
    assert.equal(vars.nickName, 'Anna Speed');
    assert.equal(vars.total, 100);
    assert.equal(vars.login, 'anna');
    assert.equal(vars.authToken, MASK);
    assert.equal((vars.player as Record<string, unknown>).nickName, 'Anna Speed');
  });

  it('reads catch and nested block scopes up to the function scope, the inner name winning, and no closure', async () => {
    const { LocalsCapture } = await import('../../../core/reporting/locals.js');
    const capture = new LocalsCapture({ isProjectUrl: () => true });
    assert.equal(capture.start(), true);
    const outside = 'closure value';
    let thrown: Error | undefined;
    const fail = ({ lap }: { lap: number }): void => {
      const shade = 'outer';
      if (lap > 0) {
        const sector = lap * 2;
        try {
          throw new Error('first');
        } catch (first) {
          const shade = 'inner';
          throw new Error(`second after ${(first as Error).message} in ${sector} ${shade} ${outside}`);
        }
      }
      void shade;
    };
    try {
      fail({ lap: 3 });
    } catch (error) {
      thrown = error as Error;
    }
    capture.stop();
    assert.deepEqual(capture.take(thrown!), { shade: 'inner', first: '[Error: first]', sector: 6, lap: 3 });
  });
});

/** An app module outside the project folder whose handler fails in a function with locals. */
function appSource(id: string): string {
  return `export default {
  id: '${id}',
  version: '1.0.0',
  init(ctx) {
    ctx.on('playerChat', ({ text }) => checkLap(text, 7));
  },
};
function checkLap(text, lap) {
  const limit = 5;
  if (lap > limit) throw new RangeError('lap out of range for ' + text);
}
`;
}

describe('local variables of apps outside the project folder', () => {
  it('level 2 captures them for an app loaded by path and for one installed as an npm package', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pitwall-locals-apps-'));
    try {
      mkdirSync(join(root, 'by-path'));
      writeFileSync(join(root, 'by-path', 'index.mjs'), appSource('bypath'));
      const installed = join(root, 'site', 'node_modules', 'pitwall-app-packaged');
      mkdirSync(installed, { recursive: true });
      writeFileSync(join(root, 'site', 'package.json'), JSON.stringify({ name: 'my-server', private: true }));
      writeFileSync(join(installed, 'package.json'), JSON.stringify({ name: 'pitwall-app-packaged', version: '1.0.0', type: 'module', exports: './index.js' }));
      writeFileSync(join(installed, 'index.js'), appSource('packaged'));
      core = await startTestCore({
        reporting: true,
        apps: [join(root, 'by-path', 'index.mjs'), 'pitwall-app-packaged'],
        cwd: join(root, 'site'),
        settings: { LOGGING_REPORTING: 2 },
      });
      core.sandbox.playerJoin('anna');
      core.sandbox.playerChat('anna', 'x');
      const folder = join(core.dataDir, 'reports');
      await core.waitFor(() => existsSync(folder) && readdirSync(folder).length === 2, 'two reports');
      const reports = readdirSync(folder).map((name) => JSON.parse(readFileSync(join(folder, name), 'utf8')) as Record<string, unknown>);
      const byApp = Object.fromEntries(reports.map((report) => [(report.tags as { app: string }).app, report]));
      for (const id of ['bypath', 'packaged']) {
        const frame = topAppFrame(byApp[id]!) as { function: string; vars?: unknown; filename?: string };
        assert.equal(frame.function, 'checkLap', id);
        assert.equal(frame.filename, `app:${id}/${id === 'bypath' ? 'index.mjs' : 'index.js'}`);
        assert.deepEqual(frame.vars, { text: 'x', lap: 7, limit: 5 }, id);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('capture limits', () => {
  it('stops capturing for a while after too many captures in a minute, and says so once', async () => {
    const { LocalsCapture } = await import('../../../core/reporting/locals.js');
    const logs: string[] = [];
    const capture = new LocalsCapture({ isProjectUrl: () => true, maxCapturesPerMinute: 2, log: (line) => logs.push(line) });
    assert.equal(capture.start(), true);
    const errors: Error[] = [];
    for (let index = 0; index < 5; index++) {
      try {
        const value = index * 10;
        throw new Error(`failure ${index} with ${value}`);
      } catch (error) {
        errors.push(error as Error);
      }
    }
    capture.stop();
    assert.deepEqual(errors.map((error) => capture.take(error) !== undefined), [true, true, false, false, false]);
    assert.deepEqual(logs, ['Too many exceptions: local variables are not captured for the next 60 s.']);
  });

  it('reports without locals, and says so, when a debugger is attached', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const { fileURLToPath } = await import('node:url');
    const module = fileURLToPath(new URL('../../../core/reporting/locals.js', import.meta.url));
    const script = `const { LocalsCapture } = await import(${JSON.stringify(module)}); const logs = []; const ok = new LocalsCapture({ isProjectUrl: () => true, log: (l) => logs.push(l) }).start(); console.log(JSON.stringify({ ok, logs })); process.exit(0);`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--inspect=127.0.0.1:0', '--input-type=module', '-e', script], { timeout: 20_000 });
    assert.deepEqual(JSON.parse(stdout), { ok: false, logs: ['A debugger is attached: error reports are sent without local variables.'] });
  });
});
