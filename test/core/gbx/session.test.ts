import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GbxSession } from '../../../core/gbx/session.js';
import { SandboxServer } from '../../../core/sandbox/server.js';
import { waitFor } from '../../helpers/core.js';

const credentials = { user: 'SuperAdmin', password: 'pw' };

async function sandboxOn(port = 0, password = credentials.password): Promise<SandboxServer> {
  const sandbox = new SandboxServer({ host: '127.0.0.1', port, user: credentials.user, password });
  await sandbox.start();
  return sandbox;
}

function quietLog(lines: string[] = []) {
  return { info: (line: string) => lines.push(line), warn: (line: string) => lines.push(line), error: (line: string) => lines.push(line) };
}

describe('GbxSession', () => {
  it('logs in, enables callbacks and script callbacks', async () => {
    const sandbox = await sandboxOn();
    const session = new GbxSession({ host: '127.0.0.1', port: sandbox.port, ...credentials });
    await session.connect();
    const seen: string[] = [];
    session.onCallback((method, params) => seen.push(method === 'ManiaPlanet.ModeScriptCallbackArray' ? `script ${String(params[0])}` : method));
    sandbox.playerJoin('dave');
    sandbox.scriptCallback('Custom.Event', { a: 1 });
    await waitFor(() => seen.length >= 3, 'callbacks');
    assert.deepEqual(seen, ['ManiaPlanet.PlayerConnect', 'ManiaPlanet.PlayerInfoChanged', 'script Custom.Event']);
    session.close();
    await sandbox.stop();
  });

  it('names the refused user and the fix', async () => {
    const sandbox = await sandboxOn(0, 'right');
    const session = new GbxSession({ host: '127.0.0.1', port: sandbox.port, user: 'SuperAdmin', password: 'wrong' });
    await assert.rejects(session.connect(), {
      code: 'PW_ERR_GBX_AUTH',
      message:
        `The dedicated server at 127.0.0.1:${sandbox.port} refused user 'SuperAdmin': Permission denied.. ` +
        'Fix: set DEDICATED.user and DEDICATED.password to the SuperAdmin login and password of its dedicated_cfg.txt.',
    });
    await sandbox.stop();
  });

  it('names an unreachable server and the fix', async () => {
    const sandbox = await sandboxOn();
    const port = sandbox.port;
    await sandbox.stop();
    await assert.rejects(new GbxSession({ host: '127.0.0.1', port, ...credentials }).connect(), {
      code: 'PW_ERR_GBX_CONNECT',
      message:
        `Cannot connect to the dedicated server at 127.0.0.1:${port}: Cannot reach the dedicated server at 127.0.0.1:${port}: ECONNREFUSED. ` +
        'Fix: start the dedicated server and check DEDICATED.host/port against <xmlrpc_port> in its dedicated_cfg.txt, or set SANDBOX = true to use the built-in sandbox server.',
    });
  });

  it('reconnects after the server restarts, fails calls fast while down, and lets callers wait', async () => {
    let sandbox = await sandboxOn();
    const port = sandbox.port;
    const lines: string[] = [];
    const session = new GbxSession({ host: '127.0.0.1', port, ...credentials, reconnectInitialMs: 20, reconnectMaxMs: 100, log: quietLog(lines) });
    await session.connect();
    const events: string[] = [];
    session.onDisconnected(() => events.push('disconnected'));
    session.onReconnected(() => events.push('reconnected'));

    await sandbox.stop();
    await waitFor(() => session.state === 'reconnecting', 'the session to notice');
    await assert.rejects(session.call('GetStatus'), {
      code: 'PW_ERR_GBX_DISCONNECTED',
      message: "Cannot call GetStatus: the connection to the dedicated server is reconnecting. Retry once the 'reconnected' event arrives, or call with { waitForConnection: true }.",
    });
    const waiting = session.callWith({ waitForConnection: true }, 'GetServerName');
    await new Promise((resolve) => setTimeout(resolve, 150));
    sandbox = await sandboxOn(port);
    assert.equal(await waiting, 'Pitwall Sandbox');
    assert.deepEqual(events, ['disconnected', 'reconnected']);
    // Callbacks flow again after the setup ran on the new connection.
    const joined: unknown[] = [];
    session.onCallback((method, params) => method === 'ManiaPlanet.PlayerConnect' && joined.push(params[0]));
    sandbox.playerJoin('erin');
    await waitFor(() => joined.length === 1, 'a callback after reconnecting');
    assert.ok(lines.some((line) => line.startsWith('Reconnect attempt 1 failed: Cannot connect to the dedicated server')));
    session.close();
    await sandbox.stop();
  });

  it('stops reconnecting when the server refuses the login', async () => {
    let sandbox = await sandboxOn();
    const port = sandbox.port;
    const lines: string[] = [];
    const session = new GbxSession({ host: '127.0.0.1', port, ...credentials, reconnectInitialMs: 10, reconnectMaxMs: 20, log: quietLog(lines) });
    await session.connect();
    await sandbox.stop();
    sandbox = await sandboxOn(port, 'changed');
    await waitFor(() => session.state === 'closed', 'the session to give up');
    await waitFor(() => sandbox.connectionCount === 0, 'the refused connection to close');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(sandbox.connectionCount, 0, 'no new attempt after the refusal');
    assert.ok(lines.some((line) => line.startsWith("The dedicated server at 127.0.0.1:") && line.endsWith('Not reconnecting.')));
    await sandbox.stop();
  });

  it('matches a ModeScript answer to its call by responseid', async () => {
    const sandbox = await sandboxOn();
    const session = new GbxSession({ host: '127.0.0.1', port: sandbox.port, ...credentials });
    await session.connect();
    sandbox.playerJoin('fay', 'Fay');
    const [first, second] = await Promise.all([session.scriptCall('XmlRpc.GetCallbacksList'), session.scriptCall('Trackmania.GetScores')]);
    assert.deepEqual(first, { responseid: 'pitwall-1', callbacks: ['Maniaplanet.StartMap_Start', 'Trackmania.Scores'] });
    assert.deepEqual(second, { responseid: 'pitwall-2', section: 'Custom', players: [{ login: 'fay', name: 'Fay', bestracetime: -1 }] });
    session.close();
    await sandbox.stop();
  });
});
