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

/** A draw that counts its runs and lets the test wait for the next one. */
function countingDraw(): { draw: () => Promise<void>; draws: () => number; next: () => Promise<void> } {
  let draws = 0;
  let waiting: (() => void) | undefined;
  return {
    draw: async () => {
      draws++;
      waiting?.();
      waiting = undefined;
    },
    draws: () => draws,
    next: () => new Promise<void>((resolve) => (waiting = resolve)),
  };
}

it('a page is redrawn at most once per second: the first change at once, the rest of the second together', async () => {
  const clock = fakeClock();
  const counting = countingDraw();
  const page = new CoalescedDraw(counting.draw, clock);

  // A burst of changes after a quiet second: one draw, as soon as the code that marked them yields.
  let drawn = counting.next();
  for (let change = 0; change < 100; change++) page.changed();
  assert.equal(counting.draws(), 0, 'not in the middle of the code that marked the change');
  assert.equal(clock.timers.length, 0, 'no timer: not the next turn of the loop either');
  await drawn;
  assert.equal(counting.draws(), 1);

  // 300 ms later more changes: one draw, at the end of the second since the last.
  clock.at += 300;
  page.changed();
  page.changed();
  assert.deepEqual(clock.timers.map((timer) => timer.ms), [REDRAW_INTERVAL_MS - 300]);
  clock.at += REDRAW_INTERVAL_MS - 300;
  await clock.timers.shift()!.fn();
  assert.equal(counting.draws(), 2);

  // Nothing changed: nothing scheduled, nothing drawn.
  clock.at += 5 * REDRAW_INTERVAL_MS;
  assert.equal(clock.timers.length, 0);
  assert.equal(counting.draws(), 2);
  // A change long after: drawn at once again.
  drawn = counting.next();
  page.changed();
  await drawn;
  assert.equal(counting.draws(), 3);
  assert.equal(clock.timers.length, 0);
});

it('a failed draw is reported through the app timer and the next change is drawn again', async () => {
  const clock = fakeClock();
  let fail = true;
  const counting = countingDraw();
  const page = new CoalescedDraw(async () => {
    if (fail) throw new Error('the page could not be built');
    await counting.draw();
  }, clock);
  page.changed();
  await new Promise((resolve) => setImmediate(resolve));
  // The app's timer runs the report, so the app's error boundary names the app.
  assert.deepEqual(clock.timers.map((timer) => timer.ms), [0]);
  assert.throws(() => clock.timers.shift()!.fn(), { message: 'the page could not be built' });
  fail = false;
  clock.at += REDRAW_INTERVAL_MS;
  const drawn = counting.next();
  page.changed();
  await drawn;
  assert.equal(counting.draws(), 1);
});

it('draws never overlap: a change during a slow draw waits for it', async () => {
  const clock = fakeClock();
  const order: string[] = [];
  let release!: () => void;
  let started!: () => void;
  const firstStarted = new Promise<void>((resolve) => (started = resolve));
  let ended!: () => void;
  const bothEnded = new Promise<void>((resolve) => (ended = resolve));
  const page = new CoalescedDraw(async () => {
    order.push('start');
    if (order.length === 1) {
      started();
      await new Promise<void>((resolve) => (release = resolve));
    }
    order.push('end');
    if (order.length === 4) ended();
  }, clock);
  page.changed();
  await firstStarted;
  clock.at += REDRAW_INTERVAL_MS;
  page.changed();
  // The second draw is due but waits for the first to end, a whole turn of the loop later.
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(order, ['start']);
  release();
  await bothEnded;
  assert.deepEqual(order, ['start', 'end', 'start', 'end']);
});
