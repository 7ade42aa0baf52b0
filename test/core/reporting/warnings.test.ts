import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import type { WarningKind } from '../../../core/apps/error-sink.js';
import { watchMemory } from '../../../core/reporting/watchdogs.js';
import { startTestCore, testApp, waitFor, type TestCore } from '../../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

function localReports(): Record<string, unknown>[] {
  const folder = join(core!.dataDir, 'reports');
  if (!existsSync(folder)) return [];
  return readdirSync(folder).map((name) => JSON.parse(readFileSync(join(folder, name), 'utf8')) as Record<string, unknown>);
}
const reportOfKind = (kind: string) => localReports().find((report) => (report.tags as Record<string, string>).kind === kind);

describe('specific messages', () => {
  it('reports an app that blocks the event loop, naming the app', async () => {
    let blocked = false;
    core = await startTestCore({
      reporting: true,
      watchdogs: true,
      settings: { LOGGING_REPORTING: 1, REPORTING_BLOCK_MS: 200 },
      apps: [
        testApp('blocker', {
          init: (ctx) =>
            void ctx.on('playerChat', () => {
              const until = Date.now() + 600;
              while (Date.now() < until) {
                // Busy on purpose: a handler that never yields.
              }
              blocked = true;
            }),
        }),
      ],
    });
    // The watcher measures from the last heartbeat, so it sees the whole block even if its thread starts late.
    core.sandbox.playerJoin('anna');
    core.sandbox.playerChat('anna', 'hold on');
    // A loaded machine may also stall core past 200 ms (start-up, GC): the handler's block is the one of 600 ms.
    const blockedMs = (report: Record<string, unknown>): number => Number(/ for (\d+) ms /.exec((report.exception as { values: { value: string }[] }).values[0]!.value)?.[1]);
    const handlersBlock = () => localReports().find((report) => (report.tags as Record<string, string>).kind === 'event_loop_block' && blockedMs(report) >= 600);
    await core.waitFor(() => blocked && handlersBlock() !== undefined, 'the report of the 600 ms block', 30_000);
    const report = handlersBlock()!;
    assert.equal(report.level, 'warning');
    assert.equal((report.tags as Record<string, string>).app, 'blocker');
    const [value] = (report.exception as { values: { type: string; value: string }[] }).values;
    assert.equal(value!.type, 'EventLoopBlocked');
    assert.match(value!.value, /^App 'blocker' blocked the event loop for \d+ ms \(threshold 200 ms\)$/);
  });

  it('reports an app disabled by its error budget as a warning of its own kind', async () => {
    core = await startTestCore({
      reporting: true,
      settings: { LOGGING_REPORTING: 1, APP_ERROR_BUDGET: { count: 2, seconds: 60 } },
      apps: [testApp('noisy', { init: (ctx) => void ctx.on('playerChat', () => { throw new Error('again'); }) })],
    });
    core.sandbox.playerJoin('anna');
    for (let index = 0; index < 3; index++) core.sandbox.playerChat('anna', `line ${index}`);
    await core.waitFor(() => reportOfKind('app_disabled') !== undefined, 'the app_disabled report');
    const report = reportOfKind('app_disabled')!;
    assert.equal(report.level, 'warning');
    assert.equal((report.exception as { values: { value: string }[] }).values[0]!.value, "App 'noisy' was stopped: it raised 3 errors within 60 s. Fix the errors in its log, then restart Pitwall; APP_ERROR_BUDGET sets the limit.");
  });

  it('marks a thrown non-Error value as an error of unknown kind', async () => {
    core = await startTestCore({
      reporting: true,
      settings: { LOGGING_REPORTING: 1 },
      // eslint-disable-next-line no-throw-literal
      apps: [testApp('odd', { init: (ctx) => void ctx.on('playerChat', () => { throw 'just a string'; }) })],
    });
    core.sandbox.playerJoin('anna');
    core.sandbox.playerChat('anna', 'x');
    await core.waitFor(() => reportOfKind('unknown_error') !== undefined, 'the unknown_error report');
    assert.equal(reportOfKind('unknown_error')!.level, 'error');
  });

  it('reports heap growth past the limit, once', async () => {
    const warnings: [WarningKind, string][] = [];
    let checks = 0;
    const read = () => {
      checks++;
      return process.memoryUsage();
    };
    const watch = watchMemory({ heapMb: 1 }, (kind, error) => warnings.push([kind, error.message]), { checkEveryMs: 10, read });
    await waitFor(() => warnings.length > 0, 'a heap warning', 30_000);
    // Five more checks over the limit, none of them reported again.
    const checksAtWarning = checks;
    await waitFor(() => checks >= checksAtWarning + 5, 'five more heap checks', 30_000);
    await watch.dispose();
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]![1], /^The heap holds \d+ MB, over REPORTING_HEAP_MB \(1 MB\)$/);
    assert.equal(warnings[0]![0], 'heap_growth');
  });
});
