import assert from 'node:assert/strict';
import { it } from 'node:test';
import { SlidingWindow } from '../../core/sliding-window.js';

it('counts the events within the window, this one included', () => {
  const window = new SlidingWindow(1000);
  assert.deepEqual([0, 100, 500, 999].map((at) => window.add(at)), [1, 2, 3, 4]);
});

it('an event exactly one window old has left it', () => {
  const window = new SlidingWindow(1000);
  window.add(0);
  window.add(400);
  assert.equal(window.count(999), 2);
  assert.equal(window.count(1000), 1);
  assert.equal(window.add(1400), 1);
});

it('count() does not record an event', () => {
  const window = new SlidingWindow(1000);
  window.add(10);
  assert.equal(window.count(20), 1);
  assert.equal(window.count(20), 1);
  assert.equal(window.count(2000), 0);
});

it('keeps counting right across many expired events (they are dropped in bulk)', () => {
  const window = new SlidingWindow(100);
  for (let at = 0; at < 10_000; at++) assert.equal(window.add(at), Math.min(at + 1, 100));
  assert.equal(window.count(10_050), 49);
});

it('clear() forgets every event', () => {
  const window = new SlidingWindow(1000);
  window.add(1);
  window.add(2);
  window.clear();
  assert.equal(window.count(3), 0);
  assert.equal(window.add(4), 1);
});
