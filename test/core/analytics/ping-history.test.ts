import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { createLogger } from '../../../core/logging/logger.js';
import { PINGS_KEPT, PingSender, type PingBody } from '../../../core/analytics/ping.js';
import { testSettings } from '../../helpers/core.js';

it(`with no ANALYTICS_URL, DATA_DIR/analytics keeps the last ${PINGS_KEPT} pings, not one file per ping forever`, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-pings-'));
  const sender = new PingSender(testSettings({ DATA_DIR: dataDir, ANALYTICS: true, ANALYTICS_URL: '' }), createLogger({ debug: false, console: false }));
  const start = Date.parse('2026-03-01T00:00:00Z');
  for (let hour = 0; hour < PINGS_KEPT + 12; hour++) {
    const at = start + hour * 3_600_000;
    const body: PingBody = { api_key: '', event: 'pitwall_ping', distinct_id: 'x', properties: {}, timestamp: new Date(at).toISOString() };
    assert.equal(await sender.send(body, at), 'written');
  }
  const pings = readdirSync(join(dataDir, 'analytics')).filter((name) => name.startsWith('ping-')).sort();
  assert.equal(pings.length, PINGS_KEPT);
  assert.equal(pings[0], 'ping-2026-03-01T12-00-00-000Z.json', 'the oldest twelve went');
  assert.equal(pings.at(-1), 'ping-2026-03-03T11-00-00-000Z.json');
  assert.ok(readdirSync(join(dataDir, 'analytics')).includes('status.json'));
});
