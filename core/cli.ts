#!/usr/bin/env node
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exitAfterStop, loadOwnerSettings, main } from './main.js';
import { appTestFiles } from './app-tests.js';
import { decideAnalytics } from './analytics/decision.js';
import { BUNDLED_APPS_FOLDER, entryName, loadApp } from './apps/load.js';
import { askController, type AppRequest } from './apps/control-requests.js';
import { PING_IDENTITY } from './analytics/fields.js';
import { InstallId } from './analytics/install-id.js';
import { PingSender } from './analytics/ping.js';
import type { Settings } from './config/schema.js';
import { createLogger } from './logging/logger.js';
import type { ReportingLevel } from './reporting/fields.js';
import { findIncident } from './reporting/incidents.js';
import { incidentSubject, previewFeed, previewReport, type PreviewSubject } from './reporting/preview.js';
import type { AppInfo } from './apps/registry.js';
import { PROJECT_ROOT } from './reporting/stack.js';
import { renderPrivacyDoc } from './privacy-doc.js';
import { APP_DEV_DEPENDENCIES, hostPaths, isModuleProject, missingDevDependencies, pitwallDependency, projectTarget, scaffoldApp } from './scaffold.js';
import { initOwnerProject, type InitResult } from './owner-project.js';
import { isPitwallError, PitwallError } from './errors.js';
import { Runtime } from './runtime.js';
import { runStandaloneSandbox } from './sandbox/standalone.js';
import { GbxSession } from './gbx/session.js';
import { readServerStatus } from './server/status.js';
import { settingsCli } from './settings-cli.js';
import { announcePasswordChange, requestLoginLink } from './dashboard/control-file.js';
import { passwordProblem, setPassword } from './dashboard/password.js';
import { parseCommandArgs, wantsHelp } from './cli-args.js';
import { isSanctionCommand, sanctionsCli } from './sanctions-cli.js';

const USAGE = `Usage: pitwall <command>

Commands:
  start                    run the controller (default)
  status                   connect to the dedicated server in DEDICATED, print its name, version,
                           mode and player count, and exit (1 with the fix if it cannot connect)
  sandbox [--port N]       run only the sandbox dedicated server (default port: DEDICATED.port;
          [--quiet]        0 picks a free one; --quiet turns off the simulated players;
          [--map-change-ms N]  how long a map change takes, default 3000)
  reporting preview        print exactly what an error report would hold at the configured
          [--level N]      LOGGING_REPORTING (or level N), without sending it
          [--app ID]       ... or what the level-3 feed of app ID would send to its developers
          [--incident ID]  ... for that incident of the local log (default with --app: the app's
          [--sample]       latest; without --app: a sample error); --sample shows a sample error
  analytics preview        print exactly the analytics ping that would be sent now, without sending it
  analytics status         say whether analytics are on and why, schedule, endpoint, last ping
  analytics reset-id       replace the random install id with a new one
  settings list            every app's settings: value, and whether it is live, from the file or the default
  settings set A.K VALUE   change app A's setting K live (checked by the app's schema; stored in the
  settings set A.K --reset database, wins over the settings file until reset)
  bans list                the admin app's stored bans (same for blacklist, guests, mutes)
  bans remove <login>      lift one in the database (and on the dedicated server when it answers),
                           so an owner banned in game can get back in; also blacklist, guests, mutes
  dashboard link           print a one-time login link to the running controller's web dashboard
  dashboard passwd         set the dashboard owner's password (asked twice, not echoed; --stdin reads
                           one line from standard input for scripts); every dashboard session ends
  apps                     each app of the running controller: version, state, isolation, uptime
  apps reload <id>         load app <id>'s code afresh in the running controller, nothing else restarts
  privacy-doc              regenerate docs/privacy.md from the field tables in the code
  init                     make this folder a project that runs Pitwall as a dependency: settings.mjs,
                           npm scripts, a systemd unit (pitwall.service) and a .gitignore
  new-app <id>             create apps/<id>/ (definition, setting, handler, command), its test
          [--package DIR]  and a README; or a standalone npm package in DIR
  test <id>                run the compiled tests of app <id> with node --test: dist/test/apps/<id>.test.js,
                           <id>-*.test.js and dist/test/apps/<id>/ (npm run pitwall -- test <id> builds first)
  help                     show this help
`;

