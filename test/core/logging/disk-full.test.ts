import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../../../core/logging/logger.js';
import type { LogFileFs } from '../../../core/logging/file-transport.js';
import { writeWhole } from '../../../core/reporting/disk-bounds.js';
import { runCli } from '../../helpers/cli.js';
import { MemoryTransport, testSettings, type LogEntry } from '../../helpers/core.js';
import { startReportingAlone } from '../../helpers/reporting.js';

const temp = (): string => mkdtempSync(join(tmpdir(), 'pitwall-full-'));
const enospc = (): Error => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });

/** The real file system, except that while `full` a write stores half of what it is given and then fails. */
function fillableFs(): { fs: LogFileFs; full: boolean } {
  const state = { full: false, fs: undefined as unknown as LogFileFs };
  let cut = false;
  state.fs = {
    ...fs,
    writeSync: ((fd: number, buffer: Buffer, offset: number, length: number) => {
      if (!state.full) return fs.writeSync(fd, buffer, offset, length);
      if (cut) {
        cut = false;
        throw enospc();
      }
      cut = true;
      return fs.writeSync(fd, buffer, offset, Math.ceil(length / 2));
    }) as LogFileFs['writeSync'],
  };
  return state;
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const FULL_TAIL = 'Pitwall keeps running and printing to the console; files are written again once that is fixed (free some space under DATA_DIR).';

describe('a full disk under DATA_DIR', () => {
  it('the log file: one console line, the console keeps printing, no half lines, writing resumes when space returns', async () => {
    const dataDir = temp();
    const disk = fillableFs();
    const consoleLines: LogEntry[] = [];
    const logger = createLogger({ debug: false, console: false, dataDir, transports: [new MemoryTransport(consoleLines)], file: { fs: disk.fs, retryEveryMs: 0 } });
    const file = join(dataDir, 'logs', 'pitwall.log');
    logger.info('before');
    disk.full = true;
    for (let i = 1; i <= 3; i++) logger.info(`during ${i}`);
    await settle();
    disk.full = false;
    logger.info('after');
    await settle();
    assert.deepEqual(
      consoleLines.map((entry) => entry.message),
      [
        'before',
        'during 1',
        'during 2',
        'during 3',
        `DATA_DIR is full: cannot write ${file} (ENOSPC (no space left on the device)). ${FULL_TAIL}`,
        'after',
        `DATA_DIR can be written again (${file}); 3 log line(s) from that time are only on the console.`,
      ],
    );
    const lines = readFileSync(file, 'utf8').split('\n');
    assert.equal(lines.pop(), '', 'the file ends with a whole line');
    assert.deepEqual(lines.map((line) => (JSON.parse(line) as { message: string }).message), ['before', 'after']);
  });

  it('while writes fail, the file is tried again only after retryEveryMs; lines in between are counted, not written', async () => {
    const dataDir = temp();
    const disk = fillableFs();
    const consoleLines: LogEntry[] = [];
    const logger = createLogger({ debug: false, console: false, dataDir, transports: [new MemoryTransport(consoleLines)], file: { fs: disk.fs, retryEveryMs: 3_600_000 } });
    disk.full = true;
    logger.info('a');
    disk.full = false;
    logger.info('b');
    await settle();
    assert.deepEqual(consoleLines.map((entry) => entry.message.slice(0, 17)), ['a', 'b', 'DATA_DIR is full:']);
    assert.equal(readFileSync(join(dataDir, 'logs', 'pitwall.log'), 'utf8'), '', 'the cut line was taken back; b waits for the retry');
  });

  it('a report copy is written whole or not at all', () => {
    const file = join(temp(), 'report.json');
    // /dev/full answers every write with ENOSPC.
    symlinkSync('/dev/full', `${file}.tmp`);
    assert.throws(() => writeWhole(file, '{"a":1}\n'), { code: 'ENOSPC' });
    assert.deepEqual(readdirSync(join(file, '..')), [], 'no empty report and no temporary file left');
  });

  it('a report that cannot be written is said once on the console, not once per error', async () => {
    const dataDir = temp();
    writeFileSync(join(dataDir, 'reports'), 'in the way');
    const consoleLines: LogEntry[] = [];
    const logger = createLogger({ debug: false, console: false, transports: [new MemoryTransport(consoleLines)] });
    const reporting = startReportingAlone(testSettings({ DATA_DIR: dataDir, LOGGING_REPORTING: 1 }), logger, { captureLocals: false });
    try {
      reporting.handler.capture(new TypeError('first'), { app: 'core' });
      reporting.handler.capture(new RangeError('second'), { app: 'core' });
      await settle();
    } finally {
      await reporting.stop();
    }
    assert.deepEqual(
      consoleLines.filter((entry) => entry.label === 'logging').map((entry) => entry.message),
      [`Cannot write ${join(dataDir, 'reports')}: EEXIST (a file is in the way). ${FULL_TAIL}`],
    );
    assert.equal(consoleLines.filter((entry) => entry.message.startsWith('Reporting failed')).length, 0);
  });
});

/** A real full file system: a small tmpfs, where mounting is permitted (root, not in a locked-down container). */
function mountTmpfs(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function fillUp(dir: string): string {
  const filler = join(dir, 'filler');
  const fd = fs.openSync(filler, 'w');
  const chunk = Buffer.alloc(4096, 120);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (error) {
    assert.equal((error as NodeJS.ErrnoException).code, 'ENOSPC');
  } finally {
    fs.closeSync(fd);
  }
  return filler;
}

it('pitwall start with DATA_DIR on a full tmpfs: keeps printing, resumes writing, stops on SIGINT with exit 0', async (t) => {
  const dataDir = temp();
  if (!mountTmpfs(dataDir)) return t.skip('mounting a tmpfs is not permitted here; the fault-injection tests above cover the same paths');
  try {
    const app = fileURLToPath(new URL('../../fixtures/apps/chatty/index.js', import.meta.url));
    const cli = runCli(['start'], {
      PITWALL_DATA_DIR: dataDir,
      PITWALL_DEDICATED__PORT: '0',
      PITWALL_APPS: JSON.stringify([app]),
      PITWALL_LOGGING_REPORTING: '1',
      PITWALL_REPORTING_MAX_PER_MINUTE: '10000',
      PITWALL_APP_ERROR_BUDGET: '{"count":100000,"seconds":60}',
    });
    await cli.waitForOutput('press Ctrl+C to stop');
    const filler = fillUp(dataDir);
    await cli.waitForOutput(/DATA_DIR is full: cannot write /);
    // The console goes on: twenty more ticks after the notice.
    const seen = Number(/tick (\d+)/.exec(cli.output().slice(cli.output().indexOf('DATA_DIR is full')))?.[1] ?? 0);
    await cli.waitForOutput(new RegExp(`tick ${seen + 20}\\b`));
    rmSync(filler);
    await cli.waitForOutput('DATA_DIR can be written again', 30_000);
    cli.child.kill('SIGINT');
    const { code } = await cli.exited;
    assert.equal(code, 0, cli.output().slice(-3000));
    // One notice for the outage; the 256k tmpfs may fill up again later with new report copies, a new outage.
    const outage = cli.output().slice(0, cli.output().indexOf('DATA_DIR can be written again'));
    assert.equal(outage.split('DATA_DIR is full').length - 1, 1, 'said once');
    assert.match(cli.output(), /SIGINT received, stopping/);
    for (const line of readFileSync(join(dataDir, 'logs', 'pitwall.log'), 'utf8').split('\n').filter(Boolean)) JSON.parse(line);
    for (const name of readdirSync(join(dataDir, 'reports'))) {
      assert.ok(name.endsWith('.json'), name);
      assert.ok(statSync(join(dataDir, 'reports', name)).size > 0, `${name} is not empty`);
    }
  } finally {
    execFileSync('umount', ['-l', dataDir]);
  }
});
