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

it('keeps at most maxLogins players, forgetting the one heard from least recently, and forgets a player who left', () => {
  const limiter = new CommandRateLimiter({ count: 1, seconds: 60 }, 3);
  for (const login of ['anna', 'ben', 'cara']) limiter.check(login, 0);
  // anna speaks again (refused, but now the most recent); dan's entry pushes out ben, the least recent.
  assert.deepEqual(limiter.check('anna', 1000), { run: false, answer: 'Slow down: at most 1 commands every 60 s. Try again in a moment.' });
  assert.deepEqual(limiter.check('dan', 1000), { run: true });
  assert.equal(limiter.size, 3);
  assert.deepEqual(limiter.check('anna', 2000), { run: false }, "anna's burst is still remembered");
  assert.deepEqual(limiter.check('ben', 2000), { run: true }, 'ben was forgotten: a new window');
  // 76,000 logins that never connected cannot grow it past its bound.
  for (let index = 0; index < 76_000; index++) limiter.check(`ghost${index}`, 3000);
  assert.equal(limiter.size, 3);
  limiter.forget('ghost75999');
  assert.equal(limiter.size, 2);
});
