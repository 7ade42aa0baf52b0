import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, it } from 'node:test';
import { openPglite } from '../helpers/pglite.js';
import { startTestCore, type TestCore } from '../helpers/core.js';

const cores: TestCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.stop();
});

/** A DATA_DIR whose records folder holds `content` as records.json, as the JSON store left it. */
function dataDirWith(content: string): { dataDir: string; file: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-records-import-'));
  const folder = join(dataDir, 'apps', 'records');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'records.json');
  writeFileSync(file, content);
  return { dataDir, file };
}

async function start(dataDir: string): Promise<TestCore> {
  const core = await startTestCore({ apps: ['records'], settings: { DATA_DIR: dataDir } });
  cores.push(core);
  return core;
}

const legacy = {
  'SandboxMap01uid_______': [
    { login: 'ben', nickName: 'Ben', time: 24_600, at: '2025-01-02T10:00:00.000Z' },
    { login: 'anna', nickName: 'Anna', time: 25_000, at: '2025-01-01T10:00:00.000Z' },
  ],
  'other-map': [{ login: 'anna', nickName: 'Anna', time: 61_000, at: '2025-01-03T10:00:00.000Z' }],
};

it('imports records.json once on the first start, keeps it as records.json.imported, and lists the records', async () => {
  const { dataDir, file } = dataDirWith(JSON.stringify(legacy));
  const core = await start(dataDir);
  assert.equal(core.state('records'), 'RUNNING');
  assert.ok(!existsSync(file));
  assert.deepEqual(JSON.parse(readFileSync(`${file}.imported`, 'utf8')), legacy);
  assert.ok(core.logs.some((entry) => entry.message === `Imported 3 records on 2 maps from ${file} into the database; the file is kept as ${file}.imported`));
  const uid = core.runtime.server.currentMap!.uid;
  const rows = await core.runtime.database.namespace<{ records: { map_uid: string; login: string; time: number } }>('app_records', 'test').selectFrom('records').select(['map_uid', 'login', 'time']).orderBy('map_uid').orderBy('time').execute();
  assert.deepEqual(rows, [
    { map_uid: 'SandboxMap01uid_______', login: 'ben', time: 24_600 },
    { map_uid: 'SandboxMap01uid_______', login: 'anna', time: 25_000 },
    { map_uid: 'other-map', login: 'anna', time: 61_000 },
  ]);
  assert.equal(uid, 'SandboxMap01uid_______');
  await core.join('anna', 'Anna');
  await core.chat('anna', '/records');
  await core.waitForChat('Records on Sandbox Sprint: 1. Ben 0:24.600 | 2. Anna 0:25.000');
});

it('imports the valid entries of a partly broken records.json, names the others in the log and keeps them in the file', async () => {
  const broken = {
    'SandboxMap01uid_______': [{ login: 'ben', nickName: 'Ben', time: 24_600, at: '2025-01-02T10:00:00.000Z' }, { login: 'anna', time: 'fast' }, { nickName: 'Nobody', time: 1 }],
    'other-map': 'not a list',
  };
  const { dataDir, file } = dataDirWith(JSON.stringify(broken));
  const core = await start(dataDir);
  assert.equal(core.state('records'), 'RUNNING');
  assert.deepEqual(JSON.parse(readFileSync(`${file}.imported`, 'utf8')), broken);
  const warning = core.logs.find((entry) => entry.level === 'warn' && entry.message.startsWith('Imported'));
  assert.equal(
    warning?.message,
    `Imported 1 records on 1 maps from ${file}; 3 entries could not be imported and are still in ${file}.imported: ` +
      'map SandboxMap01uid_______ #2: login anna: time is not a positive whole number of milliseconds; map SandboxMap01uid_______ #3: no login; map other-map: not a list of records. ' +
      'Fix: correct them there, save the file as records.json again, and restart to import them.',
  );
});

for (const [what, content, found] of [
  ['an empty list', '[]', 'holds a list, not an object of maps (map uid -> records)'],
  ['not JSON', '{"sandbox-sprint": [', 'is not valid JSON (Unexpected end of JSON input)'],
] as const) {
  it(`leaves a records.json that is ${what} in place, imports nothing and says so`, async () => {
    const { dataDir, file } = dataDirWith(content);
    const core = await start(dataDir);
    assert.equal(core.state('records'), 'RUNNING');
    assert.equal(readFileSync(file, 'utf8'), content);
    assert.ok(!existsSync(`${file}.imported`));
    const error = core.logs.find((entry) => entry.level === 'error');
    assert.ok(error?.message.startsWith(`${file} ${found}`), error?.message);
    assert.ok(error?.message.endsWith('nothing was imported from it and it is left in place. Fix: repair it, or move it away, and restart to import it.'), error?.message);
  });
}

it('two controllers on one PostgreSQL database share records: driven on A, listed on B', async () => {
  const database = openPglite();
  try {
    const serverA = await startTestCore({ apps: ['records'], database });
    cores.push(serverA);
    const serverB = await startTestCore({ apps: ['records'], database });
    cores.push(serverB);
    await serverA.join('anna', 'Anna');
    await serverA.finish('anna', 31_234);
    await serverA.waitForChat('Anna drove record #1 on Sandbox Sprint: 0:31.234');
    await serverB.join('ben', 'Ben');
    await serverB.chat('ben', '/records');
    await serverB.waitForChat('Records on Sandbox Sprint: 1. Anna 0:31.234');
    await serverB.finish('ben', 31_500);
    await serverB.waitForChat('Ben drove record #2 on Sandbox Sprint: 0:31.500');
  } finally {
    for (const core of cores.splice(0)) await core.stop();
    await database.close();
  }
});
