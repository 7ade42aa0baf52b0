/**
 * What the compiler says about the mistakes the types catch, in its own words: a small app is compiled by the
 * project's tsc against the public entry, and each error text is pinned (the `@ts-expect-error` files beside
 * this one pin only that an error stays).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

const app = `import { defineApp } from 'pitwall';

export default defineApp({
  id: 'mistakes',
  version: '1.0.0',
  settings: { laps: { type: 'integer', default: 3 }, announce: { type: 'boolean', default: 'yes' } },
  async init(ctx) {
    const laps: number = ctx.settings.laps;
    ctx.command({ name: 'late', params: [{ name: 'page', type: 'integer', optional: true }, { name: 'who', type: 'player' }] }, () => laps);
    ctx.command({ name: 'byname', params: { who: { type: 'player' }, why: { type: 'rest', optional: true } } }, () => undefined);
    await ctx.ui.show('Bad Id!', <quad size={[1, 2, 3]} bgcolor="red" />);
  },
});
`;

it('names each mistake: setting default, parameter order, page id, size and colour', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pitwall-types-'));
  try {
    writeFileSync(join(dir, 'app.tsx'), app);
    const compilerOptions = {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      jsx: 'react-jsx',
      jsxImportSource: 'pitwall',
      types: ['node'],
      typeRoots: [join(root, 'node_modules/@types')],
      paths: { pitwall: [join(root, 'core/index.ts')], 'pitwall/jsx-runtime': [join(root, 'core/ui/jsx-runtime.ts')] },
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['app.tsx'] }));
    const outcome = await promisify(execFile)(join(root, 'node_modules/.bin/tsc'), ['-p', dir, '--pretty', 'false']).then(
      () => ({ stdout: '' }),
      (error: { stdout: string }) => error,
    );
    const errors = outcome.stdout.split('\n').filter((line) => line.startsWith('app.tsx') || line.includes('/app.tsx('));
    assert.deepEqual(
      errors.map((line) => line.replace(/^.*app\.tsx/, 'app.tsx')),
      [
        "app.tsx(6,83): error TS2322: Type 'string' is not assignable to type 'boolean'.",
        "app.tsx(9,93): error TS2769: No overload matches this call.",
        "app.tsx(10,70): error TS2769: No overload matches this call.",
        "app.tsx(11,23): error TS2345: Argument of type '\"Bad Id!\"' is not assignable to parameter of type '\"a page id is 1-64 lower-case letters, digits, - or _, starting with a letter\"'.",
        "app.tsx(11,53): error TS2322: Type 'number' is not assignable to type '\"expected [width, height]\"'.",
        "app.tsx(11,57): error TS2322: Type '\"red\"' is not assignable to type 'Color | undefined'.",
      ],
    );
    // The overload errors go on to name the problem of the parameter that is wrong.
    assert.match(outcome.stdout, /Property ''a required parameter comes after an optional one: put optional parameters last'' is missing/);
    assert.match(outcome.stdout, /Property ''beside other parameters, declare optional and rest ones as a list, \[\{ name, type \}, \.\.\.\], so their order is checked'' is missing/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
