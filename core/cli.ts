#!/usr/bin/env node
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadOwnerSettings, main } from './main.js';
import type { Settings } from './config/schema.js';
import type { ReportingLevel } from './reporting/fields.js';
import { previewReport } from './reporting/preview.js';
import { Runtime } from './runtime.js';
import { runStandaloneSandbox } from './sandbox/standalone.js';

const USAGE = `Usage: pitwall <command>

Commands:
  start                    run the controller (default)
  sandbox [--port N]       run only the sandbox dedicated server (default port: DEDICATED.port;
          [--quiet]        0 picks a free one; --quiet turns off the simulated players)
  reporting preview        print exactly what an error report would hold at the configured
          [--level N]      LOGGING_REPORTING (or level N), without sending it
  help                     show this help
`;

/** Dispatches `pitwall <command>`; returns the exit code. */
export async function cli(argv: string[]): Promise<number> {
  const [command = 'start'] = argv;
  switch (command) {
    case 'start':
      return main();
    case 'sandbox':
      return sandbox(argv.slice(1));
    case 'reporting':
      return reporting(argv.slice(1));
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`Unknown command '${command}'.\n\n${USAGE}`);
      return 2;
  }
}

async function sandbox(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, quiet: { type: 'boolean' } }, strict: true });
  const settings = await loadOwnerSettings();
  const port = values.port === undefined ? settings.DEDICATED.port : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a whole number from 0 to 65535, got '${values.port}'.\n`);
    return 2;
  }
  return runStandaloneSandbox({
    port,
    user: settings.DEDICATED.user,
    password: settings.DEDICATED.password,
    activity: { ...settings.SANDBOX_ACTIVITY, enabled: settings.SANDBOX_ACTIVITY.enabled && !values.quiet },
  });
}

async function reporting(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand !== 'preview') {
    process.stderr.write(`Unknown reporting command '${subcommand ?? ''}'. Use: pitwall reporting preview [--level N]\n`);
    return 2;
  }
  const { values } = parseArgs({ args: rest, options: { level: { type: 'string' } }, strict: true });
  const level = values.level === undefined ? undefined : Number(values.level);
  if (level !== undefined && ![0, 1, 2, 3].includes(level)) {
    process.stderr.write(`--level must be 0, 1, 2 or 3, got '${values.level}'.\n`);
    return 2;
  }
  return withQuietRuntime(async (runtime, settings) => {
    const { note, body } = previewReport(runtime, settings, (level ?? settings.LOGGING_REPORTING) as ReportingLevel);
    process.stderr.write(`${note}\n`);
    process.stdout.write(body);
    return 0;
  });
}

/** Starts the controller without apps or console logging (to read live server state), runs `fn`, stops. */
async function withQuietRuntime(fn: (runtime: Runtime, settings: Settings) => Promise<number>): Promise<number> {
  const settings = await loadOwnerSettings();
  const runtime = await Runtime.start({
    settings: { ...settings, SANDBOX_ACTIVITY: { ...settings.SANDBOX_ACTIVITY, enabled: false } },
    // A controller may already run the sandbox on DEDICATED.port: this one takes any free port.
    sandboxPort: 0,
    logging: { console: false },
    appEntries: [],
    processNet: false,
    watchdogs: false,
  });
  try {
    return await fn(runtime, settings);
  } finally {
    await runtime.stop();
  }
}

process.exitCode = await cli(process.argv.slice(2));
