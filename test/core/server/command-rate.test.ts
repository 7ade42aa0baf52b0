import assert from 'node:assert/strict';
import { it } from 'node:test';
import { CommandRateLimiter } from '../../../core/server/command-rate.js';

it('check() admits up to the limit, answers the first refusal of a burst once, and admits again after the window', () => {
  const limiter = new CommandRateLimiter({ count: 2, seconds: 10 });
  const at = (seconds: number) => limiter.check('anna', seconds * 1000);
  assert.deepEqual([at(0), at(1), at(2), at(3)], [
    { run: true },
    { run: true },
    { run: false, answer: 'Slow down: at most 2 commands every 10 s. Try again in a moment.' },
    { run: false },
  ]);
  // Another player (a UI action counts the same way) is not held back by anna's burst.
  assert.deepEqual(limiter.check('ben', 3000), { run: true });
  assert.deepEqual(at(10.5), { run: true });
  assert.deepEqual(at(11.5), { run: true });
  assert.deepEqual(at(12), { run: false, answer: 'Slow down: at most 2 commands every 10 s. Try again in a moment.' });
});
