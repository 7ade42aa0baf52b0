import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { PROJECT_SETTINGS_FILE } from './config/loader.js';
import { PitwallError } from './errors.js';
import { PITWALL_VERSION } from './version.js';

/**
 * `pitwall init`: makes the current folder an owner project that runs Pitwall as a dependency: its settings
 * (settings.mjs, an ES module whatever the package.json says), npm scripts, a systemd unit and a .gitignore.
 * Files that exist are kept; package.json only gains what it lacks.
 */

export interface InitOptions {
  /** Pitwall's own folder: init refuses to make it an owner project of itself. */
  pitwallRoot?: string;
  /** The node binary the systemd unit starts (default: the one running now). */
  node?: string;
  /** The user the systemd unit runs as (default: the current user). */
  user?: string;
}

export interface InitResult {
  written: string[];
  kept: string[];
  /** What changed in package.json, one phrase each. */
  packageChanges: string[];
}

/** The scripts an owner project runs Pitwall with. */
export const OWNER_SCRIPTS: Readonly<Record<string, string>> = { start: 'pitwall start', status: 'pitwall status', sandbox: 'pitwall sandbox' };

export function initOwnerProject(folder: string, options: InitOptions = {}): InitResult {
  const root = resolve(folder);
  if (options.pitwallRoot && realpathSync(root) === realpathSync(options.pitwallRoot)) throw new PitwallError('PW_ERR_INIT_IN_PITWALL', { root });
  const result: InitResult = { written: [], kept: [], packageChanges: [] };
  updatePackageJson(root, result);
  const files: Record<string, string> = {
    [PROJECT_SETTINGS_FILE]: SETTINGS_SOURCE,
    'pitwall.service': systemdUnit(root, options.node ?? process.execPath, options.user ?? userInfo().username),
    '.gitignore': 'node_modules/\ndist/\nvar/\n*.tgz\n',
  };
  for (const [name, content] of Object.entries(files)) {
    const file = join(root, name);
    if (existsSync(file)) {
      result.kept.push(file);
      continue;
    }
    writeFileSync(file, content);
    result.written.push(file);
  }
  return result;
}

function updatePackageJson(root: string, result: InitResult): void {
  const file = join(root, 'package.json');
  let manifest: Record<string, unknown> = { name: npmName(basename(root)), version: '1.0.0', private: true };
  if (existsSync(file)) {
    try {
      manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new PitwallError('PW_ERR_INIT_PACKAGE_JSON', { file, reason: (error as Error).message }, { cause: error });
    }
    if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
      throw new PitwallError('PW_ERR_INIT_PACKAGE_JSON', { file, reason: 'it is not a JSON object' });
    }
  } else {
    result.packageChanges.push('created it');
  }
  // Pitwall and its apps are ES modules: the project's own .js and .tsx files compile and load as such.
  if (manifest.type !== 'module') {
    manifest.type = 'module';
    result.packageChanges.push('"type": "module"');
  }
  const dependencies = { ...(manifest.dependencies as Record<string, string> | undefined) };
  if (!dependencies.pitwall) {
    dependencies.pitwall = `^${PITWALL_VERSION}`;
    manifest.dependencies = dependencies;
    result.packageChanges.push(`dependency pitwall ^${PITWALL_VERSION}`);
  }
  const scripts = { ...(manifest.scripts as Record<string, string> | undefined) };
  for (const [name, command] of Object.entries(OWNER_SCRIPTS)) {
    if (scripts[name]) continue;
    scripts[name] = command;
    result.packageChanges.push(`script ${name}`);
  }
  manifest.scripts = scripts;
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

function npmName(folderName: string): string {
  const name = folderName.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '');
  return name || 'pitwall-server';
}

/** The unit runs the controller directly (no npm in between), so SIGTERM reaches it and it stops in order. */
function systemdUnit(root: string, node: string, user: string): string {
  return `# Pitwall as a systemd service. Install: sudo cp pitwall.service /etc/systemd/system/ &&
# sudo systemctl daemon-reload && sudo systemctl enable --now pitwall (logs: journalctl -u pitwall).
[Unit]
Description=Pitwall controller (${basename(root)})
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
User=${user}
WorkingDirectory=${root}
ExecStart=${node} ${join(root, 'node_modules', 'pitwall', 'dist', 'core', 'cli.js')} start
KillSignal=SIGTERM
KillMode=mixed
TimeoutStopSec=30
Restart=on-failure

[Install]
WantedBy=multi-user.target
`;
}

const SETTINGS_SOURCE = `/**
 * This server's Pitwall settings. Each export overrides the key of the same name in Pitwall's own
 * settings/base.ts (node_modules/pitwall/settings/base.ts lists and explains every key); objects are merged,
 * so \`DEDICATED = { port: 5001 }\` keeps the other DEDICATED values. PITWALL_<KEY> environment variables
 * (e.g. PITWALL_DEDICATED__PASSWORD) override this file. A wrong value stops the start, naming the key.
 * It is an ES module (.mjs), so it loads whatever "type" the package.json says.
 */

// The dedicated server to control: its XML-RPC port and a SuperAdmin account from dedicated_cfg.txt.
export const DEDICATED = {
  host: '127.0.0.1',
  port: 5000,
  user: 'SuperAdmin',
  password: 'SuperAdmin',
};

// true: run Pitwall's built-in sandbox server on DEDICATED's port instead (no game server needed, to try
// things out); false: connect to the dedicated server above.
export const SANDBOX = true;

// The apps to run: bundled app ids, npm package names (npm install them in this folder) and paths of your
// own apps (npx pitwall new-app <id>, then './dist/apps/<id>/index.js').
export const APPS = ['welcome', 'admin', 'records', 'maps'];

// Each app's settings, keyed by app id, e.g. { welcome: { privately: true } }.
export const APP_SETTINGS = {};

// Player logins that are master admins (every command).
export const ADMINS = [];

// Logs, the embedded database and queued reports, relative to this folder.
export const DATA_DIR = 'var';
`;
