import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DisposableStore, toDisposable } from '../../core/disposables.js';

it('disposes everything newest first, collecting failures instead of stopping at the first', async () => {
  const store = new DisposableStore();
  const order: string[] = [];
  store.add(toDisposable(() => void order.push('first')));
  store.add(toDisposable(() => { throw new Error('second fails'); }));
  store.add(toDisposable(async () => { order.push('third'); throw new Error('third fails'); }));
  const failures = await store.dispose();
  assert.deepEqual(order, ['third', 'first']);
  assert.deepEqual(failures.map((failure) => (failure as Error).message), ['third fails', 'second fails']);
  assert.equal(store.size, 0);
});

it('disposes at once what is added after the store was disposed', async () => {
  const store = new DisposableStore();
  await store.dispose();
  let disposed = false;
  store.add(toDisposable(() => void (disposed = true)));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(disposed, true);
});
