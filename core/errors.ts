/**
 * The one catalog of Pitwall errors. Every code has a message builder that says what happened, which
 * app or setting is involved, and what to do about it. Tests assert codes and exact texts.
 */

export type PitwallErrorCode = keyof typeof messages;

const messages = {
  PW_ERR_SETTINGS: (p: { problems: string[] }) =>
    `Invalid settings (${p.problems.length} problem${p.problems.length === 1 ? '' : 's'}):\n` +
    p.problems.map((line) => `  - ${line}`).join('\n'),
  PW_ERR_SETTINGS_FILE: (p: { file: string; reason: string; by: 'PITWALL_SETTINGS' | 'project' }) =>
    (p.by === 'project'
      ? `Cannot load the project's settings file '${p.file}': ${p.reason}. ` +
        `Fix: correct settings.mjs; it is an ES module whose exports override keys of settings/base.ts ` +
        `(keep the .mjs name: a .js file is an ES module only with "type": "module" in the package.json beside it).`
      : `Cannot load the settings override file '${p.file}' named by PITWALL_SETTINGS: ${p.reason}. ` +
        `Fix: point PITWALL_SETTINGS at an ES module whose exports override keys of settings/base.ts: ` +
        `a .mjs file, or a .js file with "type": "module" in the package.json beside it.`),
  PW_ERR_CLI_ARGUMENT: (p: { command: string; problem: string }) =>
    `Cannot run 'pitwall ${p.command}': ${p.problem}. Fix: use only the options and arguments the usage lists (pitwall help prints it).`,
  PW_ERR_APP_NOT_FOUND: (p: { entry: string; reason: string }) =>
    `App '${p.entry}' listed in APPS could not be loaded: ${p.reason}. ` +
    `Fix: use a bundled app id (a folder under apps/), an installed npm package name, or a path to a module.`,
  PW_ERR_APP_INVALID: (p: { entry: string; problem: string }) =>
    `App '${p.entry}' is not a valid app: ${p.problem}. ` +
    `Fix: export default defineApp({ id, version, init(ctx) { ... } }) from the app's module.`,
  PW_ERR_APP_DUPLICATE_ID: (p: { id: string; first: string; second: string }) =>
    `Two apps have the id '${p.id}' (from '${p.first}' and '${p.second}'). ` +
    `Fix: list each app once in APPS; app ids must be unique.`,
  PW_ERR_APP_DEPENDENCY: (p: { id: string; dependency: string }) =>
    `App '${p.id}' depends on '${p.dependency}', which is not in APPS. ` +
    `Fix: add '${p.dependency}' to APPS in settings/base.ts, or remove '${p.id}'.`,
  PW_ERR_APP_CYCLE: (p: { cycle: string[] }) =>
    `Apps depend on each other in a cycle: ${p.cycle.join(' -> ')}. ` +
    `Fix: remove one of these dependsOn entries so the apps can start in order.`,
  PW_ERR_APP_DEPENDENCY_FAILED: (p: { id: string; dependency: string }) =>
    `App '${p.id}' was not started because its dependency '${p.dependency}' failed.`,
  PW_ERR_APP_UNDECLARED_DEPENDENCY: (p: { id: string; dependency: string }) =>
    `App '${p.id}' asked for app '${p.dependency}', which is not in its dependsOn. ` +
    `Fix: add '${p.dependency}' to dependsOn in the definition of '${p.id}'.`,
  PW_ERR_APP_UNDECLARED_USE: (p: { id: string; dependency: string }) =>
    `App '${p.id}' asked for app '${p.dependency}' as optional, which is not in its uses. ` +
    `Fix: add '${p.dependency}' to uses in the definition of '${p.id}' (or to dependsOn, if it cannot run without it).`,
  PW_ERR_APP_HOOK_TIMEOUT: (p: { id: string; hook: string; ms: number }) =>
    `App '${p.id}' did not finish ${p.hook}() within ${p.ms} ms. ` +
    `Fix: make ${p.hook}() resolve sooner (move long work to a timer), or raise APP_HOOK_TIMEOUT_MS.`,
  PW_ERR_APP_HOOK_FAILED: (p: { id: string; hook: string; message: string }) =>
    `App '${p.id}' failed in ${p.hook}(): ${p.message}`,
  PW_ERR_APP_SETTINGS: (p: { id: string; problems: string[] }) =>
    `App '${p.id}' has invalid settings in APP_SETTINGS['${p.id}']:\n` +
    p.problems.map((line) => `  - ${line}`).join('\n'),
  PW_ERR_APP_ERROR_BUDGET: (p: { id: string; count: number; seconds: number }) =>
    `App '${p.id}' was stopped: it raised ${p.count} errors within ${p.seconds} s. ` +
    `Fix the errors in its log, then restart Pitwall; APP_ERROR_BUDGET sets the limit.`,
  PW_ERR_APP_WORKER_UNSUPPORTED: (p: { id: string; what: string; fix: string }) =>
    `App '${p.id}' runs in a worker thread, where ${p.what} is not available. Fix: ${p.fix}.`,
  PW_ERR_APP_WORKER_DATA: (p: { id: string; what: string; reason: string }) =>
    `App '${p.id}' passed ${p.what} a value that cannot cross to the controller (${p.reason}). ` +
    `Fix: pass plain data (strings, numbers, arrays, plain objects), no functions or class instances.`,
  PW_ERR_APP_WORKER_TIMEOUT: (p: { id: string; what: string; ms: number }) =>
    `App '${p.id}' did not answer ${p.what} within ${p.ms} ms: its worker thread is busy or blocked. ` +
    `Fix: move long work off the handler (a timer, smaller steps), or raise APP_HOOK_TIMEOUT_MS.`,
  PW_ERR_APP_WORKER_ENDED: (p: { id: string; reason: string }) =>
    `App '${p.id}' stopped: ${p.reason}. Fix: see the app's errors in the log; APP_RESTART sets how often it is started again.`,
  PW_ERR_CONTROLLER_NOT_ANSWERING: (p: { folder: string; reason: string }) =>
    `No running controller answered through ${p.folder}: ${p.reason}. ` +
    `Fix: start Pitwall (pitwall start) with the same DATA_DIR, then ask again.`,
  PW_ERR_APP_STOPPED: (p: { id: string }) =>
    `App '${p.id}' is not running: registrations are only accepted while it is starting or running.`,
  PW_ERR_TEST_APP_FAILED: (p: { failed: { id: string; reason: string }[] }) =>
    `startTestCore: ${p.failed.length === 1 ? 'an app' : `${p.failed.length} apps`} failed to start: ` +
    p.failed.map((app) => `'${app.id}' (${app.reason.split('\n')[0]})`).join('; ') +
    `. Fix: correct the app, or pass allowFailedApps: true to startTestCore when the test expects it to fail.`,
  PW_ERR_NON_ERROR_THROWN: (p: { value: string }) =>
    `A non-Error value was thrown: ${p.value}. Fix: throw new Error(...) so the report has a stack trace.`,
  PW_ERR_COMMAND_NAME: (p: { id: string; name: string }) =>
    `App '${p.id}' cannot register chat command '${p.name}': a name is 1-32 lower-case letters, digits, - or _, ` +
    `starting with a letter. Fix: rename the command.`,
  PW_ERR_APP_SCHEDULE: (p: { id: string; schedule: string; reason: string }) =>
    `App '${p.id}' gave an invalid schedule '${p.schedule}': ${p.reason}. ` +
    `Fix: use a 6-field cron expression (seconds first, e.g. '0 */5 * * * *') or a number of milliseconds.`,
  PW_ERR_COMMAND_TAKEN: (p: { name: string; owner: string; id: string }) =>
    `App '${p.id}' cannot register chat command '/${p.name}': app '${p.owner}' already has it. ` +
    `Fix: choose another command name.`,
  PW_ERR_COMMAND_SPEC: (p: { id: string; name: string; problem: string }) =>
    `App '${p.id}' cannot register chat command '/${p.name}': ${p.problem}. ` +
    `Fix: correct the command's declaration (see "Typed commands" in docs/apps.md).`,
  PW_ERR_ACCESS_GROUP: (p: { login: string; group: string }) =>
    `Cannot put '${p.login}' in group '${p.group}': the groups are operator, admin and master. ` +
    `Fix: name one of those groups.`,
  PW_ERR_GBX_CONNECT: (p: { host: string; port: number; reason: string }) =>
    `Cannot connect to the dedicated server at ${p.host}:${p.port}: ${p.reason}. ` +
    `Fix: start the dedicated server and check DEDICATED.host/port against <xmlrpc_port> in its dedicated_cfg.txt, ` +
    `or set SANDBOX = true to use the built-in sandbox server.`,
  PW_ERR_GBX_AUTH: (p: { user: string; host: string; port: number; reason: string }) =>
    `The dedicated server at ${p.host}:${p.port} refused user '${p.user}': ${p.reason.replace(/\.$/, '')}. ` +
    `Fix: set DEDICATED.user and DEDICATED.password to the SuperAdmin login and password of its dedicated_cfg.txt.`,
  PW_ERR_GBX_DISCONNECTED: (p: { method: string; state: string }) =>
    `Cannot call ${p.method}: the connection to the dedicated server is ${p.state}. ` +
    `Retry once the 'reconnected' event arrives, or call with { waitForConnection: true }.`,
  PW_ERR_GBX_SCRIPT_TIMEOUT: (p: { event: string; ms: number }) =>
    `The game mode script did not answer ${p.event} within ${p.ms} ms. ` +
    `Fix: check that the running mode script supports ${p.event} and that script callbacks are enabled.`,
  PW_ERR_SANDBOX_PORT: (p: { host: string; port: number; reason: string }) =>
    `Cannot start the sandbox server on ${p.host}:${p.port}: ${p.reason}. ` +
    `Fix: set DEDICATED.port to a free port (or 0 for any free port), or stop what is using it.`,
  PW_ERR_NEW_APP_NAME: (p: { id: string }) =>
    `Cannot create app '${p.id}': an app id is 1-64 lower-case letters, digits, - or _, starting with a letter. ` +
    `Fix: choose a name like 'lap-counter'.`,
  PW_ERR_NEW_APP_EXISTS: (p: { id: string; path: string }) =>
    `Cannot create app '${p.id}': ${p.path} already exists. Fix: choose another id, or remove it first.`,
  PW_ERR_SHUTDOWN_TIMEOUT: (p: { ms: number }) =>
    `Shutdown did not finish within ${p.ms} ms; exiting anyway.`,
  PW_ERR_APP_DELAY: (p: { id: string; ms: string }) =>
    `App '${p.id}' gave ctx.after() an invalid delay ${p.ms}: it must be a number of milliseconds from 0 to 2147483647. ` +
    `Fix: pass a delay in that range; for longer or repeating waits use ctx.every() with a cron expression.`,
  PW_ERR_APP_SCOPE: (p: { id: string; token: string; resolvable: string[] }) =>
    `App '${p.id}' asked its container for ${p.token}, which apps cannot resolve: ctx.container holds only the ` +
    `public tokens (${p.resolvable.join(', ')}) and the services the app registers itself. ` +
    `Fix: use what ctx gives (ctx.server, ctx.db, ctx.logger, ctx.can, ctx.dependency), or register your own service in ctx.container.`,
  PW_ERR_APP_EVENT: (p: { id: string; event: string; known: readonly string[] }) =>
    `App '${p.id}' listens to ${p.event}, which is not an event Pitwall sends. ` +
    `Fix: listen to one of ${p.known.join(', ')} (docs/apps.md, Events); a script callback without an event of its own comes as modeScript.`,
  PW_ERR_UI_ELEMENT: (p: { element: string }) =>
    `<${p.element}> is not a ManiaLink element Pitwall renders (frame, quad, label, entry, textedit, fileentry, gauge, ` +
    `graph, audio, video). Fix: use one of these, or a component function.`,
  PW_ERR_UI_ATTRIBUTE: (p: { element: string; attribute: string; reason: string }) =>
    `Attribute '${p.attribute}' on <${p.element}> is not accepted: ${p.reason}. Fix: change the markup.`,
  PW_ERR_UI_ID: (p: { id: string; name: string }) =>
    `App '${p.id}' cannot show ManiaLink '${p.name}': an id is 1-64 lower-case letters, digits, - or _, starting with a letter. ` +
    `Fix: rename it (the host adds the app's own prefix).`,
  PW_ERR_UI_MODULE: (p: { id: string; name: string; module: string; known: string }) =>
    `App '${p.id}' declares widget '${p.name}' as replacing '${p.module}', which is not one of Nadeo's UI modules. ` +
    `Fix: use one of ${p.known}.`,
  PW_ERR_UI_CHOICE: (p: { id: string; name: string; problem: string; fix: string }) =>
    `App '${p.id}' cannot use the choice of widget '${p.name}': ${p.problem}. Fix: ${p.fix}.`,
  PW_ERR_DATABASE_URL: (p: { reason: string }) =>
    `DATABASE_URL is not a usable database URL: ${p.reason}. ` +
    `Fix: set DATABASE_URL to postgres://user:password@host:5432/database, or to '' for the embedded SQLite file in DATA_DIR.`,
  PW_ERR_DATABASE_UNREACHABLE: (p: { host: string; port: number; reason: string }) =>
    `Cannot reach the PostgreSQL server at ${p.host}:${p.port} named by DATABASE_URL: ${p.reason}. ` +
    `Fix: start PostgreSQL there (and check its listen_addresses and port), correct the host and port in DATABASE_URL, ` +
    `or set DATABASE_URL to '' for the embedded SQLite file.`,
  PW_ERR_DATABASE_AUTH: (p: { host: string; port: number; user: string; database: string; reason: string }) =>
    `The PostgreSQL server at ${p.host}:${p.port} refused user '${p.user}' for database '${p.database}': ${p.reason}. ` +
    `Fix: put the right user and password in DATABASE_URL, or create them on the server ` +
    `(CREATE ROLE "${p.user}" LOGIN PASSWORD '...'; GRANT ALL ON DATABASE "${p.database}" TO "${p.user}").`,
  PW_ERR_DATABASE_OPEN: (p: { where: string; reason: string }) =>
    `Cannot open the database (${p.where}): ${p.reason}. ` +
    `Fix: check DATABASE_URL and DATA_DIR (the folder must be writable), then restart Pitwall.`,
  PW_ERR_DATABASE_READ_ONLY: (p: { file: string }) =>
    `The SQLite file ${p.file} is read-only for the user running Pitwall, and Pitwall writes records and settings to it. ` +
    `Fix: make it writable for that user (chmod u+w '${p.file}', or chown it to that user), then restart Pitwall.`,
  PW_ERR_DATABASE_NOT_SQLITE: (p: { file: string; reason: string }) =>
    `The file ${p.file} is not a SQLite database (${p.reason}). ` +
    `Fix: put your pitwall.sqlite back there from a backup, or move this file away so that Pitwall starts an empty database, then restart Pitwall.`,
  PW_ERR_DATABASE_FILE_GONE: (p: { file: string; change: 'deleted' | 'replaced' }) =>
    (p.change === 'deleted'
      ? `The SQLite file ${p.file} was deleted while Pitwall was running. `
      : `The SQLite file ${p.file} was replaced by another file while Pitwall was running. `) +
    `Writes are refused from now on, so that none goes to the file Pitwall opened, which is no longer there. ` +
    (p.change === 'deleted'
      ? `Fix: stop Pitwall, put the file back (from a backup, or move it back to ${p.file}), then start Pitwall again.`
      : `Fix: restart Pitwall to open the file now at ${p.file} (and stop Pitwall before replacing its database).`),
  PW_ERR_DATABASE_LOCKED: (p: { file: string; seconds: number }) =>
    `Another process has held the write lock of the SQLite file ${p.file} for ${p.seconds} s, so a write was given up. ` +
    `Fix: end that process (a backup tool, a second Pitwall on the same DATA_DIR, a sqlite3 shell left in a transaction).`,
  PW_ERR_DATABASE_QUERY: (p: { owner: string; where: string; message: string }) =>
    `A database query by ${p.owner} failed (${p.where}): ${p.message}`,
  PW_ERR_DATABASE_UNAVAILABLE: (p: { owner: string; where: string; reason: string }) =>
    `A database query by ${p.owner} could not complete: the connection to ${p.where} failed (${p.reason}). ` +
    `Pitwall opens a new connection for the next query. Fix: check that the database server is running and reachable.`,
  PW_ERR_DATABASE_JOURNAL_FULL: (p: { owner: string; where: string; file: string; limit: string }) =>
    `A write by ${p.owner} was not kept: ${p.where} is unreachable and the write journal ${p.file} already holds ${p.limit}. ` +
    `Fix: bring the database back (the queued writes are replayed in order then); check that the server is running and reachable.`,
  PW_ERR_DATABASE_JOURNAL_VALUE: (p: { owner: string; index: number; kind: string }) =>
    `A write by ${p.owner} cannot be queued for a database outage: parameter ${p.index} of its query is ${p.kind}, which the journal cannot keep. ` +
    `Fix: bind strings, numbers, booleans or null (a date as date.toISOString(), a bigint as String(value)).`,
  PW_ERR_DATABASE_JOURNAL_FILE: (p: { file: string; reason: string }) =>
    `The database write journal ${p.file} cannot be used: ${p.reason}. ` +
    `Fix: make DATA_DIR writable by the user running Pitwall (writes made while the database is unreachable are kept there).`,
  PW_ERR_DATABASE_MIGRATION: (p: { owner: string; migration: string; message: string }) =>
    `Migration '${p.migration}' of ${p.owner} failed: ${p.message}. ` +
    `Its changes were rolled back and the database is as it was. Fix the migration, then restart Pitwall.`,
  PW_ERR_DATABASE_NOT_DECLARED: (p: { id: string }) =>
    `App '${p.id}' used ctx.db but declares no database. ` +
    `Fix: add database: defineDatabase<Tables>({ migrations: [...] }) to the definition of '${p.id}'.`,
  PW_ERR_DATA_DIR_NOT_A_FOLDER: (p: { dataDir: string; path: string; blocker: string }) =>
    `DATA_DIR '${p.dataDir}' (${p.path}) cannot be a folder: ${p.blocker} is a file. ` +
    `Fix: set DATA_DIR (or PITWALL_DATA_DIR) to a folder path, or move that file away; a missing folder is created.`,
  PW_ERR_DATA_DIR_UNWRITABLE: (p: { dataDir: string; path: string; reason: string }) =>
    `DATA_DIR '${p.dataDir}' (${p.path}) cannot be written: ${p.reason}. ` +
    `Fix: set DATA_DIR (or PITWALL_DATA_DIR) to a writable folder on a writable mount, or give the user running Pitwall write access to it.`,
  PW_ERR_APP_DATA_DIR: (p: { id: string; path: string; reason: string }) =>
    `App '${p.id}' cannot use its data folder ${p.path}: ${p.reason}. ` +
    `Fix: move or remove what is at that path (Pitwall creates the folder), or make DATA_DIR/apps writable.`,
  PW_ERR_GBX_RESPONSE_TOO_LARGE: (p: { method: string; bytes: number; limit: number }) =>
    `The dedicated server's answer to ${p.method} is ${p.bytes} bytes, over the limit of ${p.limit} bytes (GBX.maxResponseBytes); ` +
    `it was skipped and the connection kept. Fix: ask for less at a time (list methods take a count and an offset), ` +
    `or raise GBX.maxResponseBytes in settings/base.ts.`,
  PW_ERR_GBX_SETUP: (p: { host: string; port: number; reason: string }) =>
    `The dedicated server at ${p.host}:${p.port} accepted the login, but the session setup failed: ${p.reason}. ` +
    `Fix: check that DEDICATED.port is the server's <xmlrpc_port> in its dedicated_cfg.txt and that it is a Trackmania 2020 ` +
    `or ManiaPlanet 4 dedicated server, then start Pitwall again.`,
  PW_ERR_GBX_API_VERSION: (p: { host: string; port: number; version: string; reason: string }) =>
    `The dedicated server at ${p.host}:${p.port} refused API version '${p.version}' (SetApiVersion: ${p.reason}). ` +
    `Fix: set GBX.apiVersion in settings/base.ts to '2023-03-25' for Trackmania 2020 or '2013-04-16' for ManiaPlanet 4.`,
  PW_ERR_GBX_UNSUPPORTED_GAME: (p: { host: string; port: number; game: string }) =>
    `The dedicated server at ${p.host}:${p.port} is ${p.game} (TrackMania Forever), which Pitwall does not support. ` +
    `Fix: connect Pitwall to a Trackmania 2020 or ManiaPlanet 4 dedicated server.`,
  PW_ERR_APP_TESTS_ID: (p: { id: string }) =>
    `Cannot run the tests of app '${p.id}': an app id is 1-64 lower-case letters, digits, - or _, starting with a letter. ` +
    `Fix: name the app by its id, e.g. pitwall test records.`,
  PW_ERR_APP_TESTS_NONE: (p: { id: string; folder: string }) =>
    `App '${p.id}' has no compiled tests in ${p.folder}: looked for ${p.id}.test.js, ${p.id}-*.test.js and ${p.id}/**/*.test.js (or .mjs). ` +
    `Fix: build first (npm run build, or npx tsc), and name its tests test/apps/${p.id}.test.ts, test/apps/${p.id}-<topic>.test.ts or test/apps/${p.id}/*.test.ts.`,
  PW_ERR_INCIDENT_UNKNOWN: (p: { id: string; folder: string }) =>
    `There is no incident '${p.id}' in the local log (${p.folder}). ` +
    `Fix: copy the id from an "(incident ...)" line of that log, or leave out --incident to preview the app's latest incident.`,
  PW_ERR_NO_INCIDENTS: (p: { app: string; folder: string }) =>
    `App '${p.app}' has no incident in the local log (${p.folder}): it has logged no error there. ` +
    `Fix: add --sample to preview a sample error instead, or check DATA_DIR (PITWALL_DATA_DIR) names the folder the controller logs to.`,
  PW_ERR_INCIDENT_OTHER_APP: (p: { id: string; app: string; asked: string }) =>
    `Incident '${p.id}' is an error of '${p.app}', not of '${p.asked}': only the developers of '${p.app}' could receive it. ` +
    `Fix: run with --app ${p.app}, or leave out --app to preview the core report.`,
  PW_ERR_LIVE_SETTING: (p: { path: string; problem: string }) =>
    `Setting '${p.path}' was not changed: ${p.problem}.`,
  PW_ERR_LIVE_SETTING_APP: (p: { app: string; known: string[] }) =>
    `Setting was not changed: there is no app '${p.app}' (loaded: ${p.known.length ? p.known.join(', ') : 'none'}). ` +
    `Fix: name a setting as <app>.<key>, e.g. records.listed.`,
  PW_ERR_MESSAGE_KEY: (p: { app: string; key: string; known: string[] }) =>
    `App '${p.app}' asked for the message '${p.key}', which its English messages do not declare ` +
    `(declared: ${p.known.length ? p.known.join(', ') : 'none'}). ` +
    `Fix: add '${p.key}' to the en table of the app's defineMessages({ en: { ... } }), or use a declared key.`,
  PW_ERR_INIT_PACKAGE_JSON: (p: { file: string; reason: string }) =>
    `Cannot set up an owner project here: ${p.file} cannot be read (${p.reason}). ` +
    `Fix: repair that package.json (or remove it to have a new one written), then run pitwall init again.`,
  PW_ERR_INIT_IN_PITWALL: (p: { root: string }) =>
    `Cannot set up an owner project in ${p.root}: it is Pitwall's own folder. ` +
    `Fix: run pitwall init in a folder of your own (mkdir my-server && cd my-server && npm init -y && npm install <pitwall>).`,
  PW_ERR_PACK_DEV_EDITS: (p: { root: string; problems: string[] }) =>
    `Refusing to pack ${p.root}: the package would carry what is not part of Pitwall:\n` +
    p.problems.map((line) => `  - ${line}`).join('\n') +
    `\nOnly the bundled apps and the shipped settings are packed. Fix: make your app a package of its own ` +
    `(pitwall new-app <id> --package <dir>) and keep your settings in an owner project's settings.mjs (pitwall init); ` +
    `or, for a change that belongs in Pitwall, commit it; remove stale build output with rm -rf dist && npm run build.`,
  PW_ERR_IMPORT_SOURCE: (p: { url: string; problem: string; fix: string }) =>
    `Cannot read the import source ${p.url}: ${p.problem}. Fix: ${p.fix}.`,
  PW_ERR_DASHBOARD_PORT: (p: { host: string; port: number; reason: string }) =>
    `The dashboard cannot listen on ${p.host}:${p.port}: ${p.reason}. ` +
    `Fix: set DASHBOARD.port to a free port (0 picks any free one) or stop what is using it, or set DASHBOARD.enabled to false.`,
  PW_ERR_DASHBOARD_HOST: (p: { host: string; file: string }) =>
    `DASHBOARD.host '${p.host}' is not a loopback address, and the dashboard has no password to guard it from other machines (${p.file} does not exist). ` +
    `Fix: set a password with \`pitwall dashboard passwd\` and start again, or set DASHBOARD.host to '127.0.0.1' (or '::1') and reach it from elsewhere through an SSH tunnel (ssh -L 8360:127.0.0.1:8360 <server>).`,
  PW_ERR_DASHBOARD_PASSWORD: (p: { problem: string }) =>
    `That dashboard password cannot be used: ${p.problem}. ` +
    `Fix: choose one line of 10 to 1024 characters (a few random words are easy to type and hard to guess).`,
  PW_ERR_DASHBOARD_NOT_RUNNING: (p: { file: string; reason: string }) =>
    `No running dashboard answered (${p.file}): ${p.reason}. ` +
    `Fix: start the controller (npm start) with DASHBOARD.enabled set to true and the same DATA_DIR, then run this command again.`,
  PW_ERR_DASHBOARD_OFF: (_p: Record<string, never>) =>
    `The dashboard is off (DASHBOARD.enabled is false), so there is nothing to log in to. ` +
    `Fix: set DASHBOARD.enabled to true in settings/base.ts and restart Pitwall.`,
} as const;

type ParamsOf<C extends PitwallErrorCode> = Parameters<(typeof messages)[C]>[0];

export class PitwallError<C extends PitwallErrorCode = PitwallErrorCode> extends Error {
  readonly code: C;
  readonly details: ParamsOf<C>;

  constructor(code: C, details: ParamsOf<C>, options?: { cause?: unknown }) {
    super((messages[code] as (p: ParamsOf<C>) => string)(details), options);
    this.name = 'PitwallError';
    this.code = code;
    this.details = details;
  }
}

export function isPitwallError<C extends PitwallErrorCode>(error: unknown, code?: C): error is PitwallError<C> {
  return error instanceof PitwallError && (code === undefined || error.code === code);
}
