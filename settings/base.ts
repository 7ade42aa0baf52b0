/**
 * Pitwall settings. Edit the values here, or override them without touching this file:
 *   - PITWALL_SETTINGS=/path/to/local.js  a module whose exports override keys of this file;
 *   - PITWALL_<KEY>=value                 one key from the environment (nested keys with __, e.g.
 *                                         PITWALL_DEDICATED__PORT=5001; values are parsed as JSON when they parse).
 * A wrong value stops the start with a message naming the key, where it came from and how to fix it.
 */

// Verbose logging (debug level) on the console and in DATA_DIR/logs. true or false.
export const DEBUG = false;

// Error reporting. What leaves this machine when something fails (docs/privacy.md lists every field):
//   0 = nothing is reported; errors are only written to the local log.
//   1 = errors with their traces only.
//   2 = 1 plus server data, the local variables of the failing frame and the event being handled.
//   3 = 2 plus a filtered feed, with no user-specific data, to the developers of the app that failed.
export const LOGGING_REPORTING = 3;

// Hourly usage ping (versions, active apps, player counts). It is not anonymous: it identifies the server,
// never a player (it carries the server login, the server name and the OS release, and no player login or
// nickname). `pitwall analytics preview` shows it. false turns it off completely; so does DO_NOT_TRACK=1.
export const ANALYTICS = true;

// The dedicated server to control (its XML-RPC port and a SuperAdmin account from dedicated_cfg.txt).
// With SANDBOX = true the built-in sandbox server is started on this host and port instead.
export const DEDICATED = {
  host: '127.0.0.1',
  port: 5000,
  user: 'SuperAdmin',
  password: 'SuperAdmin',
};

// The GbxRemote connection: the API version asked of the server (SetApiVersion), how long one call may
// wait for its answer, and the largest request and answer (bytes) Pitwall sends and accepts. Larger
// multicalls are split; a larger answer fails only its own call (the connection stays). The sizes follow
// the peers: Nadeo's PHP client and PyPlanet read answers up to 4 MB; 2 MB requests (PyPlanet's limit)
// fit every server (ManiaPlanet takes 4 MB, Trackmania 2020 more).
export const GBX = {
  apiVersion: '2023-03-25',
  requestTimeoutMs: 10_000,
  maxRequestBytes: 2 * 1024 * 1024,
  maxResponseBytes: 4 * 1024 * 1024,
};

// true: start the built-in sandbox dedicated server and connect to it (no game server needed).
// false: connect to the real dedicated server in DEDICATED.
export const SANDBOX = true;

// What the sandbox server simulates: players joining, chatting and leaving every intervalMs.
export const SANDBOX_ACTIVITY = {
  enabled: true,
  intervalMs: 5000,
  maxPlayers: 8,
};

// The apps to run, in any order (dependencies are started first). Each entry is a bundled app id
// (a folder under apps/), an npm package name, or a path to a module; `{ id: 'records', isolation: 'worker' }`
// runs that app in a worker thread of its own (it cannot block or crash the controller), with an optional
// `heapMb` over APP_WORKER_HEAP_MB; `isolation: 'process'` overrides an app that asks for a worker.
export const APPS: (string | { id: string; isolation?: 'process' | 'worker'; heapMb?: number })[] = ['welcome', 'admin', 'records', 'maps'];

// Settings of each app, keyed by app id. Each app documents its own keys; unknown or wrong values stop
// only that app.
export const APP_SETTINGS: Record<string, Record<string, unknown>> = {};

// How long an app's init(), start() or stop() may take before it is marked failed, in milliseconds.
export const APP_HOOK_TIMEOUT_MS = 10_000;

// An app raising more than `count` errors within `seconds` is stopped and marked failed.
export const APP_ERROR_BUDGET = { count: 50, seconds: 60 };

// The heap (old generation) each worker-isolated app may use, in MB; past it the app's worker ends and the
// app is marked failed, the controller runs on.
export const APP_WORKER_HEAP_MB = 256;