/**
 * Runs `pitwall <command>`; returns the exit code. `--help` anywhere prints the usage; an option or argument
 * the command does not take prints what is wrong and the usage (exit 2), not a stack.
 */
export async function cli(argv: string[]): Promise<number> {
  if (wantsHelp(argv)) {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    return await dispatch(argv);
  } catch (error) {
    if (!isPitwallError(error, 'PW_ERR_CLI_ARGUMENT')) throw error;
    process.stderr.write(`${error.code}: ${error.message}\n\n${USAGE}`);
    return 2;
  }
}

async function dispatch(argv: string[]): Promise<number> {
  const [command = 'start'] = argv;
  switch (command) {
    case 'start': {
      parseCommandArgs('start', argv.slice(1), {});
      const code = await main();
      exitAfterStop(code);
      return code;
    }
    case 'status':
      parseCommandArgs('status', argv.slice(1), {});
      return status();
    case 'sandbox':
      return sandbox(argv.slice(1));
    case 'reporting':
      return reporting(argv.slice(1));
    case 'analytics':
      return analytics(argv.slice(1));
    case 'init':
      parseCommandArgs('init', argv.slice(1), {});
      return init();
    case 'new-app':
      return newApp(argv.slice(1));
    case 'test':
      return appTests(argv.slice(1));
    case 'settings':
      return settingsCli(argv.slice(1), await loadOwnerSettings(), { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) });
    case 'bans':
    case 'blacklist':
    case 'guests':
    case 'mutes':
      if (!isSanctionCommand(command)) return 2;
      return sanctionsCli(command, argv.slice(1), await loadOwnerSettings(), { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) });
    case 'dashboard':
      return dashboard(argv.slice(1));
    case 'apps':
      return appsCli(argv.slice(1));
    case 'privacy-doc': {
      parseCommandArgs('privacy-doc', argv.slice(1), {});
      const file = join(PROJECT_ROOT, 'docs', 'privacy.md');
      writeFileSync(file, renderPrivacyDoc());
      process.stdout.write(`Wrote ${file}\n`);
      return 0;
    }
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`Unknown command '${command}'.\n\n${USAGE}`);
      return 2;
  }
}

/** `pitwall status`: one connection with the same login and setup as `pitwall start`, a report, and exit. */
async function status(): Promise<number> {
  const settings = await loadOwnerSettings();
  // With SANDBOX on, the server to check is the sandbox a running `pitwall start` opened on DEDICATED.port.
  const host = settings.SANDBOX ? '127.0.0.1' : settings.DEDICATED.host;
  const { port, user, password } = settings.DEDICATED;
  const where = settings.SANDBOX ? ' (SANDBOX is on: the sandbox of a running `pitwall start`)' : '';
  process.stdout.write(`Checking the dedicated server at ${host}:${port}${where}\n`);
  const session = new GbxSession({ ...settings.GBX, host, port, user, password });
  try {
    await session.connect();
    const server = await readServerStatus(session);
    const spectators = server.spectators > 0 ? ` (${server.spectators} spectating)` : '';
    process.stdout.write(
      [
        `Connected as ${user}; API version ${settings.GBX.apiVersion} accepted`,
        `Server:  ${server.name} (login ${server.login})`,
        `Version: ${server.game} ${server.version}, build ${server.build}, title ${server.titleId}, API ${server.apiVersion}`,
        `Mode:    ${server.mode}`,
        `Players: ${server.players} of ${server.maxPlayers}${spectators}`,
      ].join('\n') + '\n',
    );
    return 0;
  } catch (error) {
    if (!(error instanceof PitwallError)) throw error;
    process.stderr.write(`${error.code}: ${error.message}\n`);
    return 1;
  } finally {
    session.close();
  }
}

