import { join } from 'node:path';
import winston from 'winston';
import { LogScrubber, type LogRedaction } from './scrub.js';
import { CONSOLE_ONLY, LogFileTransport, type LogFileFs } from './file-transport.js';
import { WriteTrouble } from './write-trouble.js';

/** The logger every service and app gets; apps get a child labelled with their id. */
export type Logger = winston.Logger;
export const Logger = Symbol('Logger');

export interface LoggerOptions {
  debug: boolean;
  /** DATA_DIR; the JSON log goes to DATA_DIR/logs/pitwall.log (rotated at 10 MB, 5 files kept). */
  dataDir?: string;
  /** Human-readable console output (default true). */
  console?: boolean;
  /** Extra transports, e.g. an in-memory one in tests. */
  transports?: winston.transport[];
  /** Masks configured secrets in every line; may also be given later with `redactLogs`. */
  redaction?: LogRedaction;
  /** The log file's file calls and retry pace (tests inject a full disk). */
  file?: { fs?: LogFileFs; retryEveryMs?: number };
}

const troubles = new WeakMap<winston.Logger, WriteTrouble>();

/**
 * The one notice, per root logger, that files under DATA_DIR cannot be written: shared by the log file and
 * whatever else writes there (report copies, the outbox), so an outage is said once.
 */
export function writeTroubleOf(logger: Logger): WriteTrouble {
  let trouble = troubles.get(logger);
  if (!trouble) troubles.set(logger, (trouble = consoleTrouble(logger)));
  return trouble;
}

function consoleTrouble(logger: Logger): WriteTrouble {
  return new WriteTrouble((message) => say(logger, message));
}

/** Told through the logger, but to the console (and test transports) only: the file is what fails. */
function say(logger: Logger, message: string): void {
  // Not from inside the transport that is writing: the next tick, once its write has returned.
  process.nextTick(() => {
    if (logger.writable) logger.log({ level: 'warn', message, label: 'logging', [CONSOLE_ONLY]: true });
  });
}

const LOG_FILE_BYTES = 10 * 1024 * 1024;
const LOG_FILES_KEPT = 5;

// Every line after the first is indented, so nothing in a message can pass for a line of Pitwall's own.
const consoleLine = winston.format.printf((info) => {
  const label = typeof info.label === 'string' ? info.label : 'core';
  const stack = typeof info.stack === 'string' ? `\n${info.stack}` : '';
  return `${String(info.timestamp)} ${info.level} [${label}] ${String(info.message)}${stack}`.replace(/\n/g, '\n  ');
});

const scrubbers = new WeakMap<Logger, LogScrubber>();

/** Masks configured secrets in everything `logger` (made by createLogger) and its children write from now on. */
export function redactLogs(logger: Logger, redaction: LogRedaction): void {
  scrubbers.get(logger)?.use(redaction);
}

export function createLogger(options: LoggerOptions): Logger {
  const scrubber = new LogScrubber();
  if (options.redaction) scrubber.use(options.redaction);
  const transports: winston.transport[] = [...(options.transports ?? [])];
  if (options.console !== false) {
    const colours = process.stdout.isTTY ? [winston.format.colorize()] : [];
    transports.push(
      new winston.transports.Console({
        format: winston.format.combine(...colours, winston.format.timestamp({ format: 'HH:mm:ss' }), consoleLine, scrubber.output),
      }),
    );
  }
  // Created before the logger, told about the logger once it exists.
  let logger: Logger | undefined;
  const trouble = new WriteTrouble((message) => logger && say(logger, message));
  if (options.dataDir) {
    transports.push(
      new LogFileTransport({
        filename: join(options.dataDir, 'logs', 'pitwall.log'),
        maxsize: LOG_FILE_BYTES,
        maxFiles: LOG_FILES_KEPT,
        trouble,
        ...options.file,
        format: winston.format.combine(winston.format.timestamp(), winston.format.json(), scrubber.output),
      }),
    );
  }
  // A logger told to write nowhere (CLI commands that print their own output) stays quiet.
  if (transports.length === 0) transports.push(new winston.transports.Console({ silent: true }));
  logger = winston.createLogger({
    level: options.debug ? 'debug' : 'info',
    format: winston.format.combine(winston.format.errors({ stack: true }), scrubber.format),
    transports,
  });
  scrubbers.set(logger, scrubber);
  troubles.set(logger, trouble);
  return logger;
}

/** Resolves once every transport has written what it was given (call before exit). */
export async function closeLogger(logger: Logger): Promise<void> {
  const finished = new Promise<void>((resolve) => logger.on('finish', () => resolve()));
  logger.end();
  await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
}
