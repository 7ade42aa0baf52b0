import assert from 'node:assert/strict';
import { it } from 'node:test';
import { CoalescedDraw, REDRAW_INTERVAL_MS, type DrawClock } from 'pitwall';

/** A clock the test moves by hand: timers run when the test says, never by waiting. */
function fakeClock(): DrawClock & { timers: { ms: number; fn: () => unknown }[]; at: number } {
  const clock = {
    at: 0,
    timers: [] as { ms: number; fn: () => unknown }[],
    intervalMs: REDRAW_INTERVAL_MS,
    now: () => clock.at,
    after(ms: number, fn: () => unknown) {
      clock.timers.push({ ms, fn });
      return { dispose() {} };
    },
  };
  return clock;
}

it('a page is redrawn at most once per second: the first change at once, the rest of the second together', async () => {
  const clock = fakeClock();
  let draws = 0;
  const page = new CoalescedDraw(async () => void draws++, clock);

  // A burst of changes after a quiet second: one draw, not delayed.
  for (let change = 0; change < 100; change++) page.changed();
  assert.deepEqual(clock.timers.map((timer) => timer.ms), [0]);
  await clock.timers.shift()!.fn();
  assert.equal(draws, 1);

  // 300 ms later more changes: one draw, at the end of the second since the last.
  clock.at += 300;
  page.changed();
  page.changed();
  assert.deepEqual(clock.timers.map((timer) => timer.ms), [REDRAW_INTERVAL_MS - 300]);
  clock.at += REDRAW_INTERVAL_MS - 300;
  await clock.timers.shift()!.fn();
  assert.equal(draws, 2);

  // Nothing changed: nothing scheduled, nothing drawn.
  clock.at += 5 * REDRAW_INTERVAL_MS;
  assert.equal(clock.timers.length, 0);
  assert.equal(draws, 2);
  // A change long after: drawn at once again.
  page.changed();
  assert.deepEqual(clock.timers.map((timer) => timer.ms), [0]);
});

it('draws never overlap: a change during a slow draw waits for it', async () => {
  const clock = fakeClock();
  const order: string[] = [];
  let release!: () => void;
  let started!: () => void;
  const firstStarted = new Promise<void>((resolve) => (started = resolve));
  const page = new CoalescedDraw(async () => {
    order.push('start');
    if (order.length === 1) {
      started();
      await new Promise<void>((resolve) => (release = resolve));
    }
    order.push('end');
  }, clock);
  page.changed();
  const first = clock.timers.shift()!.fn() as Promise<void>;
  await firstStarted;
  clock.at += REDRAW_INTERVAL_MS;
  page.changed();
  const second = clock.timers.shift()!.fn() as Promise<void>;
  // The second draw is due but waits for the first to end.
  assert.deepEqual(order, ['start']);
  release();
  await Promise.all([first, second]);
  assert.deepEqual(order, ['start', 'end', 'start', 'end']);
});