async function sandbox(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('sandbox', args, { port: { type: 'string' }, quiet: { type: 'boolean' }, 'map-change-ms': { type: 'string' } });
  const settings = await loadOwnerSettings();
  const port = values.port === undefined ? settings.DEDICATED.port : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a whole number from 0 to 65535, got '${values.port}'.\n`);
    return 2;
  }
  const mapChangeMs = values['map-change-ms'] === undefined ? 3000 : Number(values['map-change-ms']);
  if (!Number.isInteger(mapChangeMs) || mapChangeMs < 0 || mapChangeMs > 600_000) {
    process.stderr.write(`--map-change-ms must be a whole number of milliseconds from 0 to 600000, got '${values['map-change-ms']}'.\n`);
    return 2;
  }
  return runStandaloneSandbox({
    port,
    mapChangeMs,
    user: settings.DEDICATED.user,
    password: settings.DEDICATED.password,
    activity: { ...settings.SANDBOX_ACTIVITY, enabled: settings.SANDBOX_ACTIVITY.enabled && !values.quiet },
  });
}

async function reporting(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand !== 'preview') {
    process.stderr.write(`Unknown reporting command '${subcommand ?? ''}'. Use: pitwall reporting preview [--level N] [--app ID] [--incident ID | --sample]\n`);
    return 2;
  }
  const { values } = parseCommandArgs('reporting preview', rest, {
    level: { type: 'string' },
    app: { type: 'string' },
    incident: { type: 'string' },
    sample: { type: 'boolean' },
  });
  const level = values.level === undefined ? undefined : Number(values.level);
  if (level !== undefined && ![0, 1, 2, 3].includes(level)) {
    process.stderr.write(`--level must be 0, 1, 2 or 3, got '${values.level}'.\n`);
    return 2;
  }
  if (values.sample && values.incident !== undefined) {
    throw new PitwallError('PW_ERR_CLI_ARGUMENT', { command: 'reporting preview', problem: "'--sample' and '--incident' cannot be given together" });
  }
  return withQuietRuntime(async (runtime, settings) => {
    const apps = values.app !== undefined ? await configuredApps(settings) : [];
    // An app that is not loaded has no feed: said as such, whatever its incidents.
    const known = values.app === undefined || apps.some((app) => app.id === values.app);
    let subject: PreviewSubject | undefined;
    // With --app, the app's latest incident by default; without, the sample unless --incident names one.
    if (known && (values.incident !== undefined || (values.app !== undefined && !values.sample))) {
      try {
        subject = incidentSubject(findIncident(settings.DATA_DIR, { id: values.incident, app: values.app }));
      } catch (error) {
        if (!(error instanceof PitwallError)) throw error;
        process.stderr.write(`${error.code}: ${error.message}\n`);
        return 1;
      }
    }
    const effective = (level ?? settings.LOGGING_REPORTING) as ReportingLevel;
    const { note, body } =
      values.app !== undefined
        ? previewFeed(runtime.exceptionHandler, settings, apps, values.app, effective, subject)
        : previewReport(runtime.exceptionHandler, settings, effective, subject);
    process.stderr.write(`${note}\n`);
    process.stdout.write(body);
    return 0;
  });
}

function init(): number {
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
async function appTests(args: string[]): Promise<number> {
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

function newApp(args: string[]): number {
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

async function analytics(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  parseCommandArgs(`analytics ${subcommand ?? ''}`.trim(), rest, {});
  const settings = await loadOwnerSettings();
  const decision = decideAnalytics(settings, process.env);
  switch (subcommand) {
    case 'preview':
      return withQuietRuntime(async (runtime) => {
        // This process starts no apps; the running controller would list the configured ones that started.
        const runningApps = (await configuredApps(settings)).map(({ id, version }) => ({ id, version }));
        // With analytics off, nothing may be written: the preview shows a placeholder id instead.
        const ping = runtime.analytics!.preview(decision.on ? undefined : '(none: analytics are off)', { runningApps });
        process.stderr.write(
          decision.on
            ? `This is the ping that would be ${settings.ANALYTICS_URL ? `sent to ${new URL(settings.ANALYTICS_URL).host}` : `written to ${settings.DATA_DIR}/analytics`} now. Nothing was sent.\n`
            : `Analytics are off (${decision.reason}): nothing is sent. This is what would be sent if they were on:\n`,
        );
        process.stdout.write(`${JSON.stringify(ping, null, 2)}\n`);
        return 0;
      });
    case 'status': {
      const lines = [`Analytics: ${decision.on ? 'on' : 'off'} (${decision.reason})`, `The ping (see pitwall analytics preview): ${PING_IDENTITY}`];
      if (decision.on) {
        lines.push(`Schedule: '${settings.ANALYTICS_SCHEDULE}' plus a fixed per-install delay, and once shortly after start`);
        lines.push(`Endpoint: ${settings.ANALYTICS_URL ? new URL(settings.ANALYTICS_URL).origin : `none (pings are written to ${settings.DATA_DIR}/analytics)`}`);
        const last = new PingSender(settings, createLogger({ debug: false, console: false })).lastStatus();
        lines.push(`Last ping: ${last ? `${last.at} ${last.result}${last.detail ? ` (${last.detail})` : ''}` : 'none yet'}`);
      }
      process.stdout.write(`${lines.join('\n')}\n`);
      return 0;
    }
    case 'reset-id': {
      if (!decision.on) {
        process.stdout.write(`Analytics are off (${decision.reason}): there is no install id to reset, and none was written.\n`);
        return 0;
      }
      process.stdout.write(`New install id: ${new InstallId(settings.DATA_DIR).reset()}\n`);
      return 0;
    }
    default:
      process.stderr.write(`Unknown analytics command '${subcommand ?? ''}'. Use: pitwall analytics preview | status | reset-id\n`);
      return 2;
  }
}

/** `pitwall apps` and `pitwall apps reload <id>`, answered by the controller running on DATA_DIR. */
async function appsCli(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  let request: AppRequest;
  if (subcommand === undefined) request = { action: 'list' };
  else if (subcommand === 'reload' && rest.length === 1) request = { action: 'reload', id: rest[0]! };
  else {
    process.stderr.write(`Unknown apps command '${args.join(' ')}'. Use: pitwall apps, or pitwall apps reload <id>\n`);
    return 2;
  }
  const settings = await loadOwnerSettings();
  try {
    // A reload may wait for the old version's stop() and the new one's init() and start().
    const answer = await askController(settings.DATA_DIR, request, 5000 + settings.APP_HOOK_TIMEOUT_MS * 4);
    (answer.ok ? process.stdout : process.stderr).write(`${answer.text}\n`);
    return answer.ok && !/ was not reloaded|^There is no app/.test(answer.text) ? 0 : 1;
  } catch (error) {
    if (!(error instanceof PitwallError)) throw error;
    process.stderr.write(`${error.code}: ${error.message}\n`);
    return 1;
  }
}

async function dashboard(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === 'passwd') return dashboardPasswd(rest);
  if (subcommand !== 'link') {
    process.stderr.write(`Unknown dashboard command '${subcommand ?? ''}'. Use: pitwall dashboard link, or pitwall dashboard passwd [--stdin]\n`);
    return 2;
  }
  parseCommandArgs('dashboard link', rest, {});
  const settings = await loadOwnerSettings();
  try {
    if (!settings.DASHBOARD.enabled) throw new PitwallError('PW_ERR_DASHBOARD_OFF', {});
    const url = await requestLoginLink(settings.DATA_DIR);
    process.stderr.write('Open this link in a browser on this machine (it works once, within 10 minutes):\n');
    process.stdout.write(`${url}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof PitwallError)) throw error;
    process.stderr.write(`${error.code}: ${error.message}\n`);
    return 1;
  }
}

