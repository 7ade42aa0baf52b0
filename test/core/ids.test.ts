import assert from 'node:assert/strict';
import { it } from 'node:test';
import { isAppId, isCommandName, isPageId, isParamName } from '../../core/ids.js';

it('app and page ids: a lower-case letter, then lower-case letters, digits, - or _, 64 at most', () => {
  for (const check of [isAppId, isPageId]) {
    for (const good of ['records', 'a', 'my-app_2', `a${'b'.repeat(63)}`]) assert.equal(check(good), true, good);
    for (const bad of ['', 'Records', '2fast', '-x', '_x', 'my app', 'my.app', 'émile', `a${'b'.repeat(64)}`]) assert.equal(check(bad), false, bad);
  }
});

it('command and parameter names: the same rule, 32 at most', () => {
  for (const check of [isCommandName, isParamName]) {
    for (const good of ['help', 'x', 'map-list_2', `a${'b'.repeat(31)}`]) assert.equal(check(good), true, good);
    for (const bad of ['', 'Help', '1st', '/help', 'two words', `a${'b'.repeat(32)}`]) assert.equal(check(bad), false, bad);
  }
});
