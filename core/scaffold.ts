import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PitwallError } from './errors.js';
import { isAppId } from './ids.js';
import { PITWALL_VERSION } from './version.js';

/**
 * `pitwall new-app <id>`: a working app to start from — definition with typed ctx, a setting with its
 * default, a table with its first migration, one handler, one command, a test against the sandbox, and a README — either inside this project
 * (apps/<id>/, test/apps/<id>.test.ts) or as a standalone npm package (--package <dir>).
 */

export type ScaffoldTarget =
  /** Pitwall's own source tree: the app imports the core by relative path, like the bundled apps. */
  | { kind: 'project'; root: string }
  /** A project that installed Pitwall as a package: the app imports 'pitwall' and 'pitwall/testing'. */
  | { kind: 'host'; root: string }
  /**
   * A standalone npm package; `pitwall` is the dev dependency it builds and tests against (default: the
   * published `^version`; from a development clone, a `file:` link to it, as `pitwallDependency` says).
   */
  | { kind: 'package'; folder: string; pitwall?: string };

/**
 * What a new package depends on for Pitwall: run from an installed Pitwall, the published version; run from
 * a development clone (a folder outside any node_modules), a `file:` dependency on that clone, so
 * `npm install && npm test` work before (or without) a release on npm.
 */
export function pitwallDependency(pitwallRoot: string): string {
  return pitwallRoot.split(/[\\/]/).includes('node_modules') ? `^${PITWALL_VERSION}` : `file:${pitwallRoot}`;
}

/**
 * Where `pitwall new-app <id>` writes when run from `cwd`: the project around it (the nearest folder with a
 * package.json, else cwd itself). That is Pitwall's own tree only when the user works in it; an installed copy
 * under node_modules is never written to.
 */
export function projectTarget(cwd: string, pitwallRoot: string): ScaffoldTarget {
  let root = resolve(cwd);
  for (let folder = root; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) {
      root = folder;
      break;
    }
    if (dirname(folder) === folder) break;
  }
  return realpathSync(root) === realpathSync(pitwallRoot) ? { kind: 'project', root } : { kind: 'host', root };
}

