import { loadOwnerSettings } from '../main.js';
import { PitwallError } from '../errors.js';
import { runStandaloneSandbox } from '../sandbox/standalone.js';
import { readServerStatus } from '../server/status.js';
import { parseCommandArgs } from '../cli-args.js';
import { shellSession } from './shell-session.js';

/** `pitwall status`: one connection with the same login and setup as `pitwall start`, a report, and exit. */
export async function status(): Promise<number> {
  const settings = await loadOwnerSettings();
  const { session, host, port } = shellSession(settings);
  const { user } = settings.DEDICATED;
  const where = settings.SANDBOX ? ' (SANDBOX is on: the sandbox of a running `pitwall start`)' : '';
  process.stdout.write(`Checking the dedicated server at ${host}:${port}${where}\n`);
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

export async function sandbox(args: string[]): Promise<number> {
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
