import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createLogger } from '../../../core/logging/logger.js';
import { capLineFile, keepNewestFiles } from '../../../core/reporting/disk-bounds.js';
import { REPORTS_KEPT } from '../../../core/reporting/destination.js';
import { testSettings } from '../../helpers/core.js';
import { startReportingAlone } from '../../helpers/reporting.js';

const folder = (): string => mkdtempSync(join(tmpdir(), 'pitwall-bounds-'));

describe('local file bounds', () => {
  it('keepNewestFiles keeps the newest matching files and leaves others alone', () => {
    const dir = folder();
    for (let i = 0; i < 10; i++) writeFileSync(join(dir, `ping-2026-01-0${i}.json`), '{}');
    writeFileSync(join(dir, 'status.json'), '{}');
    assert.equal(keepNewestFiles(dir, 3, /^ping-/), 7);
    assert.deepEqual(readdirSync(dir).sort(), ['ping-2026-01-07.json', 'ping-2026-01-08.json', 'ping-2026-01-09.json', 'status.json']);
    assert.equal(keepNewestFiles(join(dir, 'missing'), 3, /^ping-/), 0);
  });

  it('capLineFile drops the oldest lines once a file passes its cap, down to half of it', () => {
    const file = join(folder(), 'app.ndjson');
    writeFileSync(file, Array.from({ length: 100 }, (_, i) => `${String(i).padStart(9, '0')}\n`).join(''));
    assert.equal(capLineFile(file, 2000), 0, 'under the cap nothing changes');
    assert.equal(capLineFile(file, 400), 80);
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    assert.deepEqual([lines.length, lines[0], lines.at(-1)], [20, '000000080', '000000099']);
  });

  it(`DATA_DIR/reports keeps at most ${REPORTS_KEPT} local report copies`, async () => {
    const dataDir = folder();
    const reports = join(dataDir, 'reports');
    mkdirSync(reports);
    // Copies left by earlier runs, all within REPORTING_RETENTION_DAYS.
    for (let i = 0; i < REPORTS_KEPT; i++) writeFileSync(join(reports, `2026-01-01T00-00-00-000Z-${String(i).padStart(32, '0')}.json`), '{}\n');
    const settings = testSettings({ DATA_DIR: dataDir, LOGGING_REPORTING: 1 });
    const reporting = startReportingAlone(settings, createLogger({ debug: false, console: false }), { captureLocals: false });
    try {
      reporting.handler.capture(new Error('one more'), { app: 'core' });
    } finally {
      await reporting.stop();
    }
    const names = readdirSync(reports).sort();
    assert.equal(names.length, REPORTS_KEPT);
    assert.ok(!names.includes(`2026-01-01T00-00-00-000Z-${'0'.repeat(32)}.json`), 'the oldest went');
    assert.match(readFileSync(join(reports, names.at(-1)!), 'utf8'), /one more/);
  });
});
