import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestCore, testApp } from '../../helpers/core.js';
import { startReportReceiver, type ReportReceiver } from '../../helpers/report-receiver.js';

/** Every kind of secret the redactor must catch, and where the test plants it. */
const corpus = {
  dedicatedPassword: 'dedi-Pass-9x7Q',
  appSecret: 'app-secret-value-42',
  keyedPassword: 'keyed-pw-value-77',
  bearer: 'abcDEF123456ghiJKL',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwaXR3YWxsIn0.c2lnbmF0dXJlLXZhbHVl',
  pem: '-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----',
  urlPassword: 'url-pass-secret-55',
  card: '4111 1111 1111 1111',
  hex: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  dedimaniaCode: 'dedi-code-000111',
  chatPassword: 'chat-pw-998877',
};

function leaks(text: string): string[] {
  return Object.entries(corpus)
    .filter(([, secret]) => text.includes(secret) || text.includes(JSON.stringify(secret).slice(1, -1)))
    .map(([name]) => name);
}

function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const leaky = testApp('leaky', {
  version: '1.0.0',
  settings: { apiToken: { type: 'string', default: '', secret: true } },
  init(ctx) {
    ctx.on('playerChat', ({ text }) => {
      if (!text.startsWith('leak')) return;
      const cause = new Error(`upstream said Authorization: Bearer ${corpus.bearer} and jwt ${corpus.jwt}`);
      const error = new Error(
        `connect to mysql://root:${corpus.urlPassword}@db.local failed with ${ctx.settings.apiToken}, ` +
          `dedicated ${corpus.dedicatedPassword}, card ${corpus.card}, digest ${corpus.hex}`,
        { cause: new AggregateError([cause, new Error(corpus.pem)], 'several failed') },
      );
      Object.assign(error, { config: { password: corpus.keyedPassword, dedimaniaCode: corpus.dedimaniaCode } });
      throw error;
    });
  },
});

describe('no secret leaves the machine', () => {
  let receiver: ReportReceiver;
  before(async () => (receiver = await startReportReceiver()));
  after(() => receiver.close());

  for (const level of [1, 2, 3] as const) {
    for (const destination of ['receiver', 'local reports'] as const) {
      it(`level ${level}, ${destination}: zero occurrences in every byte sent or written`, async () => {
        const requestsBefore = receiver.requests.length;
        const core = await startTestCore({
          reporting: true,
          apps: [leaky],
          settings: {
            LOGGING_REPORTING: level,
            REPORTING_DSN: destination === 'receiver' ? receiver.dsn : '',
            DEDICATED: { host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: corpus.dedicatedPassword },
            APP_SETTINGS: { leaky: { apiToken: corpus.appSecret } },
          },
        });
        core.sandbox.playerJoin('anna');
        core.sandbox.playerChat('anna', `leak: my password=${corpus.chatPassword} and ${corpus.appSecret}`);
        if (destination === 'receiver') await receiver.waitForAccepted(receiver.accepted.length + 1);
        else await core.waitFor(() => filesUnder(join(core.dataDir, 'reports')).length === 1, 'a local report');
        await core.runtime.stop();
        const written = filesUnder(core.dataDir)
          .filter((file) => !file.includes(`${join('logs', '')}`))
          .map((file) => readFileSync(file, 'utf8'))
          .join('\n');
        const sent = receiver.requests.slice(requestsBefore).map((request) => request.raw).join('\n');
        assert.ok(sent.length + written.length > 0, 'something was reported');
        assert.deepEqual(leaks(sent), [], 'sent');
        assert.deepEqual(leaks(written), [], 'written');
        if (destination === 'receiver') assert.match(sent, /connect to mysql:\/\/\*{8}@db\.local failed with \*{8}, dedicated \*{8}/);
        await core.stop();
      });
    }
  }
});
