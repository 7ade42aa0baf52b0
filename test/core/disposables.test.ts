import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DisposableStore, Emitter, toDisposable } from '../../core/disposables.js';

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

it('Emitter: on() returns the disposable that removes exactly that registration', () => {
  const emitter = new Emitter<number>();
  const seen: string[] = [];
  const listener = (value: number): void => void seen.push(`a${value}`);
  const first = emitter.on(listener);
  emitter.on(listener);
  emitter.on((value) => void seen.push(`b${value}`));
  emitter.emit(1);
  void first.dispose();
  emitter.emit(2);
  assert.deepEqual(seen, ['a1', 'a1', 'b1', 'a2', 'b2']);
  assert.equal(emitter.size, 2);
});

it('Emitter: a throwing listener does not stop the others; the error goes to onListenerError', () => {
  const errors: string[] = [];
  const emitter = new Emitter<string>((error) => errors.push((error as Error).message));
  const seen: string[] = [];
  emitter.on(() => { throw new Error('first listener broke'); });
  emitter.on((value) => void seen.push(value));
  emitter.emit('x');
  assert.deepEqual(seen, ['x']);
  assert.deepEqual(errors, ['first listener broke']);
});

it('Emitter: without onListenerError, every listener runs and then the first error is rethrown', () => {
  const emitter = new Emitter<string>();
  const seen: string[] = [];
  emitter.on(() => { throw new Error('boom'); });
  emitter.on((value) => void seen.push(value));
  assert.throws(() => emitter.emit('y'), { message: 'boom' });
  assert.deepEqual(seen, ['y']);
});
