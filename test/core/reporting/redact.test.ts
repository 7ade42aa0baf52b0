import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isSecretKey, MASK, Redactor, VALUE_RULES } from '../../../core/reporting/redact.js';
import { ADVERSARIAL_UNITS, bestTime, plainScan, repeatTo } from '../../fixtures/adversarial-text.js';

describe('secret-looking keys', () => {
  it('matches each key kind, case-insensitively and as part of a name', () => {
    const secret = [
      'password', 'PASSWORD', 'passwd', 'pwd', 'secret', 'clientSecret', 'token', 'authToken', 'key', 'apikey', 'apiKey', 'API_KEY',
      'api_key', 'mx_key', 'serial', 'serialNumber', 'auth', 'Authorization', 'credentials', 'private_key', 'privateKey', 'session',
      'sessionId', 'cookie', 'Set-Cookie', 'dsn', 'REPORTING_DSN', 'code', 'dedimaniaCode', 'tokens',
    ];
    for (const key of secret) assert.equal(isSecretKey(key), true, key);
    for (const key of ['login', 'nickName', 'monkey', 'keyboard', 'author', 'mapUid', 'passenger', 'tokenizer', 'name']) assert.equal(isSecretKey(key), false, key);
  });
});

describe('Redactor', () => {
  const redactor = new Redactor(['hunter2-secret', 'https://abc123@sentry.example/4']);

  it('masks values under secret keys, at any depth, keeping booleans and structure', () => {
    assert.deepEqual(redactor.value({ login: 'bob', password: 'x', nested: { apiKey: 42, enabled: true, list: [{ token: 't' }] }, auth: { user: 'u' } }), {
      login: 'bob',
      password: MASK,
      nested: { apiKey: MASK, enabled: true, list: [{ token: MASK }] },
      auth: MASK,
    });
  });

  it('masks secret-looking values in text', () => {
    const cases: [string, string][] = [
      ['Authorization: Bearer abcdef123456.xyz', `Authorization: Bearer ${MASK}`],
      ['header Bearer abcdef123456', `header Bearer ${MASK}`],
      ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c end', `jwt ${MASK} end`],
      ['-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----', MASK],
      ['fetch https://user:pa55@host.example/x failed', `fetch https://${MASK}@host.example/x failed`],
      ['hash 0123456789abcdef0123456789abcdef01234567', `hash ${MASK}`],
      ['blob QWxhZGRpbjpvcGVuIHNlc2FtZQ9xYWxhZGRpbjpvcGVuIHNlc2FtZQ', `blob ${MASK}`],
      ['card 4111 1111 1111 1111 used', `card ${MASK} used`],
      ['login failed: password=hunter3 for bob', `login failed: password=${MASK} for bob`],
      ['{"api_key": "abc"}', `{"api_key": "${MASK}"}`],
      ['the configured hunter2-secret leaked', `the configured ${MASK} leaked`],
      ['dsn https://abc123@sentry.example/4 here', `dsn ${MASK} here`],
      ['url-encoded hunter2-secret: ' + encodeURIComponent('hunter2-secret'), `url-encoded ${MASK}: ${MASK}`],
    ];
    for (const [input, expected] of cases) assert.equal(redactor.text(input), expected, input);
    // Long text takes another replacement path in some rules: it must mask the same.
    const padding = ` ${'.'.repeat(1100)} `;
    assert.equal(redactor.text(cases.map(([input]) => input).join(padding), 64 * 1024), cases.map(([, expected]) => expected).join(padding));
  });

  it('leaves ordinary text alone', () => {
    for (const text of ['Cannot read properties of undefined (reading \'uid\')', 'at apps/records/index.js:27:13', 'map Sandbox Sprint 24.512', 'order 1234 5678']) {
      assert.equal(redactor.text(text), text);
    }
  });

  it('turns Maps, Sets, Buffers, Dates, errors, functions and bigints into plain data', () => {
    const value = redactor.value({
      map: new Map<unknown, unknown>([['password', 'x'], ['a', 1]]),
      set: new Set(['a', 'hunter2-secret']),
      buffer: Buffer.from('abc'),
      date: new Date('2026-01-01T00:00:00Z'),
      error: new Error('boom hunter2-secret'),
      fn: function named() {},
      big: 10n,
    });
    assert.deepEqual(value, {
      map: { password: MASK, a: 1 },
      set: ['a', MASK],
      buffer: '[Buffer 3 bytes]',
      date: '2026-01-01T00:00:00.000Z',
      error: { name: 'Error', message: `boom ${MASK}` },
      fn: '[Function named]',
      big: '10',
    });
  });

  it('survives cycles, throwing getters and hostile proxies', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const getter = Object.defineProperty({ ok: 1 }, 'bad', { enumerable: true, get: () => { throw new Error('nope'); } });
    const proxy = new Proxy({}, { ownKeys: () => { throw new Error('trap'); } });
    const liar = new Proxy({ a: 1 }, { get: () => { throw new Error('get trap'); } });
    assert.deepEqual(redactor.value({ cyclic, getter, proxy, liar }), {
      cyclic: { name: 'loop', self: '[Circular]' },
      getter: { ok: 1, bad: '[Unreadable: getter threw]' },
      proxy: '[Unreadable object]',
      liar: { a: '[Unreadable: getter threw]' },
    });
  });

  it('bounds depth, string length, item counts and total size', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let index = 0; index < 20; index++) deep = { deeper: deep };
    const text = JSON.stringify(redactor.value(deep));
    assert.match(text, /\[Depth limit\]/);
    assert.equal(redactor.text('x'.repeat(5000)), `${'x'.repeat(2000)}…[cut 3000 chars]`);
    const list = redactor.value(Array.from({ length: 500 }, (_, index) => index)) as unknown[];
    assert.equal(list.length, 101);
    assert.equal(list[100], '[400 more items]');
    const huge = redactor.value(Array.from({ length: 100 }, () => 'y'.repeat(2000)));
    assert.ok(JSON.stringify(huge).length < 80 * 1024);
  });

  it('never throws and never lets a configured secret through, whatever the input', () => {
    const secret = 'hunter2-secret';
    fc.assert(
      fc.property(fc.anything({ withMap: true, withSet: true, withBigInt: true, withDate: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true }), (value) => {
        const redacted = redactor.value({ value, note: `prefix ${secret} suffix`, nested: [value, secret] });
        const text = JSON.stringify(redacted);
        assert.equal(text.includes(secret), false);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        assert.equal(redactor.text(`${before}${secret}${after}`).includes(secret), false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('value rules run in linear time', () => {
  // The former expressions, exact but backtracking: on short inputs they say what each rule must do.
  const former: Record<string, [RegExp, (match: string, ...groups: string[]) => string]> = {
    jwt: [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, () => MASK],
    'url-credentials': [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@?#]+@/gi, (_match, scheme) => `${scheme}${MASK}@`],
    base64: [/[A-Za-z0-9+/_-]{40,}={0,2}/g, (match) => (/\d/.test(match) && /[a-z]/.test(match) && /[A-Z]/.test(match) ? MASK : match)],
  };
  const alphabet: Record<string, string[]> = {
    jwt: ['e', 'y', 'J', 'eyJ', 'a', 'B', '1', '-', '_', '.', ' ', 'aaaaa'],
    'url-credentials': ['a', 'h', '1', '+', '.', '-', '_', ':', '//', '://', '@', 'u', ':p', '/', '?', ' ', 'x'],
    base64: ['A', 'b', '9', '+', '/', '_', '-', '=', '==', ' ', '!', 'aB3'.repeat(14)],
  };

  for (const [name, [pattern, replace]] of Object.entries(former)) {
    it(`${name}: masks exactly what the former expression masked`, () => {
      const rule = VALUE_RULES.find((candidate) => candidate.name === name)!;
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...alphabet[name]!), { maxLength: 40 }), (parts) => {
          const text = parts.join('');
          assert.equal(rule.apply(text), text.replace(pattern, replace as (match: string) => string), JSON.stringify(text));
        }),
        { numRuns: 2000 },
      );
    });
  }

  // A backtracking rule costs thousands of plain scans on 1 MB of its adversarial input (the JWT rule took
  // minutes); every rule here costs well under 30. 200x is far above what a loaded machine adds to a linear
  // rule, and far below what any super-linear one costs at this size.
  it('each rule on 1 MB of each adversarial input costs less than 200 plain scans of it', () => {
    for (const rule of VALUE_RULES) {
      const units = ADVERSARIAL_UNITS[rule.name];
      assert.ok(units, `adversarial inputs for ${rule.name}`);
      for (const unit of units) {
        const input = repeatTo(unit, 1 << 20);
        const ratio = bestTime(3, rule.apply, input) / bestTime(3, plainScan, input);
        assert.ok(ratio < 200, `${rule.name} on ${JSON.stringify(unit)}: ${ratio.toFixed(0)}x a plain scan`);
      }
    }
  });
});
