import assert from 'node:assert/strict';
import { it } from 'node:test';
import { retryAfterMs } from '../../core/retry-after.js';

// RFC 9110 section 10.2.3: Retry-After = HTTP-date / delay-seconds; its examples are these two forms.
const now = Date.parse('1999-12-31T23:57:59Z');

it('reads delta-seconds', () => {
  assert.equal(retryAfterMs('120', now), 120_000);
  assert.equal(retryAfterMs('0', now), 0);
  assert.equal(retryAfterMs('1.5', now), 1500);
});

it('reads an HTTP-date as the time left until it', () => {
  assert.equal(retryAfterMs('Fri, 31 Dec 1999 23:59:59 GMT', now), 120_000);
});

it('gives 0 for a date already past or a negative number of seconds', () => {
  assert.equal(retryAfterMs('Fri, 31 Dec 1999 23:00:00 GMT', now), 0);
  assert.equal(retryAfterMs('-5', now), 0);
});

it('gives undefined for a missing, empty or unreadable header, so the caller applies its default', () => {
  assert.equal(retryAfterMs(undefined, now), undefined);
  assert.equal(retryAfterMs('', now), undefined);
  assert.equal(retryAfterMs('soon', now), undefined);
});
