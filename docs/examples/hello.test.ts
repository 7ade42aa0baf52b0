import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { startTestCore, type TestCore } from 'pitwall/testing';
import hello from './hello.js';

let core: TestCore;
before(async () => {
  core = await startTestCore({ apps: [hello] });
});
after(() => core.stop());

it('greets a player who joins', async () => {
  await core.join('anna', 'Anna');
  await core.waitForChat('Hello Anna!');
  assert.equal(core.state('hello'), 'RUNNING');
  assert.deepEqual(core.errors, []);
});
