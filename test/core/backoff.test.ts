import assert from 'node:assert/strict';
import { it } from 'node:test';
import { backoffDelay } from '../../core/backoff.js';

const limits = { initialMs: 500, maxMs: 30_000 };

it('doubles from the first delay, attempt by attempt, up to the cap', () => {
  const middle = (): number => 0.5;
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffDelay(attempt, limits, middle)), [500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
});

it('spreads each delay by 25 % either way', () => {
  assert.equal(backoffDelay(3, limits, () => 0), 1500);
  assert.equal(backoffDelay(3, limits, () => 0.999_999), 2500);
  assert.equal(backoffDelay(10, limits, () => 0), 22_500);
  assert.equal(backoffDelay(10, limits, () => 0.999_999), 37_500);
});

it('stays within the spread with the real random source', () => {
  for (let run = 0; run < 200; run++) {
    const delay = backoffDelay(2, { initialMs: 1000, maxMs: 300_000 });
    assert.ok(delay >= 1500 && delay <= 2500, String(delay));
  }
});
