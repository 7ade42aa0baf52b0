import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, afterEach, before, describe, it } from 'node:test';
import { toError } from '../../../core/apps/fault-boundary.js';
import { AppCode } from '../../../core/reporting/app-code.js';
import { repeatKey } from '../../../core/reporting/repeat-key.js';
import { startTestCore, type TestCore } from '../../helpers/core.js';

/** Each thrower is a separate place in this file; the same thrower called twice throws from one place. */
function caught(fn: () => void): Error {
  try {
    fn();
  } catch (error) {
    return toError(error);
  }
  throw new Error('did not throw');
}
const recordFor = (map: string) => caught(() => void ((): never => { throw new RangeError(`no record for ${map}`); })());
const sameMessageHere = () => caught(() => { throw new Error('could not save'); });
const sameMessageThere = () => caught(() => { throw new Error('could not save'); });
const typed = (Type: ErrorConstructor) => caught(() => { throw new Type('could not save'); });
const fromVariable = (message: string) => caught(() => { throw new Error(message); });
const thrownValue = (value: unknown) => caught(() => { throw value; });

/** A module outside the project folder, as an app loaded by path or installed as an npm package is. */
let outside: string;
let external: { first(): void; second(): void; third(): void };
before(async () => {
  outside = mkdtempSync(join(tmpdir(), 'pitwall-outside-app-'));
  writeFileSync(
    join(outside, 'throwers.mjs'),
    [
      'export function first() { throw new Error("handler failed"); }',
      'export function second() { throw new Error("handler failed"); }',
      'export function third() { throw new Error("handler failed"); }',
      '',
    ].join('\n'),
  );
  external = (await import(pathToFileURL(join(outside, 'throwers.mjs')).href)) as typeof external;
});
after(() => rmSync(outside, { recursive: true, force: true }));

describe('which errors are one incident', () => {
  const code = () => new AppCode(() => [{ app: 'ext', folder: outside }]);
  const key = (error: Error, app = 'records') => repeatKey(error, app, 'error', code());
  const cases: { name: string; a: () => Error; b: () => Error; merge: boolean; apps?: [string, string] }[] = [
    { name: 'one place, messages differing only in a number', a: () => recordFor('map-12'), b: () => recordFor('map-13'), merge: true },
    { name: 'one place, messages differing only in an id', a: () => fromVariable('session 3f2a9c1e8b7d4a60 expired'), b: () => fromVariable('session 0a1b2c3d4e5f6789 expired'), merge: true },
    { name: 'one place, messages differing only in a quoted value', a: () => fromVariable("unknown map 'Spring 01'"), b: () => fromVariable("unknown map 'Fall 07'"), merge: true },
    { name: 'one place, one message, twice', a: () => sameMessageHere(), b: () => sameMessageHere(), merge: true },
    { name: 'two anonymous functions of one file, same type and message', a: () => sameMessageHere(), b: () => sameMessageThere(), merge: false },
    { name: 'one place, different messages', a: () => fromVariable('disk full'), b: () => fromVariable('timed out'), merge: false },
    { name: 'one place, one message, different types', a: () => typed(Error), b: () => typed(TypeError), merge: false },
    { name: 'one error in two apps', a: () => sameMessageHere(), b: () => sameMessageHere(), merge: false, apps: ['records', 'admin'] },
    { name: 'thrown strings with different text', a: () => thrownValue('disk full'), b: () => thrownValue('timed out'), merge: false },
    { name: 'thrown strings differing only in a number', a: () => thrownValue('retry 1 failed'), b: () => thrownValue('retry 2 failed'), merge: true },
    { name: 'an app outside the project: two functions, one message', a: () => caught(() => external.first()), b: () => caught(() => external.second()), merge: false },
    { name: 'an app outside the project: one function twice', a: () => caught(() => external.third()), b: () => caught(() => external.third()), merge: true },
  ];
  for (const { name, a, b, merge, apps = ['records', 'records'] } of cases) {
    it(`${merge ? 'merges' : 'keeps apart'}: ${name}`, () => {
      assert.equal(key(a(), apps[0]) === key(b(), apps[1]), merge);
    });
  }
});

