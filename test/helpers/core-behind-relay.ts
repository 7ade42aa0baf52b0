import type { Settings } from '../../core/config/schema.js';
import type { AppEntry } from '../../core/apps/host.js';
import { SandboxServer } from '../../core/sandbox/server.js';
import { startTestCore, type TestCore } from './core.js';
import { startGbxRelay, type GbxRelay } from './gbx-relay.js';

export interface CoreBehindRelay {
  core: TestCore;
  /** The dedicated server stand-in, reached through the relay. */
  sandbox: SandboxServer;
  relay: GbxRelay;
  /** A player joins; resolves once the apps saw the join. */
  join(login: string): Promise<void>;
  /** A player leaves; resolves once the apps saw it. */
  leave(login: string): Promise<void>;
  /** A player types in the chat; resolves once the apps saw the line. */
  chat(login: string, text: string): Promise<void>;
  stop(): Promise<void>;
}

/** A test core connected to a sandbox server through a relay that can hold, batch and add frames. */
export async function startCoreBehindRelay(options: { settings?: Partial<Settings>; apps?: AppEntry[] } = {}): Promise<CoreBehindRelay> {
  const sandbox = new SandboxServer({ host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'pw' });
  await sandbox.start();
  const relay = await startGbxRelay({ host: '127.0.0.1', port: sandbox.port });
  const core = await startTestCore({
    ...options,
    settings: { ...options.settings, SANDBOX: false, DEDICATED: { host: '127.0.0.1', port: relay.port, user: 'SuperAdmin', password: 'pw' } },
  });
  return {
    core,
    sandbox,
    relay,
    async join(login) {
      const joined = core.nextEvent('playerConnect', (payload) => payload.login === login);
      sandbox.playerJoin(login);
      await joined;
    },
    async leave(login) {
      const left = core.nextEvent('playerDisconnect', (payload) => payload.login === login);
      sandbox.playerLeave(login);
      await left;
    },
    async chat(login, text) {
      const seen = core.nextEvent('playerChat', (payload) => payload.login === login && payload.text === text);
      sandbox.playerChat(login, text);
      await seen;
    },
    async stop() {
      await core.stop();
      await relay.close();
      await sandbox.stop();
    },
  };
}
