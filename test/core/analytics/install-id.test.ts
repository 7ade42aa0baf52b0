import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { InstallId } from '../../../core/analytics/install-id.js';
import { startTestCore } from '../../helpers/core.js';

it('a corrupt install id is replaced, and the log says so with the file and the new id', async () => {
  const core = await startTestCore({ settings: { ANALYTICS: true, ANALYTICS_URL: '' }, analytics: { firstPingDelayMs: 3_600_000 } });
  try {
    const file = join(core.dataDir, 'analytics', 'install-id');
    mkdirSync(join(core.dataDir, 'analytics'), { recursive: true });
    writeFileSync(file, 'not-an-id\n');
    core.runtime.analytics!.preview();
    const id = readFileSync(file, 'utf8').trim();
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.ok(
      core.logs.some((entry) => entry.label === 'analytics' && entry.message === `The analytics install id in ${file} was not a valid id (corrupt or edited); it was replaced by a new random one, ${id}`),
      JSON.stringify(core.logs),
    );
  } finally {
    await core.stop();
  }
});

it('a missing install id is created silently; a valid one is kept', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-id-'));
  const told: string[] = [];
  const installId = new InstallId(dataDir, (message) => told.push(message));
  const first = installId.get();
  assert.equal(installId.get(), first);
  assert.deepEqual(told, []);
});
