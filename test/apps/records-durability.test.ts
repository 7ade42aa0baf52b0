import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../core/storage/database.js';

it('kill -9 during a burst of record writes keeps every committed record and never corrupts the file', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-burst-'));
  try {
    const script = fileURLToPath(new URL('../fixtures/record-burst.js', import.meta.url));
    const child = spawn(process.execPath, [script, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let acknowledged = 0;
    let buffered = '';
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.once('exit', () => reject(new Error(`the writer exited after ${acknowledged} writes, before it was killed`)));
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) acknowledged = Number(line.replace('committed ', ''));
        if (acknowledged >= 500) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    assert.equal(await exited, 'SIGKILL');

    const database = await openDatabase('', dataDir);
    try {
      const db = database.namespace('app_records', 'test');
      const { rows: [check] } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
      assert.deepEqual(check, { integrity_check: 'ok' });
      const { rows: [counted] } = await sql<{ count: number }>`select count(*) as count from app_records__records`.execute(db);
      assert.ok(counted!.count >= acknowledged, `${counted!.count} rows survived, ${acknowledged} writes were acknowledged`);
    } finally {
      await database.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
