import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ErrorSinks, type Attribution, type ErrorSink, type WarningKind } from '../../../core/apps/error-sink.js';

it('hands every error and warning to each sink in order; a throwing sink does not keep it from the next', () => {
  const seen: string[] = [];
  const throwing: ErrorSink = {
    capture: (error) => {
      seen.push(`first:${error.message}`);
      throw new Error('first sink broke');
    },
  };
  const recording: ErrorSink = {
    capture: (error, attribution: Attribution) => void seen.push(`second:${error.message}:${attribution.app}`),
    warn: (kind: WarningKind, error) => void seen.push(`second-warn:${kind}:${error.message}`),
  };
  const sinks = new ErrorSinks([throwing, recording]);
  assert.throws(() => sinks.capture(new Error('boom'), { app: 'records' }), { message: 'first sink broke' });
  sinks.warn('app_disabled', new Error('too many'), { app: 'records' });
  assert.deepEqual(seen, ['first:boom', 'second:boom:records', 'second-warn:app_disabled:too many']);
});