/** Seven different faults from one app whose module lives outside the project folder. */
function writeFaultyApps(folder: string): string[] {
  const faults = join(folder, 'faults');
  const initFails = join(folder, 'init-fails');
  mkdirSync(faults);
  mkdirSync(initFails);
  writeFileSync(
    join(faults, 'index.mjs'),
    `export default {
  id: 'faults',
  version: '1.0.0',
  init(ctx) {
    ctx.on('playerChat', async ({ text }) => {
      if (text === 'timer') ctx.after(1, () => { throw new Error('timer went off'); });
      if (text === 'reject') return Promise.reject(new Error('promise rejected'));
      if (text === 'string') throw 'a plain string';
      if (text === 'cause') throw new Error('saving failed', { cause: new Error('disk full') });
      if (text === 'await') { await Promise.resolve(); throw new Error('failed after await'); }
    });
    ctx.command('boom', () => { throw new Error('command failed'); });
  },
};
`,
  );
  writeFileSync(join(initFails, 'index.mjs'), `export default { id: 'init-fails', version: '1.0.0', init() { throw new Error('init failed'); } };\n`);
  return [join(faults, 'index.mjs'), join(initFails, 'index.mjs')];
}

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

describe('distinct errors are reported and logged', () => {
  it('reports each of seven different faults of an app loaded from outside the project', async () => {
    core = await startTestCore({ allowFailedApps: true, reporting: true, apps: writeFaultyApps(outside), settings: { LOGGING_REPORTING: 1 } });
    assert.equal(core.state('init-fails'), 'FAILED');
    core.sandbox.playerJoin('anna');
    for (const text of ['timer', 'reject', 'string', 'cause', 'await', '/boom']) {
      const count = core.errors.length;
      core.sandbox.playerChat('anna', text);
      await core.waitFor(() => core!.errors.length === count + 1, `the error of '${text}'`);
    }
    const reports = readdirSync(join(core.dataDir, 'reports'));
    assert.equal(reports.length, 7);
    const logged = core.logs.filter((entry) => entry.level === 'error' && entry.message.includes('(incident ')).map((entry) => entry.message.replace(/ \(incident [0-9a-f]{32}\)$/, ''));
    assert.deepEqual(logged.sort(), [
      "Error in faults while handling after 1ms: timer went off",
      'Error in faults while handling playerChat: A non-Error value was thrown: \'a plain string\'. Fix: throw new Error(...) so the report has a stack trace.',
      'Error in faults while handling playerChat: failed after await',
      'Error in faults while handling playerChat: promise rejected',
      'Error in faults while handling playerChat: saving failed',
      'Error in faults while handling /boom: command failed',
      'Error in init-fails in init(): init failed',
    ].sort());
  });

  it('logs every distinct error at error level, even at level 0, and summarises true repeats', async () => {
    core = await startTestCore({
      reporting: true,
      settings: { LOGGING_REPORTING: 0 },
      apps: [{ id: 'chatty', version: '1.0.0', init: (ctx) => void ctx.on('playerChat', ({ text }) => { throw new Error(`cannot handle ${text}`); }) }],
    });
    core.sandbox.playerJoin('anna');
    for (const text of ['this', 'that', 'this', 'this']) {
      const count = core.errors.length;
      core.sandbox.playerChat('anna', text);
      await core.waitFor(() => core!.errors.length === count + 1, `the error of '${text}'`);
    }
    const errorLines = () => core!.logs.filter((entry) => entry.level === 'error').map((entry) => entry.message);
    assert.equal(errorLines().length, 2);
    assert.match(errorLines()[0]!, /^Error in chatty while handling playerChat: cannot handle this \(incident ([0-9a-f]{32})\)$/);
    assert.match(errorLines()[1]!, /^Error in chatty while handling playerChat: cannot handle that \(incident [0-9a-f]{32}\)$/);
    const incident = /incident ([0-9a-f]{32})/.exec(errorLines()[0]!)![1];
    core.runtime.exceptionHandler.logRepeats(true);
    assert.equal(errorLines().length, 3);
    assert.match(errorLines()[2]!, new RegExp(`^2 more of incident ${incident} in the last \\d+ s: Error in chatty while handling playerChat: cannot handle this$`));
  });
});
