import type { Settings } from '../config/schema.js';
import { PitwallError } from '../errors.js';
import { GbxSession } from '../gbx/session.js';
import type { Logger } from '../logging/logger.js';
import { SandboxActivity } from '../sandbox/activity.js';
import { SandboxServer } from '../sandbox/server.js';
import { levelWarning } from './compatibility.js';

export interface ServerConnection {
  session: GbxSession;
  /** The embedded sandbox server, when SANDBOX is on. */
  sandbox?: SandboxServer;
  activity?: SandboxActivity;
  close(): Promise<void>;
}

/** The sandbox always listens on loopback: it is a stand-in for a local server, never a public one. */
const SANDBOX_HOST = '127.0.0.1';

/** Starts the sandbox server when SANDBOX is on, then opens the GbxRemote session to the server. */
export async function connectToServer(settings: Settings, logger: Logger, sandboxPort?: number): Promise<ServerConnection> {
  let { host, port } = settings.DEDICATED;
  if (settings.SANDBOX && sandboxPort !== undefined) port = sandboxPort;
  let sandbox: SandboxServer | undefined;
  let activity: SandboxActivity | undefined;
  if (settings.SANDBOX) {
    const sandboxLogger = logger.child({ label: 'sandbox' });
    sandbox = new SandboxServer({
      host: SANDBOX_HOST,
      port,
      user: settings.DEDICATED.user,
      password: settings.DEDICATED.password,
      maxRequestBytes: settings.GBX.maxRequestBytes,
      log: (line) => sandboxLogger.info(line),
    });
    try {
      port = await sandbox.start();
    } catch (error) {
      throw new PitwallError('PW_ERR_SANDBOX_PORT', { host: SANDBOX_HOST, port, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message }, { cause: error });
    }
    host = SANDBOX_HOST;
    if (settings.SANDBOX_ACTIVITY.enabled) {
      activity = new SandboxActivity(sandbox, settings.SANDBOX_ACTIVITY);
      activity.start();
    }
  }
  const session = new GbxSession({
    host,
    port,
    user: settings.DEDICATED.user,
    password: settings.DEDICATED.password,
    ...settings.GBX,
    log: logger.child({ label: 'gbx' }),
  });
  try {
    await session.connect();
  } catch (error) {
    activity?.stop();
    await sandbox?.stop();
    throw error;
  }
  // A login below SuperAdmin starts, and names what the server will refuse it.
  const warning = levelWarning(settings.DEDICATED.user);
  if (warning) logger.warn(warning);
  return {
    session,
    sandbox,
    activity,
    async close() {
      session.close();
      activity?.stop();
      await sandbox?.stop();
    },
  };
}
