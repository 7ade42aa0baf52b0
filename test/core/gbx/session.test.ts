import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMessage, encodeCall, encodeResponse, type XmlRpcValue } from '../../../core/gbx/codec.js';
import { encodeFrame } from '../../../core/gbx/framing.js';
import { GbxSession } from '../../../core/gbx/session.js';
import { SCRIPT_CALLBACKS } from '../../../core/sandbox/script-catalog.js';
import { SandboxServer } from '../../../core/sandbox/server.js';
import { waitFor } from '../../helpers/core.js';
import { startRawGbxServer, type RawGbxServer } from '../../helpers/raw-gbx-server.js';

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
        `The dedicated server at 127.0.0.1:${sandbox.port} refused user 'SuperAdmin': Password incorrect. ` +
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
    // The call waits through a failed attempt before the server comes back.
    await waitFor(() => lines.some((line) => line.startsWith('Reconnect attempt 1 failed')), 'a failed reconnect attempt', 60_000);
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

  it('keeps callback listeners across a reconnect, stops the ones unsubscribed, and awaits reconnect listeners in turn', async () => {
    let sandbox = await sandboxOn();
    const port = sandbox.port;
    const session = new GbxSession({ host: '127.0.0.1', port, ...credentials, reconnectInitialMs: 20, reconnectMaxMs: 100, log: quietLog() });
    await session.connect();
    const joins = (into: unknown[]) => (method: string, params: XmlRpcValue[]) => void (method === 'ManiaPlanet.PlayerConnect' && into.push(params[0]));
    const kept: unknown[] = [];
    const disposed: unknown[] = [];
    const called: unknown[] = [];
    session.onCallback(joins(kept));
    const disposable = session.onCallback(joins(disposed));
    const callable = session.onCallback(joins(called));
    sandbox.playerJoin('anna');
    await waitFor(() => kept.length === 1, 'the first join');
    void disposable.dispose();
    callable();
    const order: string[] = [];
    session.onReconnected(async () => {
      order.push('first starts');
      await new Promise((resolve) => setImmediate(resolve));
      order.push('first ends');
    });
    session.onReconnected(() => order.push('second'));
    await sandbox.stop();
    await waitFor(() => session.state === 'reconnecting', 'the session to notice');
    sandbox = await sandboxOn(port);
    await waitFor(() => order.length === 3, 'the reconnect listeners');
    sandbox.playerJoin('ben');
    await waitFor(() => kept.length === 2, 'a join after reconnecting');
    assert.deepEqual(kept, ['anna', 'ben']);
    assert.deepEqual(disposed, ['anna']);
    assert.deepEqual(called, ['anna']);
    assert.deepEqual(order, ['first starts', 'first ends', 'second']);
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
    // The answers' shapes: maniaplanet/script-xmlrpc XmlRpcListing.md (XmlRpc.CallbacksList, Trackmania.Scores).
    assert.deepEqual(first, { responseid: 'pitwall-1', callbacks: [...SCRIPT_CALLBACKS] });
    const scores = second as { responseid: string; section: string; players: { login: string; name: string; bestracetime: number }[] };
    assert.deepEqual([scores.responseid, scores.section], ['pitwall-2', '']);
    assert.deepEqual(scores.players.map(({ login, name, bestracetime }) => ({ login, name, bestracetime })), [{ login: 'fay', name: 'Fay', bestracetime: -1 }]);
    session.close();
    await sandbox.stop();
  });
});

/** A GbxRemote peer that logs anyone in and answers system.multicall as the test says (undefined: never). */
async function fakeDedicated(multicall: () => XmlRpcValue | undefined): Promise<RawGbxServer> {
  return startRawGbxServer({
    onFrame(frame, socket) {
      const message = decodeMessage(frame.body.toString('utf8'));
      if (message.kind !== 'call') return;
      const answer = message.method === 'system.multicall' ? multicall() : true;
      if (answer !== undefined) socket.write(encodeFrame(frame.handle, encodeResponse(answer)));
    },
  });
}

const setupFix =
  "Fix: check that DEDICATED.port is the server's <xmlrpc_port> in its dedicated_cfg.txt and that it is a Trackmania 2020 " +
  'or ManiaPlanet 4 dedicated server, then start Pitwall again.';

