import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeMessage, encodeResponse } from '../../../core/gbx/codec.js';
import { encodeFrame } from '../../../core/gbx/framing.js';
import { SandboxServer } from '../../../core/sandbox/server.js';
import { runCli } from '../../helpers/cli.js';
import { startRawGbxServer } from '../../helpers/raw-gbx-server.js';

/** `pitwall start` against a dedicated server (SANDBOX off) at `port`, with extra settings from the environment. */
function startAgainst(port: number, env: NodeJS.ProcessEnv = {}) {
  return runCli(['start'], {
    PITWALL_DATA_DIR: mkdtempSync(join(tmpdir(), 'pitwall-first-start-')),
    PITWALL_SANDBOX: 'false',
    PITWALL_DEDICATED__PORT: String(port),
    PITWALL_DEDICATED__PASSWORD: 'right',
    ...env,
  });
}

/** The last line the failed start printed, which must be the whole explanation (no stack trace). */
async function lastLine(cli: ReturnType<typeof runCli>): Promise<string> {
  assert.equal((await cli.exited).code, 1, cli.output());
  assert.doesNotMatch(cli.output(), /\n\s+at /, 'no stack trace');
  return cli.output().trimEnd().split('\n').at(-1)!;
}

describe('the first start against a dedicated server', () => {
  let sandbox: SandboxServer;
  before(async () => {
    sandbox = new SandboxServer({ host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'right' });
    await sandbox.start();
  });
  after(() => sandbox.stop());

  it('names a wrong password and the fix', async () => {
    const line = await lastLine(startAgainst(sandbox.port, { PITWALL_DEDICATED__PASSWORD: 'wrong' }));
    assert.equal(
      line,
      `PW_ERR_GBX_AUTH: The dedicated server at 127.0.0.1:${sandbox.port} refused user 'SuperAdmin': Password incorrect. ` +
        'Fix: set DEDICATED.user and DEDICATED.password to the SuperAdmin login and password of its dedicated_cfg.txt.',
    );
  });

  it('names a refused API version and the fix', async () => {
    const line = await lastLine(startAgainst(sandbox.port, { PITWALL_GBX__APIVERSION: '2099-01-01' }));
    assert.equal(
      line,
      `PW_ERR_GBX_API_VERSION: The dedicated server at 127.0.0.1:${sandbox.port} refused API version '2099-01-01' (SetApiVersion: Unknown API version '2099-01-01'.). ` +
        "Fix: set GBX.apiVersion in settings/base.ts to '2023-03-25' for Trackmania 2020 or '2013-04-16' for ManiaPlanet 4.",
    );
  });

  it('names a port that is not the XML-RPC port (something else answers there)', async () => {
    const other = createServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')).listen(0, '127.0.0.1');
    await once(other, 'listening');
    const port = (other.address() as { port: number }).port;
    try {
      const line = await lastLine(startAgainst(port));
      assert.equal(
        line,
        `PW_ERR_GBX_CONNECT: Cannot connect to the dedicated server at 127.0.0.1:${port}: Not a GbxRemote server: expected the handshake "GBXRemote 2", ` +
          `received "HTTP/1.1 400 Bad Request" (from 127.0.0.1:${port}); connection reset. ` +
          'Fix: start the dedicated server and check DEDICATED.host/port against <xmlrpc_port> in its dedicated_cfg.txt, or set SANDBOX = true to use the built-in sandbox server.',
      );
    } finally {
      other.close();
    }
  });

  it('prints PW_ERR_GBX_SETUP, not a stack, when the setup multicall answers a non-list, and exits', async () => {
    const server = await startRawGbxServer({
      onFrame(frame, socket) {
        const message = decodeMessage(frame.body.toString('utf8'));
        if (message.kind === 'call') socket.write(encodeFrame(frame.handle, encodeResponse(message.method === 'system.multicall' ? 'not a list' : true)));
      },
    });
    try {
      const line = await lastLine(startAgainst(server.port));
      assert.equal(
        line,
        `PW_ERR_GBX_SETUP: The dedicated server at 127.0.0.1:${server.port} accepted the login, but the session setup failed: ` +
          'system.multicall answered something other than a list for 4 calls. ' +
          "Fix: check that DEDICATED.port is the server's <xmlrpc_port> in its dedicated_cfg.txt and that it is a Trackmania 2020 " +
          'or ManiaPlanet 4 dedicated server, then start Pitwall again.',
      );
    } finally {
      await server.close();
    }
  });
});

describe('after a failed reconnect setup', () => {
  it('exits on SIGINT: the connections whose setup failed were closed, none keeps the process alive', async () => {
    const sandbox = new SandboxServer({ host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'right' });
    const port = await sandbox.start();
    const cli = startAgainst(port, { PITWALL_APPS: '[]' });
    let server: Awaited<ReturnType<typeof startRawGbxServer>> | undefined;
    try {
      await cli.waitForOutput('press Ctrl+C to stop');
      await sandbox.stop();
      // The server comes back broken: it takes the login but answers the setup multicall with a non-list.
      server = await startRawGbxServer({
        port,
        onFrame(frame, socket) {
          const message = decodeMessage(frame.body.toString('utf8'));
          if (message.kind === 'call') socket.write(encodeFrame(frame.handle, encodeResponse(message.method === 'system.multicall' ? 'not a list' : true)));
        },
      });
      await cli.waitForOutput('Reconnect attempt 2 failed');
      cli.child.kill('SIGINT');
      const { code } = await cli.exited;
      assert.equal(code, 0, cli.output());
      assert.match(cli.output(), /Pitwall stopped/);
      assert.match(cli.output(), /Reconnect attempt 1 failed: The dedicated server at 127\.0\.0\.1:\d+ accepted the login, but the session setup failed/);
    } finally {
      cli.child.kill('SIGKILL');
      await server?.close();
      await sandbox.stop();
    }
  });
});
