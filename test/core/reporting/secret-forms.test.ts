import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { closeLogger } from '../../../core/logging/logger.js';
import { MASK, Redactor } from '../../../core/reporting/redact.js';
import { startTestCore, testApp } from '../../helpers/core.js';
import { startReportReceiver, type ReportReceiver } from '../../helpers/report-receiver.js';

function readAll(folder: string): string {
  if (!existsSync(folder)) return '';
  return readdirSync(folder, { withFileTypes: true })
    .map((entry) => (entry.isDirectory() ? readAll(join(folder, entry.name)) : readFileSync(join(folder, entry.name), 'utf8')))
    .join('\n');
}

describe('the forms a configured secret takes', () => {
  const secret = 'app-Secret-value-42';
  const redactor = new Redactor([secret, 'https://corepublickey77@reports.example/3']);
  const base64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

  it('masks it in upper and lower case, hex, base64 and URL-safe base64', () => {
    const cases: [string, string][] = [
      [`upper ${secret.toUpperCase()} lower ${secret.toLowerCase()}`, `upper ${MASK} lower ${MASK}`],
      [`hex ${Buffer.from(secret).toString('hex')} HEX ${Buffer.from(secret).toString('hex').toUpperCase()}`, `hex ${MASK} HEX ${MASK}`],
      [`b64 ${base64(secret)} url ${base64(secret).replace(/=+$/, '')}`, `b64 ${MASK} url ${MASK}`],
      [`json {"token":"${base64(`user:${secret}`)}"}`, `json {"token":"dXNlcjp${MASK}"}`],
    ];
    for (const [input, expected] of cases) assert.equal(redactor.exactSecrets(input), expected, input);
  });

  it('masks it XML-escaped: named entities, &#39; for the quote, decimal references, in upper and lower case', () => {
    const special = new Redactor([`p&ss<"wo'rd>`]);
    const cases: [string, string][] = [
      ['<value>p&amp;ss&lt;&quot;wo&apos;rd&gt;</value>', `<value>${MASK}</value>`],
      ['title="p&amp;ss&lt;&quot;wo&#39;rd&gt;"', `title="${MASK}"`],
      ['p&#38;ss&#60;&#34;wo&#39;rd&#62; sent', `${MASK} sent`],
      ['P&amp;SS&lt;&quot;WO&apos;RD&gt;', MASK],
    ];
    for (const [input, expected] of cases) assert.equal(special.exactSecrets(input), expected, input);
  });

  it('masks its base64 inside longer data, at every byte offset', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), fc.uint8Array({ maxLength: 12 }), (prefix, suffix) => {
        const encoded = base64(Buffer.concat([prefix, Buffer.from(secret), suffix]));
        const masked = redactor.exactSecrets(encoded);
        assert.notEqual(masked, encoded);
        // What is left decodes to the surroundings and at most a few bits of the secret's edges.
        for (const piece of masked.split(MASK)) assert.equal(Buffer.from(piece, 'base64').toString('latin1').includes(secret.slice(2, -2)), false, masked);
      }),
      { numRuns: 500 },
    );
  });

  it("masks a DSN's public key on its own, and keeps short user names of example URLs", () => {
    assert.equal(redactor.text('the key corepublickey77 leaked'), `the key ${MASK} leaked`);
    assert.equal(new Redactor(['https://key@example.invalid/1']).text('a key for the map'), 'a key for the map');
  });
});

