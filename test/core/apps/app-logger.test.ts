import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { AppContext } from '../../../core/apps/define.js';
import { startTestCore, testApp, type TestCore } from '../../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

describe('ctx.logger', () => {
  it('offers only debug/info/warn/error and child, so an app cannot silence or rewire the shared log', async () => {
    let logger: AppContext['logger'] | undefined;
    core = await startTestCore({
      apps: [
        testApp('rogue', {
          init(ctx) {
            logger = ctx.logger;
            // What the full winston logger would allow: removing every transport of the controller.
            (ctx.logger as unknown as { clear?: () => void }).clear?.();
            Reflect.set(ctx.logger, 'silent', true);
          },
        }),
      ],
    });
    assert.deepEqual(Object.keys(logger!).sort(), ['child', 'debug', 'error', 'info', 'warn']);
    assert.ok(Object.isFrozen(logger));
    // The core's own boot summary, written after the app's init, still reaches the log.
    assert.ok(core.logs.some((entry) => entry.label === undefined && entry.message.startsWith('Apps: 1 running (rogue)')));
  });

  it('labels lines with the app id (fields cannot change it), and a child with <id>:<part>', async () => {
    core = await startTestCore({
      settings: { DEBUG: true },
      apps: [
        testApp('greeter', {
          init(ctx) {
            ctx.logger.info('hello', { label: 'core', laps: 3 });
            ctx.logger.child('store').warn('disk almost full');
            ctx.logger.error(new Error('lost the file'));
            ctx.logger.debug('details');
          },
        }),
      ],
    });
    const lines = core.logs.filter((entry) => entry.label?.startsWith('greeter')).map((entry) => [entry.level, entry.label, entry.message]);
    assert.deepEqual(lines, [
      ['info', 'greeter', 'hello'],
      ['warn', 'greeter:store', 'disk almost full'],
      ['error', 'greeter', 'lost the file'],
      ['debug', 'greeter', 'details'],
    ]);
  });
});