/** Every app in APPS that loads (not started: loading runs no app code but its module's). */
async function configuredApps(settings: Settings): Promise<AppInfo[]> {
  const apps: AppInfo[] = [];
  for (const entry of settings.APPS) {
    try {
      const { definition, folder } = await loadApp(entryName(entry), { bundledFolder: BUNDLED_APPS_FOLDER, cwd: process.cwd() });
      apps.push({ id: definition.id, version: definition.version, folder, reporting: definition.reporting });
    } catch {
      // An app that cannot load would not run, so it would not be in the ping.
    }
  }
  return apps;
}

/** Starts the controller without apps or console logging (to read live server state), runs `fn`, stops. */
async function withQuietRuntime(fn: (runtime: Runtime, settings: Settings) => Promise<number>): Promise<number> {
  const settings = await loadOwnerSettings();
  const runtime = await Runtime.start({
    // No dashboard either: the running controller's has the port, and this one lives for a moment.
    settings: { ...settings, SANDBOX_ACTIVITY: { ...settings.SANDBOX_ACTIVITY, enabled: false }, DASHBOARD: { ...settings.DASHBOARD, enabled: false } },
    // A controller may already run the sandbox on DEDICATED.port: this one takes any free port.
    sandboxPort: 0,
    // No console and no log file: these commands print their own output and leave no trace.
    logger: createLogger({ debug: false, console: false }),
    // No apps, so the runtime keeps its database in memory and writes nothing to DATA_DIR.
    appEntries: [],
    processNet: false,
    watchdogs: false,
    // Only the preview is wanted: never schedule pings from here.
    env: { ...process.env, DO_NOT_TRACK: '1' },
  });
  try {
    return await fn(runtime, settings);
  } finally {
    await runtime.stop();
  }
}