export function scaffoldApp(id: string, target: ScaffoldTarget): string[] {
  if (!isAppId(id)) throw new PitwallError('PW_ERR_NEW_APP_NAME', { id });
  const base = target.kind === 'package' ? resolve(target.folder) : target.root;
  const files = target.kind === 'project' ? projectFiles(id) : target.kind === 'host' ? hostFiles(id, base) : packageFiles(id, target.pitwall ?? `^${PITWALL_VERSION}`);
  const taken =
    target.kind !== 'package'
      ? [join('apps', id), join('test', 'apps', `${id}.test.ts`), join('test', 'apps', `${id}.test.mts`)].find((path) => existsSync(join(base, path)))
      : existsSync(base) && readdirSync(base).length > 0
        ? '.'
        : undefined;
  if (taken) throw new PitwallError('PW_ERR_NEW_APP_EXISTS', { id, path: join(base, taken) });
  const written: string[] = [];
  for (const [path, content] of Object.entries(files)) {
    const file = join(base, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    written.push(file);
  }
  return written;
}

function appSource(id: string, importFrom: string, tsx = false): string {
  const command = id.slice(0, 32);
  const widget = tsx
    ? `
        // A widget, written in TSX: the player sees their visit count on screen.
        await ctx.ui.show('visits', <label pos={[-158, 80]} textsize={1} text={\`Visits: \${visit?.count ?? 0}\`} />, { to: call.login });`
    : '';
  return `import { defineApp, defineDatabase, type Kysely } from '${importFrom}';

/** The app's tables, as ctx.db sees them. They live in the app's own namespace: no other app sees them. */
interface Tables {
  visits: { login: string; count: number };
}

/** ${id}: say here what your app does for players and server owners. */
export default defineApp({
  id: '${id}',
  version: '0.1.0',
  description: 'Greets joining players, counts their visits and answers /${command}.',
  // Owners override these in settings/base.ts: APP_SETTINGS = { '${id}': { greeting: '...' } }.
  settings: {
    greeting: { type: 'string', default: 'Hello {login}, this is ${id}!', description: 'Sent to each player who joins; {login} is replaced.' },
  },
  // Migrations run in list order at app start, each once; add new ones at the end, never edit a shipped one.
  database: defineDatabase<Tables>({
    migrations: [
      {
        name: '001-create-visits',
        async up(db: Kysely<any>) {
          await db.schema
            .createTable('visits')
            .addColumn('login', 'text', (column) => column.primaryKey())
            .addColumn('count', 'integer', (column) => column.notNull())
            .execute();
        },
        async down(db: Kysely<any>) {
          await db.schema.dropTable('visits').execute();
        },
      },
    ],
  }),
  init(ctx) {
    // A handler: runs for every player who joins. Anything it throws is caught and attributed to this app.
    ctx.on('playerConnect', async ({ login }) => {
      await ctx.db
        .insertInto('visits')
        .values({ login, count: 1 })
        .onConflict((conflict) => conflict.column('login').doUpdateSet((eb) => ({ count: eb('visits.count', '+', 1) })))
        .execute();
      await ctx.server.chatTo(login, ctx.settings.greeting.replaceAll('{login}', login));
    });

    // A chat command: players type /${command}.
    ctx.command(
      '${command}',
      async (call) => {
        const visit = await ctx.db.selectFrom('visits').select('count').where('login', '=', call.login).executeTakeFirst();
        await call.reply(\`\${ctx.server.players.size} player(s) online; your visits: \${visit?.count ?? 0}\`);${widget}
      },
      { description: 'shows how many players are online and how often you came' },
    );
  },
});
`;
}

function testSource(id: string, harnessFrom: string, appEntry: string, appImport?: string): string {
  const command = id.slice(0, 32);
  return `import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { startTestCore, type TestCore } from '${harnessFrom}';
${appImport ? `import app from '${appImport}';\n` : ''}
// A real controller against the sandbox server on a free port, with a temporary data folder.
let core: TestCore;
before(async () => {
  core = await startTestCore({ apps: [${appEntry}] });
});
after(() => core.stop());

it('greets a joining player privately', async () => {
  await core.join('anna');
  const greeting = await core.waitForChat('Hello anna, this is ${id}!');
  assert.deepEqual(greeting.to, ['anna']);
});

it('answers /${command}', async () => {
  await core.chat('anna', '/${command}');
  await core.waitForChat('1 player(s) online; your visits: 1');
});

it('runs without errors', () => {
  assert.equal(core.state('${id}'), 'RUNNING');
  assert.deepEqual(core.errors, []);
});
`;
}

function readme(id: string, runTests: string): string {
  return `# ${id}

A Pitwall app. Describe what it does, its chat commands and its settings here.

## Settings

| key | default | what it does |
|---|---|---|
| \`greeting\` | \`'Hello {login}, this is ${id}!'\` | sent to each player who joins |

## Commands

- \`/${id.slice(0, 32)}\`: shows how many players are online and how often you came.

## Tables

- \`visits\` (login, count): created by migration \`001-create-visits\`.

## Developing

${runTests} runs its test against Pitwall's built-in sandbox server. See docs/apps.md in Pitwall for the
guide: lifecycle, ctx, events, commands, timers, settings, errors and feeds.
`;
}

function projectFiles(id: string): Record<string, string> {
  return {
    [join('apps', id, 'index.ts')]: appSource(id, '../../core/index.js'),
    [join('apps', id, 'README.md')]: readme(id, '`npm test`'),
    [join('test', 'apps', `${id}.test.ts`)]: testSource(id, '../../core/testing.js', `'${id}'`),
  };
}

/** The compiler options an app needs: NodeNext ESM, strict, sources and tests compiled side by side into dist/. */
function compilerOptions(): Record<string, unknown> {
  return {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    types: ['node'],
    strict: true,
    declaration: true,
    skipLibCheck: true,
    rootDir: '.',
    outDir: 'dist',
  };
}

/** Whether the project's package.json says "type": "module" (as pitwall init makes it). */
export function isModuleProject(root: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { type?: unknown }).type === 'module';
  } catch {
    return false;
  }
}

/**
 * An app inside a project that installed Pitwall. In an ES module project (pitwall init's) it is index.tsx,
 * as the guide writes apps; elsewhere its files are .mts, compiled to ES modules (.mjs) whatever the
 * project's package.json says, since Pitwall is ESM-only.
 */
