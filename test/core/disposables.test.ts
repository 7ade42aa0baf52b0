import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DisposableStore, Emitter, toDisposable, toSubscription } from '../../core/disposables.js';

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

it('Emitter: emit calls the listeners registered when it started, even one removed by an earlier listener', () => {
  const emitter = new Emitter<number>();
  const seen: string[] = [];
  let second: { dispose(): void } | undefined;
  emitter.on((value) => {
    seen.push(`first${value}`);
    second?.dispose();
    emitter.on((late) => void seen.push(`late${late}`));
  });
  second = emitter.on((value) => void seen.push(`second${value}`));
  emitter.emit(1);
  assert.deepEqual(seen, ['first1', 'second1']);
  assert.equal(emitter.size, 2);
});

it('Emitter: disposing a registration twice removes it once, and clear() removes every listener', () => {
  const emitter = new Emitter<number>();
  const seen: number[] = [];
  const first = emitter.on((value) => void seen.push(value));
  emitter.on((value) => void seen.push(value * 10));
  void first.dispose();
  void first.dispose();
  emitter.emit(2);
  assert.deepEqual(seen, [20]);
  emitter.clear();
  emitter.emit(3);
  assert.deepEqual(seen, [20]);
  assert.equal(emitter.size, 0);
});

it('Emitter: with one listener, its error reaches onListenerError or, without one, the caller of emit', () => {
  const errors: string[] = [];
  const hooked = new Emitter<string>((error) => errors.push((error as Error).message));
  hooked.on(() => { throw new Error('only listener broke'); });
  hooked.emit('x');
  assert.deepEqual(errors, ['only listener broke']);
  const bare = new Emitter<string>();
  bare.on(() => { throw new Error('bare'); });
  assert.throws(() => bare.emit('y'), { message: 'bare' });
});

it('toSubscription: calling it and disposing it both remove the listener', () => {
  const emitter = new Emitter<number>();
  const seen: number[] = [];
  const called = toSubscription(emitter.on((value) => void seen.push(value)));
  const disposed = toSubscription(emitter.on((value) => void seen.push(-value)));
  called();
  void disposed.dispose();
  emitter.emit(4);
  assert.deepEqual(seen, []);
  assert.equal(emitter.size, 0);
});