describe('GbxSession setup failures', () => {
  it('closes the connection and names the fix when the setup multicall answers a non-list', async () => {
    const server = await fakeDedicated(() => 'not a list');
    try {
      await assert.rejects(new GbxSession({ host: '127.0.0.1', port: server.port, ...credentials }).connect(), {
        code: 'PW_ERR_GBX_SETUP',
        message: `The dedicated server at 127.0.0.1:${server.port} accepted the login, but the session setup failed: system.multicall answered something other than a list for 4 calls. ${setupFix}`,
      });
      await waitFor(() => server.sockets.length === 1 && server.sockets[0]!.destroyed, 'the failed connection to be closed');
    } finally {
      await server.close();
    }
  });

  it('closes the connection and names the fix when the setup multicall gets no answer', async () => {
    const server = await fakeDedicated(() => undefined);
    try {
      await assert.rejects(new GbxSession({ host: '127.0.0.1', port: server.port, ...credentials, requestTimeoutMs: 100 }).connect(), {
        code: 'PW_ERR_GBX_SETUP',
        message: `The dedicated server at 127.0.0.1:${server.port} accepted the login, but the session setup failed: system.multicall got no answer within 100 ms. ${setupFix}`,
      });
      await waitFor(() => server.sockets.length === 1 && server.sockets[0]!.destroyed, 'the failed connection to be closed');
    } finally {
      await server.close();
    }
  });

  it('closes every connection whose setup failed while reconnecting, so nothing stays open after close()', async () => {
    const sandbox = await sandboxOn();
    const port = sandbox.port;
    const lines: string[] = [];
    const session = new GbxSession({ host: '127.0.0.1', port, ...credentials, reconnectInitialMs: 10, reconnectMaxMs: 20, log: quietLog(lines) });
    await session.connect();
    await sandbox.stop();
    const server = await startRawGbxServer({
      port,
      onFrame(frame, socket) {
        const message = decodeMessage(frame.body.toString('utf8'));
        if (message.kind === 'call') socket.write(encodeFrame(frame.handle, encodeResponse(message.method === 'system.multicall' ? 'not a list' : true)));
      },
    });
    try {
      await waitFor(() => server.sockets.length >= 3, 'three reconnect attempts');
      session.close();
      await waitFor(() => server.sockets.every((socket) => socket.destroyed), 'every attempted connection to be closed');
      assert.ok(lines.some((line) => line.startsWith('Reconnect attempt 1 failed: The dedicated server at 127.0.0.1:') && line.endsWith('session setup failed: system.multicall answered something other than a list for 4 calls')));
    } finally {
      session.close();
      await server.close();
    }
  });

  it('names a refused API version and the fix, and closes the connection', async () => {
    const sandbox = await sandboxOn();
    try {
      await assert.rejects(new GbxSession({ host: '127.0.0.1', port: sandbox.port, ...credentials, apiVersion: '2099-01-01' }).connect(), {
        code: 'PW_ERR_GBX_API_VERSION',
        message:
          `The dedicated server at 127.0.0.1:${sandbox.port} refused API version '2099-01-01' (SetApiVersion: Unknown API version '2099-01-01'.). ` +
          "Fix: set GBX.apiVersion in settings/base.ts to '2023-03-25' for Trackmania 2020 or '2013-04-16' for ManiaPlanet 4.",
      });
      await waitFor(() => sandbox.connectionCount === 0, 'the refused connection to be closed');
    } finally {
      await sandbox.stop();
    }
  });

  it('says plainly that TrackMania Forever is not supported', async () => {
    const fault = { faultCode: -506, faultString: "Method 'SetApiVersion' not defined" };
    const server = await fakeDedicated(() => [[{ Name: 'TmForever', Version: '2.11.26', Build: '2011-02-21' }], fault, [true], fault]);
    try {
      await assert.rejects(new GbxSession({ host: '127.0.0.1', port: server.port, ...credentials }).connect(), {
        code: 'PW_ERR_GBX_UNSUPPORTED_GAME',
        message:
          `The dedicated server at 127.0.0.1:${server.port} is TmForever (TrackMania Forever), which Pitwall does not support. ` +
          'Fix: connect Pitwall to a Trackmania 2020 or ManiaPlanet 4 dedicated server.',
      });
      await waitFor(() => server.sockets[0]!.destroyed, 'the connection to be closed');
    } finally {
      await server.close();
    }
  });

  it("logs the session's undecodable callbacks once per kind and counts them", async () => {
    const server = await fakeDedicated(() => [[{ Name: 'Trackmania' }], [true], [true], [true]]);
    const lines: string[] = [];
    const session = new GbxSession({ host: '127.0.0.1', port: server.port, ...credentials, log: quietLog(lines) });
    try {
      await session.connect();
      const seen: string[] = [];
      session.onCallback((method) => seen.push(method));
      const broken = '<methodCall><methodName><![CDATA[ManiaPlanet.PlayerChat]]></methodName><params><param><value><i4>1</i4>';
      server.sockets[0]!.write(Buffer.concat([encodeFrame(1, broken), encodeFrame(2, broken), encodeFrame(3, encodeCall('ManiaPlanet.ServerStart', []))]));
      await waitFor(() => seen.length === 1, 'the good callback');
      assert.equal(session.droppedCallbacks.total, 2);
      assert.deepEqual(lines.filter((line) => line.startsWith('Dropped')), [
        'Dropped a GBX callback ManiaPlanet.PlayerChat: Malformed XML-RPC at character 103: expected </value>, found \'\'. Further ones of this kind are only counted.',
      ]);
    } finally {
      session.close();
      await server.close();
    }
  });
});