process.exitCode = await cli(process.argv.slice(2));

/** `pitwall dashboard passwd [--stdin]`: the owner's password, as a scrypt hash in DATA_DIR/dashboard-password. */
async function dashboardPasswd(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('dashboard passwd', args, { stdin: { type: 'boolean' } });
  const settings = await loadOwnerSettings();
  let password: string;
  try {
    if (values.stdin) {
      password = (await readAllStdin()).replace(/\r?\n$/, '');
    } else {
      if (!process.stdin.isTTY) {
        process.stderr.write('Standard input is not a terminal, so the password cannot be asked for without echo. Use `pitwall dashboard passwd --stdin` and send the password as one line.\n');
        return 2;
      }
      password = await askHidden('New dashboard password: ');
      const problem = passwordProblem(password);
      if (problem) throw new PitwallError('PW_ERR_DASHBOARD_PASSWORD', { problem });
      if ((await askHidden('The same password again: ')) !== password) {
        process.stderr.write('The two passwords differ; nothing was changed. Run `pitwall dashboard passwd` again.\n');
        return 1;
      }
    }
    const file = await setPassword(settings.DATA_DIR, password);
    const told = await announcePasswordChange(settings.DATA_DIR);
    process.stdout.write(`The dashboard password is set (a scrypt hash in ${file}, readable by you only). ${told ? 'The running dashboard ended every session: log in again.' : 'No running dashboard answered; the next one started uses it.'}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof PitwallError)) throw error;
    process.stderr.write(`${error.code}: ${error.message}\n`);
    return 1;
  }
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** One line typed on the terminal without echo (raw mode: each key is read, none printed). */
function askHidden(prompt: string): Promise<string> {
  process.stderr.write(prompt);
  const input = process.stdin;
  input.setRawMode(true);
  input.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (settle: () => void): void => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      settle();
    };
    const onData = (chunk: Buffer): void => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return done(() => resolve(typed));
        if (char === '\u0003') return done(() => reject(new PitwallError('PW_ERR_DASHBOARD_PASSWORD', { problem: 'it was not given (interrupted)' })));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else if (char >= ' ') typed += char;
      }
    };
    input.on('data', onData);
  });
}
