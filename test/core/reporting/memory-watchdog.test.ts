import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Attribution } from '../../../core/apps/error-sink.js';
import { countBufferAllocations } from '../../../core/apps/buffer-usage.js';
import { watchMemory } from '../../../core/reporting/watchdogs.js';
import { startTestCore } from '../../helpers/core.js';

const MB = 1024 * 1024;

/** Collects warnings; resolves once `count` arrived. */
function collector(count: number): { warnings: { kind: string; message: string; attribution: Attribution }[]; done: Promise<void>; warn: Parameters<typeof watchMemory>[1] } {
  const warnings: { kind: string; message: string; attribution: Attribution }[] = [];
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  return {
    warnings,
    done,
    warn: (kind, error, attribution) => {
      warnings.push({ kind, message: error.message, attribution });
      if (warnings.length === count) resolve();
    },
  };
}

it('reports resident and external memory past their limits, not only the heap (figures injected, nothing allocated)', async () => {
  const { warnings, done, warn } = collector(2);
  const watch = watchMemory({ heapMb: 4096, rssMb: 2048, externalMb: 1024 }, warn, {
    checkEveryMs: 5,
    read: () => ({ heapUsed: 40 * MB, rss: 3000 * MB, external: 2100 * MB, arrayBuffers: 2090 * MB }),
  });
  // The watchdog's timer does not hold the process open (it must not keep Pitwall alive): this test does.
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    await done;
  } finally {
    clearInterval(keepAlive);
    watch.dispose();
  }
  assert.deepEqual(warnings, [
    { kind: 'heap_growth', message: 'The process uses (RSS) 3000 MB, over REPORTING_RSS_MB (2048 MB)', attribution: { app: 'core' } },
    { kind: 'heap_growth', message: 'Memory outside the JS heap (Buffers) is 2100 MB, over REPORTING_EXTERNAL_MB (1024 MB)', attribution: { app: 'core' } },
  ]);
});

it('names the app that allocated most of the Buffer memory when external memory is over its limit', async () => {
  const core = await startTestCore();
  const buffers = countBufferAllocations(core.runtime.boundary);
  try {
    const kept = core.runtime.boundary.run({ app: 'hog', appVersion: '1.0.0' }, () => Buffer.alloc(8 * MB));
    assert.equal(kept?.length, 8 * MB);
    const { warnings, done, warn } = collector(1);
    const watch = watchMemory({ externalMb: 1024 }, warn, {
      checkEveryMs: 5,
      buffers,
      read: () => ({ heapUsed: 40 * MB, rss: 100 * MB, external: 2048 * MB, arrayBuffers: 2040 * MB }),
    });
    await done;
    watch.dispose();
    assert.deepEqual(warnings, [
      {
        kind: 'heap_growth',
        message: "Memory outside the JS heap (Buffers) is 2048 MB, over REPORTING_EXTERNAL_MB (1024 MB); app 'hog' allocated 8 MB of Buffers since the last check",
        attribution: { app: 'hog' },
      },
    ]);
  } finally {
    buffers.dispose();
    await core.stop();
  }
});