function hostFiles(id: string, root: string): Record<string, string> {
  const esm = isModuleProject(root);
  const { source, test, compiledTest } = hostPaths(id, esm);
  const files: Record<string, string> = {
    [source]: appSource(id, 'pitwall', esm),
    [join('apps', id, 'README.md')]: readme(id, `\`npx tsc -p tsconfig.json && node --test ${compiledTest}\``),
    [test]: testSource(id, 'pitwall/testing', 'app', `../../apps/${id}/index.${esm ? 'js' : 'mjs'}`),
  };
  // An existing tsconfig is the project's own; only a project without one gets ours.
  if (!existsSync(join(root, 'tsconfig.json'))) {
    const options = esm ? { ...compilerOptions(), jsx: 'react-jsx', jsxImportSource: 'pitwall' } : compilerOptions();
    files['tsconfig.json'] = `${JSON.stringify({ compilerOptions: options, include: ['apps', 'test'] }, null, 2)}\n`;
  }
  return files;
}

/** Where a host app's files go, and what they compile to. */
export function hostPaths(id: string, esm: boolean): { source: string; test: string; compiled: string; compiledTest: string } {
  return esm
    ? { source: join('apps', id, 'index.tsx'), test: join('test', 'apps', `${id}.test.ts`), compiled: `./dist/apps/${id}/index.js`, compiledTest: `dist/test/apps/${id}.test.js` }
    : { source: join('apps', id, 'index.mts'), test: join('test', 'apps', `${id}.test.mts`), compiled: `./dist/apps/${id}/index.mjs`, compiledTest: `dist/test/apps/${id}.test.mjs` };
}

/** The dev dependencies a host app compiles with, as `npm install --save-dev` takes them. */
export const APP_DEV_DEPENDENCIES: Readonly<Record<string, string>> = { typescript: '^7.0.2', '@types/node': '^20.19.0' };

/** The dev dependencies the project at `root` lacks (not resolvable from its node_modules). */
export function missingDevDependencies(root: string): string[] {
  return Object.keys(APP_DEV_DEPENDENCIES).filter((name) => !existsSync(join(root, 'node_modules', name, 'package.json')));
}

function packageFiles(id: string, pitwall: string): Record<string, string> {
  const name = `pitwall-app-${id}`;
  const manifest = {
    name,
    version: '0.1.0',
    description: `A Pitwall app: ${id}`,
    type: 'module',
    exports: { '.': { types: './dist/src/index.d.ts', default: './dist/src/index.js' } },
    files: ['dist/src'],
    keywords: ['pitwall-app', 'trackmania'],
    // A shell glob, not a folder: Node 22 and later read a folder given to --test as a file to run.
    scripts: { build: 'tsc -p tsconfig.json', test: 'npm run build && node --test dist/test/*.test.js', prepack: 'npm run build' },
    peerDependencies: { pitwall: `>=${PITWALL_VERSION}` },
    devDependencies: { pitwall, ...APP_DEV_DEPENDENCIES },
  };
  const tsconfig = { compilerOptions: compilerOptions(), include: ['src', 'test'] };
  return {
    'package.json': `${JSON.stringify(manifest, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(tsconfig, null, 2)}\n`,
    '.gitignore': 'node_modules/\ndist/\n*.tgz\n',
    [join('src', 'index.ts')]: appSource(id, 'pitwall'),
    [join('test', 'index.test.ts')]: testSource(id, 'pitwall/testing', 'app', '../src/index.js'),
    'README.md': readme(id, '`npm install && npm test`').replace(
      '## Developing',
      `## Installing\n\nIn the folder Pitwall runs from: \`npm install ${name}\`, then add \`'${name}'\` to APPS in settings.mjs ` +
        `(or settings/base.ts).\n\n## Developing` +
        (pitwall.startsWith('file:')
          ? `\n\nThe dev dependency \`pitwall\` is \`${pitwall}\`, the Pitwall clone this package was made from, so it builds and ` +
            `tests before Pitwall is on npm (build that clone first: \`npm run build\` there). Once it is published, ` +
            `make it \`"pitwall": "^${PITWALL_VERSION}"\` and run \`npm install\`.`
          : ''),
    ),
  };
}
