#!/usr/bin/env node
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exitAfterStop, loadOwnerSettings, main } from './main.js';
import { PROJECT_ROOT } from './reporting/stack.js';
import { renderPrivacyDoc } from './privacy-doc.js';
import { isPitwallError } from './errors.js';
import { settingsCli } from './settings-cli.js';
import { parseCommandArgs, wantsHelp } from './cli-args.js';
import { isSanctionCommand, sanctionsCli } from './sanctions-cli.js';
import { analytics } from './cli/analytics.js';
import { appsCli } from './cli/apps.js';
import { importCli } from './cli/import.js';
import { openSource } from './import/connect.js';
import { dashboard } from './cli/dashboard.js';
import { dev } from './cli/dev.js';
import { appTests, init, newApp } from './cli/project.js';
import { reporting } from './cli/reporting.js';
import { sandbox, status } from './cli/server.js';

const USAGE = `Usage: pitwall <command>

Commands:
  start                    run the controller (default)
  dev                      run the controller as start does, and reload an app whenever its files
                           change (its folder is watched; one line per reload says what changed)
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
  import <controller>      bring another controller's players, maps, records, karma and play time into
         --from <url>      the database: pyplanet, uaseco, xaseco or minicontrol, from its own database
         [--dry-run]       (mysql://, postgres:// or a SQLite file); --dry-run prints what would change;
         [--server LOGIN]  --server names the server the statistics belong to (default: asked from DEDICATED)
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
    case 'dev':
      return dev(argv.slice(1));
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
    case 'import':
      return importCli(argv.slice(1), await loadOwnerSettings(), { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text), openSource });
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

process.exitCode = await cli(process.argv.slice(2));
