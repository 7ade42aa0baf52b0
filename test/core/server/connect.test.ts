import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { it } from 'node:test';
import { GbxSession } from '../../../core/gbx/session.js';
import { SandboxServer } from '../../../core/sandbox/server.js';
import { startTestCore } from '../../helpers/core.js';

it('names a sandbox port that is taken, and the fix', async () => {
  const blocker = createServer().listen(0, '127.0.0.1');
  await once(blocker, 'listening');
  const port = (blocker.address() as { port: number }).port;
  try {
    await assert.rejects(startTestCore({ settings: { DEDICATED: { host: '127.0.0.1', port, user: 'SuperAdmin', password: 'x' } } }), {
      code: 'PW_ERR_SANDBOX_PORT',
      message: `Cannot start the sandbox server on 127.0.0.1:${port}: EADDRINUSE. Fix: set DEDICATED.port to a free port (or 0 for any free port), or stop what is using it.`,
    });
  } finally {
    blocker.close();
  }
});

it('names a ModeScript method that gets no answer', async () => {
  const sandbox = new SandboxServer({ host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'pw' });
  await sandbox.start();
  const session = new GbxSession({ host: '127.0.0.1', port: sandbox.port, user: 'SuperAdmin', password: 'pw', scriptTimeoutMs: 100 });
  await session.connect();
  await assert.rejects(session.scriptCall('Custom.NoAnswer'), {
    code: 'PW_ERR_GBX_SCRIPT_TIMEOUT',
    message:
      'The game mode script did not answer Custom.NoAnswer within 100 ms. ' +
      'Fix: check that the running mode script supports Custom.NoAnswer and that script callbacks are enabled.',
  });
  session.close();
  await sandbox.stop();
});
