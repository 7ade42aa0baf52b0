import { existsSync, mkdirSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
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
  | { kind: 'package'; folder: string };

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
  const files = target.kind === 'project' ? projectFiles(id) : target.kind === 'host' ? hostFiles(id, base) : packageFiles(id);
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

function appSource(id: string, importFrom: string): string {
  const command = id.slice(0, 32);
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
        await call.reply(\`\${ctx.server.players.size} player(s) online; your visits: \${visit?.count ?? 0}\`);
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

/**
 * An app inside a project that installed Pitwall. Its files are .mts, compiled to ES modules (.mjs) whatever
 * the project's package.json says, since Pitwall is ESM-only.
 */
function hostFiles(id: string, root: string): Record<string, string> {
  const files: Record<string, string> = {
    [join('apps', id, 'index.mts')]: appSource(id, 'pitwall'),
    [join('apps', id, 'README.md')]: readme(id, `\`npx tsc -p tsconfig.json && node --test dist/test/apps/${id}.test.mjs\``),
    [join('test', 'apps', `${id}.test.mts`)]: testSource(id, 'pitwall/testing', 'app', `../../apps/${id}/index.mjs`),
  };
  // An existing tsconfig is the project's own; only a project without one gets ours.
  if (!existsSync(join(root, 'tsconfig.json'))) {
    files['tsconfig.json'] = `${JSON.stringify({ compilerOptions: compilerOptions(), include: ['apps', 'test'] }, null, 2)}\n`;
  }
  return files;
}

function packageFiles(id: string): Record<string, string> {
  const name = `pitwall-app-${id}`;
  const manifest = {
    name,
    version: '0.1.0',
    description: `A Pitwall app: ${id}`,
    type: 'module',
    exports: { '.': { types: './dist/src/index.d.ts', default: './dist/src/index.js' } },
    files: ['dist/src'],
    keywords: ['pitwall-app', 'trackmania'],
    scripts: { build: 'tsc -p tsconfig.json', test: 'npm run build && node --test dist/test/', prepack: 'npm run build' },
    peerDependencies: { pitwall: `>=${PITWALL_VERSION}` },
    devDependencies: { pitwall: `^${PITWALL_VERSION}`, typescript: '^7.0.2', '@types/node': '^20.19.0' },
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
      `## Installing\n\nIn the folder Pitwall runs from: \`npm install ${name}\`, then add \`'${name}'\` to APPS in settings/base.ts.\n\n## Developing`,
    ),
  };
}
