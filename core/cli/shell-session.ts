import type { Settings } from '../config/schema.js';
import { GbxSession } from '../gbx/session.js';

/**
 * A connection from a shell command to the dedicated server in the settings, with the same login and setup as
 * `pitwall start`. With SANDBOX on, the server is the sandbox a running `pitwall start` opened on DEDICATED.port.
 */
export function shellSession(settings: Settings, options: { connectTimeoutMs?: number } = {}): { session: GbxSession; host: string; port: number } {
  const host = settings.SANDBOX ? '127.0.0.1' : settings.DEDICATED.host;
  const { port, user, password } = settings.DEDICATED;
  return { session: new GbxSession({ ...settings.GBX, host, port, user, password, ...options }), host, port };
}
