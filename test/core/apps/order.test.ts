import assert from 'node:assert/strict';
import { it } from 'node:test';
import { orderApps } from '../../../core/apps/order.js';

it('orders dependencies first and keeps the APPS order among independent apps', () => {
  const { order, problems } = orderApps([
    { id: 'c', dependsOn: ['a', 'b'] },
    { id: 'x', dependsOn: [] },
    { id: 'b', dependsOn: ['a'] },
    { id: 'a', dependsOn: [] },
  ]);
  assert.deepEqual(order, ['a', 'b', 'c', 'x']);
  assert.equal(problems.size, 0);
});

it('names the whole cycle, and only the apps in it', () => {
  const { problems } = orderApps([
    { id: 'top', dependsOn: ['a'] },
    { id: 'a', dependsOn: ['b'] },
    { id: 'b', dependsOn: ['c'] },
    { id: 'c', dependsOn: ['a'] },
  ]);
  assert.deepEqual([...problems.keys()].sort(), ['a', 'b', 'c']);
  assert.equal(problems.get('a')?.message, 'Apps depend on each other in a cycle: a -> b -> c -> a. Fix: remove one of these dependsOn entries so the apps can start in order.');
});

it('names a self-dependency as a cycle and a missing dependency with the fix', () => {
  const { problems } = orderApps([
    { id: 'self', dependsOn: ['self'] },
    { id: 'lonely', dependsOn: ['ghost'] },
  ]);
  assert.equal(problems.get('self')?.code, 'PW_ERR_APP_CYCLE');
  assert.equal(problems.get('lonely')?.message, "App 'lonely' depends on 'ghost', which is not in APPS. Fix: add 'ghost' to APPS in settings/base.ts, or remove 'lonely'.");
});
