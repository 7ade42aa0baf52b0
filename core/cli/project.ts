import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appTestFiles } from '../app-tests.js';
import { PitwallError } from '../errors.js';
import { initOwnerProject, type InitResult } from '../owner-project.js';
import { PROJECT_ROOT } from '../reporting/stack.js';
import { APP_DEV_DEPENDENCIES, hostPaths, isModuleProject, missingDevDependencies, pitwallDependency, projectTarget, scaffoldApp } from '../scaffold.js';
import { parseCommandArgs } from '../cli-args.js';

/** `pitwall init`: this folder made an owner project. */
export function init(): number {
  let result: InitResult;
  try {
    result = initOwnerProject(process.cwd(), { pitwallRoot: PROJECT_ROOT });
  } catch (error) {
    if (!(error instanceof PitwallError)) throw error;
    process.stderr.write(`${error.code}: ${error.message}\n`);
    return 1;
  }
  const lines = [
    `package.json: ${result.packageChanges.length ? result.packageChanges.join(', ') : 'already set up'}`,
    ...result.written.map((file) => `Wrote ${file}`),
    ...result.kept.map((file) => `Kept ${file} (it exists)`),
    'Next: edit settings.mjs (DEDICATED, SANDBOX, APPS), then npx pitwall start (or npm start).',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** `pitwall test <id>`: one app's compiled tests, run by node --test in this process's stead; its exit code. */
export async function appTests(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs('test', args, {}, { positionals: 1 });
  const [id] = positionals;
  if (!id) {
    process.stderr.write('Usage: pitwall test <app id>\n');
    return 2;
  }
  let files: string[];
  try {
    files = appTestFiles(process.cwd(), id);
  } catch (error) {
    if (!(error instanceof PitwallError)) throw error;
    process.stderr.write(`${error.code}: ${error.message}\n`);
    return 1;
  }
  // A runner of its own, printing its report here, even when a test runner started this command.
  const { NODE_TEST_CONTEXT: _context, ...env } = process.env;
  const child = spawn(process.execPath, ['--test', '--test-timeout=180000', ...files], { stdio: 'inherit', env });
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return code ?? (signal ? 1 : 0);
}

export function newApp(args: string[]): number {
  const { values, positionals } = parseCommandArgs('new-app', args, { package: { type: 'string' } }, { positionals: 1 });
  const [id] = positionals;
  if (!id) {
    process.stderr.write('Usage: pitwall new-app <id> [--package <dir>]\n');
    return 2;
  }
  try {
    const target = values.package
      ? { kind: 'package' as const, folder: values.package, pitwall: pitwallDependency(PROJECT_ROOT) }
      : projectTarget(process.cwd(), PROJECT_ROOT);
    const files = scaffoldApp(id, target);
    let next: string;
    if (target.kind === 'package') {
      next = `Next: cd ${target.folder} && npm install && npm test`;
      if (target.pitwall?.startsWith('file:')) next += `\nIts dev dependency pitwall is ${target.pitwall} (this clone; build it first with npm run build here), until Pitwall is on npm.`;
    } else if (target.kind === 'host') {
      const { compiled, compiledTest } = hostPaths(id, isModuleProject(target.root));
      const missing = missingDevDependencies(target.root);
      next =
        (missing.length
          ? `It compiles with ${missing.join(' and ')}, not installed here: npm install --save-dev ${missing.map((name) => `${name}@${APP_DEV_DEPENDENCIES[name]}`).join(' ')}\n`
          : '') + `Next: npx tsc -p tsconfig.json && node --test ${compiledTest} runs its test; add '${compiled}' to APPS, then pitwall start.`;
    } else {
      next = `Next: npm test runs its test; add '${id}' to APPS in settings/base.ts, then npm start.`;
    }
    process.stdout.write(`Created app '${id}':\n${files.map((file) => `  ${file}`).join('\n')}\n${next}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof PitwallError)) throw error;
    process.stderr.write(`${error.code}: ${error.message}\n`);
    return 1;
  }
}
