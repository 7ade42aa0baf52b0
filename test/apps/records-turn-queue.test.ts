import assert from 'node:assert/strict';
import { it } from 'node:test';
import { SLICE_MS, TurnQueue } from '../../apps/records/turn-queue.js';

/** Keeps the loop busy for `ms`, as a stretch of synchronous database work does. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

it('queued tasks run in order and let the event loop in once they have run a slice', async () => {
  const queue = new TurnQueue();
  const order: string[] = [];
  setImmediate(() => order.push('waiting before'));
  const first = queue.run(() => {
    order.push('first');
    // Something the loop has to do meanwhile, such as another player's command.
    setImmediate(() => order.push('between'));
    busy(SLICE_MS + 1);
    return 1;
  });
  const second = queue.run(() => (order.push('second'), 2));
  const third = queue.run(() => (order.push('third'), 3));
  assert.deepEqual(await Promise.all([first, second, third]), [1, 2, 3]);
  // The first task starts a slice (the queue was idle); after it the slice is over, and the loop's turn comes.
  assert.deepEqual(order, ['first', 'waiting before', 'between', 'second', 'third']);
});

it('a task queued while the queue is idle runs without waiting a turn of the loop', async () => {
  const queue = new TurnQueue();
  const order: string[] = [];
  setImmediate(() => order.push('next turn'));
  await queue.run(() => order.push('task'));
  // Later, idle again: the same.
  await new Promise((resolve) => setImmediate(resolve));
  setImmediate(() => order.push('next turn again'));
  await queue.run(() => order.push('task again'));
  assert.deepEqual(order, ['task', 'next turn', 'task again']);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(order, ['task', 'next turn', 'task again', 'next turn again']);
});

it("a failing task rejects its own caller's promise and the queue goes on", async () => {
  const queue = new TurnQueue();
  const failing = queue.run(() => Promise.reject(new Error('disk full')));
  const next = queue.run(() => 'next');
  await assert.rejects(failing, /disk full/);
  assert.equal(await next, 'next');
});
