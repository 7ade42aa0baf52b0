import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import winston from 'winston';
import { LogFileTransport } from '../../../core/logging/file-transport.js';
import { WriteTrouble } from '../../../core/logging/write-trouble.js';

it('rotates the log file by size, newest in pitwall.log, keeping maxFiles files of whole lines', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'pitwall-rotate-'));
  const said: string[] = [];
  const transport = new LogFileTransport({ filename: join(folder, 'pitwall.log'), maxsize: 100, maxFiles: 3, trouble: new WriteTrouble((m) => said.push(m)), format: winston.format.json() });
  const logger = winston.createLogger({ transports: [transport] });
  for (let i = 0; i < 20; i++) logger.info(`line ${String(i).padStart(2, '0')}`);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(readdirSync(folder).sort(), ['pitwall.log', 'pitwall1.log', 'pitwall2.log']);
  const messages = (name: string): string[] => readFileSync(join(folder, name), 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { message: string }).message);
  assert.deepEqual(messages('pitwall.log').at(-1), 'line 19');
  assert.ok(messages('pitwall1.log').every((message) => message < messages('pitwall.log')[0]!));
  assert.ok(readFileSync(join(folder, 'pitwall2.log'), 'utf8').length <= 100);
  assert.deepEqual(said, []);
});