describe('secrets never reach reports, feeds, logs or local pings', () => {
  let coreReceiver: ReportReceiver;
  let feedReceiver: ReportReceiver;
  before(async () => ([coreReceiver, feedReceiver] = await Promise.all([startReportReceiver('1', 'corepublickey77'), startReportReceiver('2', 'feedkey')])));
  after(() => Promise.all([coreReceiver.close(), feedReceiver.close()]));

  const dedicatedPassword = 'dedi-Pass-9x7Q';
  const initSecret = 'init-secret-value-11';
  const startSecret = 'start-secret-value-22';

  it("masks an app's secret setting thrown from its init() or start(), in reports and in the log", async () => {
    const settings = { apiToken: { type: 'string' as const, default: '', secret: true } };
    const core = await startTestCore({
      allowFailedApps: true,
      reporting: true,
      apps: [
        testApp('init-leak', { settings, init: (ctx) => { throw new Error(`init failed with ${String(ctx.settings.apiToken)}`); } }),
        testApp('start-leak', { settings, start: (ctx) => { throw new Error(`start failed with ${String(ctx.settings.apiToken)} and ${dedicatedPassword}`); } }),
      ],
      settings: {
        LOGGING_REPORTING: 1,
        DEDICATED: { host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: dedicatedPassword },
        APP_SETTINGS: { 'init-leak': { apiToken: initSecret }, 'start-leak': { apiToken: startSecret } },
      },
    });
    try {
      await core.waitFor(() => readdirSync(join(core.dataDir, 'reports')).length === 2, 'two local reports');
      await core.runtime.stop();
      await closeLogger(core.runtime.logger);
      const reports = readAll(join(core.dataDir, 'reports'));
      assert.match(reports, /init failed with \*{8}"/);
      assert.match(reports, /start failed with \*{8} and \*{8}"/);
      const logged = readAll(core.dataDir) + JSON.stringify(core.logs);
      for (const secret of [initSecret, startSecret, dedicatedPassword]) assert.equal(logged.includes(secret), false, secret);
      assert.match(readFileSync(join(core.dataDir, 'logs', 'pitwall.log'), 'utf8'), /start failed with \*{8} and \*{8}/);
    } finally {
      await core.stop();
    }
  });

  it("keeps the core DSN's public key out of an app's feed and its audit copy", async () => {
    const core = await startTestCore({
      reporting: true,
      apps: [
        testApp('feedy', {
          reporting: { dsn: feedReceiver.dsn },
          init: (ctx) => void ctx.on('playerChat', () => { throw new Error('the controller reports with corepublickey77'); }),
        }),
      ],
      settings: { LOGGING_REPORTING: 3, REPORTING_DSN: coreReceiver.dsn },
    });
    try {
      const [coreBefore, feedBefore] = [coreReceiver.accepted.length, feedReceiver.accepted.length];
      core.sandbox.playerJoin('anna');
      core.sandbox.playerChat('anna', 'hello');
      await coreReceiver.waitForAccepted(coreBefore + 1);
      await feedReceiver.waitForAccepted(feedBefore + 1);
      const feed = feedReceiver.accepted.slice(feedBefore).map((request) => request.raw).join('\n');
      const audit = readFileSync(join(core.dataDir, 'feeds', 'feedy.ndjson'), 'utf8');
      const sent = coreReceiver.accepted.slice(coreBefore).map((request) => JSON.stringify(request.event)).join('\n');
      assert.match(feed, /the controller reports with \*{8}/);
      for (const text of [feed, audit, sent]) assert.equal(text.includes('corepublickey77'), false, text);
    } finally {
      await core.stop();
    }
  });

  it('masks ANALYTICS_KEY in the pings kept on disk', async () => {
    const core = await startTestCore({
      settings: { ANALYTICS: true, ANALYTICS_URL: '', ANALYTICS_KEY: 'phc_analyticsKey12345' },
      analytics: { firstPingDelayMs: 0 },
    });
    try {
      const folder = join(core.dataDir, 'analytics');
      const pings = () => (existsSync(folder) ? readdirSync(folder).filter((name) => name.startsWith('ping-')) : []);
      await core.waitFor(() => pings().length === 1, 'a local ping');
      const ping = readFileSync(join(folder, pings()[0]!), 'utf8');
      assert.equal((JSON.parse(ping) as { api_key: string }).api_key, MASK);
      assert.equal(readAll(core.dataDir).includes('phc_analyticsKey12345'), false);
    } finally {
      await core.stop();
    }
  });
});
