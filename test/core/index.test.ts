import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import * as pitwall from '../../core/index.js';
import { AppLogger, defineApp, double, GameServer, GbxFault, XmlRpcDouble, type MulticallEntry, type MulticallResult, type ServerInfo, type XmlRpcValue } from '../../core/index.js';
import { startTestCore, type TestCore } from '../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

describe("the public entry ('pitwall')", () => {
  it('exports the values an app author needs, and nothing of the core', () => {
    assert.deepEqual(Object.keys(pitwall).sort(), [
      'ACCESS_GROUPS',
      'ACCESS_LEVELS',
      'AccessControl',
      'AppLogger',
      'CoalescedDraw',
      'Fragment',
      'GameServer',
      'GbxFault',
      'ListWindow',
      'PitwallError',
      'REDRAW_INTERVAL_MS',
      'XmlRpcDouble',
      'defineApp',
      'defineDatabase',
      'defineMessages',
      'double',
      'h',
      'isConnectionFault',
      'isPitwallError',
      'nameForChat',
      'parseTime',
      'retryAfterMs',
      'showListWindow',
      'sql',
      'stripFormatting',
      'stripLinks',
      'subcommand',
      'template',
      'writeOrQueue',
    ]);
    const value: XmlRpcValue = { S_TimeLimit: 300, S_Ratio: double(2) };
    assert.ok((value as { S_Ratio: XmlRpcValue }).S_Ratio instanceof XmlRpcDouble);
    assert.equal(double(2).value, 2);
  });

  it('gives an app the types of raw calls, GbxFault for faults, and the tokens its container resolves', async () => {
    const seen: { info?: ServerInfo; results?: MulticallResult[]; server?: boolean; logger?: boolean; fault?: unknown } = {};
    const app = defineApp({
      id: 'raw',
      version: '1.0.0',
      async start(ctx) {
        seen.info = ctx.server.info;
        const calls: MulticallEntry[] = [['GetServerName'], ['NoSuchMethod']];
        seen.results = await ctx.server.multicall(calls);
        await ctx.server.call('NoSuchMethod').catch((error: unknown) => (seen.fault = error));
        seen.server = ctx.container.resolve<GameServer>(GameServer) === ctx.server;
        seen.logger = ctx.container.resolve<AppLogger>(AppLogger) === ctx.logger;
      },
      init() {},
    });
    core = await startTestCore({ apps: [app] });
    assert.equal(core.state('raw'), 'RUNNING');
    assert.equal(seen.info?.login, core.runtime.server.info.login);
    assert.equal(seen.results?.[0]?.ok, true);
    const failed = seen.results?.[1];
    assert.ok(failed && !failed.ok && failed.fault instanceof GbxFault);
    assert.ok(seen.fault instanceof GbxFault);
    assert.equal((seen.fault as GbxFault).method, 'NoSuchMethod');
    assert.equal(seen.server, true);
    assert.equal(seen.logger, true);
  });
});