// A worker-isolated app whose worker ended (out of memory, process.exit, an uncaught throw) is started again
// up to `attempts` times, waiting `backoffMs`, then twice as long each time; then it stays failed.
export const APP_RESTART = { attempts: 3, backoffMs: 1000 };

// Player logins that are master admins, the highest of the levels player < operator < admin < master:
// they may use every command and put other logins in a group in game (//admin add <login> operator|admin|master).
// Logins match exactly, case included. Groups granted in game are kept in the database; the logins here
// are not stored, so removing one from this list takes its rights away.
export const ADMINS: string[] = [];

// Each player may run at most `count` chat commands within `seconds`; the first one over gets one polite
// answer, the rest of the burst is ignored, so one player cannot flood the server or the apps.
export const COMMAND_RATE_LIMIT = { count: 10, seconds: 10 };

// Past this many connected players, widgets drawn for each player (the records widget's own line, the rows
// around it and their gaps) give way to one shared page for everyone: each redraw is then one call however
// many players there are. Each player gets their own rows again once the count is back down to this less a
// tenth of it, and at least 2 less (40: at 36 players), so players coming and going around the setting do not
// redraw everyone's widgets at each join and leave. The README says what each costs.
export const UI_CROWD_PLAYERS = 40;

// Where Pitwall keeps its runtime data: logs, queued reports, the analytics install id.
export const DATA_DIR = 'var';

// The database apps keep their tables in (records, app data). '' uses an embedded SQLite file,
// DATA_DIR/pitwall.sqlite. For several servers sharing one database, a PostgreSQL URL:
// 'postgres://user:password@host:5432/database'. A secret: never printed, redacted from every report.
export const DATABASE_URL = '';

// How long a shutdown (Ctrl+C, SIGTERM) may take before Pitwall exits anyway, in milliseconds.
export const SHUTDOWN_TIMEOUT_MS = 10_000;

// Where error reports are sent (a Sentry, GlitchTip or Bugsink DSN). '' keeps them in DATA_DIR/reports.
export const REPORTING_DSN = '';

// At level 3, apps that ask for it get a filtered feed of their own errors (no player, server or
// machine data; docs/privacy.md lists the fields). false refuses every app's feed; REPORTING_FEED_DENY
// refuses the feeds of the listed app ids only.
export const REPORTING_APP_FEEDS = true;
export const REPORTING_FEED_DENY: string[] = [];

// Local copies of reports (DATA_DIR/reports, app feed audit files) are deleted after this many days.
export const REPORTING_RETENTION_DAYS = 30;

// At most this many error reports are sent per minute; repeats of the same error are counted, not resent.
export const REPORTING_MAX_PER_MINUTE = 30;

// An app handler that blocks the controller longer than this (milliseconds) is reported as a warning.
export const REPORTING_BLOCK_MS = 1000;

// A heap larger than this (megabytes) is reported as a warning (memory watchdog).
export const REPORTING_HEAP_MB = 1024;

// The whole process's resident memory (megabytes) past which a warning is reported.
export const REPORTING_RSS_MB = 2048;

// Memory outside the JS heap (Buffers, typed arrays; megabytes) past which a warning is reported, naming the
// app that allocated most Buffer memory when one clearly did.
export const REPORTING_EXTERNAL_MB = 1024;

// Where the analytics ping is sent, and the project key. '' for the URL keeps pings in DATA_DIR/analytics.
export const ANALYTICS_URL = '';
export const ANALYTICS_KEY = '';

// When the analytics ping is sent: a 6-field cron expression (seconds first). Default: hourly.
export const ANALYTICS_SCHEDULE = '0 0 * * * *';

// The owner's web dashboard (server, players, chat and commands, live log), served by Pitwall on this host
// and port while it runs. Log in with the one-time link `pitwall dashboard link` prints (or //dashboard in
// game, for master admins). It listens on loopback only: from another machine, use an SSH tunnel
// (ssh -L 8360:127.0.0.1:8360 server). port 0 picks a free port; enabled: false turns it off.
export const DASHBOARD = {
  enabled: true,
  host: '127.0.0.1',
  port: 8360,
};
