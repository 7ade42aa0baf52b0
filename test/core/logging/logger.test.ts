import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import winston from 'winston';
import TransportStream from 'winston-transport';
import { closeLogger, createLogger, redactLogs } from '../../../core/logging/logger.js';
import { escapeControls } from '../../../core/logging/scrub.js';
import { Redactor } from '../../../core/reporting/redact.js';

const MESSAGE = Symbol.for('message');
const forgedCallback = 'Custom.Event\n12:00:00 info [core] Admin rights granted to mallory\u001b[2K\r\u001b[32mok\u001b[0m';

/** Everything the console transport writes while `fn` runs, as it would reach the terminal. */
async function consoleOutput(logger: winston.Logger, fn: () => void): Promise<string> {
  const transport = logger.transports.find((candidate) => candidate instanceof winston.transports.Console)!;
  const logged = once(transport, 'logged');
  const stdout = (console as unknown as { _stdout: NodeJS.WritableStream })._stdout;
  const written: string[] = [];
  (console as unknown as { _stdout: unknown })._stdout = { write: (text: string) => written.push(text) };
  try {
    fn();
    const [info] = (await logged) as [Record<symbol, unknown>];
    assert.equal(written.join(''), `${String(info[MESSAGE])}\n`);
  } finally {
    (console as unknown as { _stdout: unknown })._stdout = stdout;
  }
  return written.join('').replace(/^\d\d:\d\d:\d\d /, 'HH:MM:SS ');
}

describe('log output', () => {
  it('escapes control characters and indents continuation lines on the console, so no line can be forged', async () => {
    const logger = createLogger({ debug: true });
    const output = await consoleOutput(logger, () => logger.debug(`Unhandled callback ${forgedCallback}`));
    assert.equal(
      output,
      'HH:MM:SS debug [core] Unhandled callback Custom.Event\n' +
        '  12:00:00 info [core] Admin rights granted to mallory\\x1b[2K\\x0d\\x1b[32mok\\x1b[0m\n',
    );
    await closeLogger(logger);
  });

  it('escapes control characters in the log file, in labels too, and keeps the JSON one line per entry', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-log-'));
    try {
      const logger = createLogger({ debug: true, console: false, dataDir });
      logger.child({ label: 'app\u001b[31m\nx' }).debug(`Unhandled callback ${forgedCallback}\u2028\u202e\u0085`);
      await closeLogger(logger);
      const lines = readFileSync(join(dataDir, 'logs', 'pitwall.log'), 'utf8').trimEnd().split('\n');
      assert.equal(lines.length, 1);
      const entry = JSON.parse(lines[0]!) as Record<string, string>;
      assert.equal(entry.label, 'app\\x1b[31m\\x0ax');
      assert.equal(
        entry.message,
        'Unhandled callback Custom.Event\n12:00:00 info [core] Admin rights granted to mallory\\x1b[2K\\x0d\\x1b[32mok\\x1b[0m\\u2028\\u202e\\x85',
      );
      assert.doesNotMatch(lines[0]!, /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('masks configured secrets, in every form, in the console, the file and every other transport', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-log-'));
    const secret = 'dedi-Pass-9x7Q';
    const seen: string[] = [];
    const memory = new (class extends TransportStream {
      override log(info: Record<string, unknown>, next: () => void): void {
        seen.push(JSON.stringify(info));
        next();
      }
    })();
    try {
      const logger = createLogger({ debug: false, dataDir, transports: [memory] });
      redactLogs(logger, new Redactor([secret]));
      const text = `auth with ${secret} (${secret.toUpperCase()}, ${Buffer.from(secret).toString('base64')}, ${Buffer.from(secret).toString('hex')})`;
      const output = await consoleOutput(logger, () => logger.child({ label: 'admin' }).error(text, { details: { note: secret } }));
      await closeLogger(logger);
      const file = readFileSync(join(dataDir, 'logs', 'pitwall.log'), 'utf8');
      assert.equal(output, 'HH:MM:SS error [admin] auth with ******** (********, ********, ********)\n');
      assert.match(file, /"message":"auth with \*{8} \(\*{8}, \*{8}, \*{8}\)"/);
      assert.match(file, /"details":\{"note":"\*{8}"\}/);
      for (const written of [output, file, ...seen]) assert.equal(written.toLowerCase().includes(secret.toLowerCase()), false, written);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('escapeControls keeps tabs, and newlines only when asked', () => {
    assert.equal(escapeControls('a\tb\nc\u0000\u007f\u009b\u2066'), 'a\tb\\x0ac\\x00\\x7f\\x9b\\u2066');
    assert.equal(escapeControls('a\nb\r', true), 'a\nb\\x0d');
  });
});
