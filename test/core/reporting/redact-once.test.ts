import 'reflect-metadata';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { container as rootContainer } from 'tsyringe';
import type { AppInfo } from '../../../core/apps/registry.js';
import { Settings } from '../../../core/config/schema.js';
import { createLogger, Logger } from '../../../core/logging/logger.js';
import { registerReporting, startReporting } from '../../../core/reporting/compose.js';
import { MASK, Redactor } from '../../../core/reporting/redact.js';
import { testSettings, waitFor } from '../../helpers/core.js';

/** A Redactor that counts what it is asked to redact. */
class CountingRedactor extends Redactor {
  readonly texts = new Map<string, number>();
  readonly exact: string[] = [];

  override text(input: string, maxLength?: number): string {
    this.texts.set(input, (this.texts.get(input) ?? 0) + 1);
    return super.text(input, maxLength);
  }

  override exactSecrets(text: string): string {
    this.exact.push(text);
    return super.exactSecrets(text);
  }
}

it("redacts each text of an error once on its way to the owner's report and the app's feed", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-redact-once-'));
  const secret = 'once-Secret-77';
  const redactor = new CountingRedactor([secret]);
  const container = rootContainer.createChildContainer();
  container.register(Settings, { useValue: testSettings({ DATA_DIR: dataDir, LOGGING_REPORTING: 3 }) });
  container.register(Logger, { useValue: createLogger({ debug: false, dataDir, console: false, transports: [] }) });
  container.register(Redactor, { useValue: redactor });
  const app: AppInfo = { id: 'records', version: '1.0.0', reporting: { dsn: 'http://key@127.0.0.1:9/1' } };
  registerReporting(container, { server: () => undefined, apps: () => ({ app: (id) => (id === app.id ? app : undefined), ids: () => [app.id] }) }, { captureLocals: false });
  const reporting = startReporting(container);
  try {
    const error = new TypeError(`no record for some-player, key ${secret}`, { cause: new Error('inner cause text') });
    reporting.handler.capture(error, { app: 'records', appVersion: '1.0.0', event: { name: 'playerChat', payload: { login: 'some-player', text: 'hello payload' } } });
    const feedFile = join(dataDir, 'feeds', 'records.ndjson');
    const reports = join(dataDir, 'reports');
    await waitFor(() => existsSync(feedFile) && existsSync(reports) && readdirSync(reports).length > 0, 'the report and the feed');

    assert.equal(redactor.texts.get(error.message), 1);
    assert.equal(redactor.texts.get('inner cause text'), 1);
    const twice = [...redactor.texts].filter(([, count]) => count > 1).map(([text]) => text);
    assert.deepEqual(twice, [], 'texts redacted more than once');
    assert.deepEqual(redactor.exact.filter((text) => text.includes('"event_id"')), [], 'no pass over a serialized report');
    const written = [readFileSync(feedFile, 'utf8'), ...readdirSync(reports).map((name) => readFileSync(join(reports, name), 'utf8'))];
    for (const text of written) {
      assert.equal(text.includes(secret), false);
      assert.ok(text.includes(`key ${MASK}`), text);
    }
  } finally {
    await reporting.stop(0);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
