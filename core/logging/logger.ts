import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import winston from 'winston';

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
}

const LOG_FILE_BYTES = 10 * 1024 * 1024;
const LOG_FILES_KEPT = 5;

const consoleLine = winston.format.printf((info) => {
  const label = typeof info.label === 'string' ? info.label : 'core';
  const stack = typeof info.stack === 'string' ? `\n${info.stack}` : '';
  return `${String(info.timestamp)} ${info.level} [${label}] ${String(info.message)}${stack}`;
});

export function createLogger(options: LoggerOptions): Logger {
  const transports: winston.transport[] = [...(options.transports ?? [])];
  if (options.console !== false) {
    const colours = process.stdout.isTTY ? [winston.format.colorize()] : [];
    transports.push(
      new winston.transports.Console({
        format: winston.format.combine(...colours, winston.format.timestamp({ format: 'HH:mm:ss' }), consoleLine),
      }),
    );
  }
  if (options.dataDir) {
    const folder = join(options.dataDir, 'logs');
    mkdirSync(folder, { recursive: true });
    transports.push(
      new winston.transports.File({
        filename: join(folder, 'pitwall.log'),
        maxsize: LOG_FILE_BYTES,
        maxFiles: LOG_FILES_KEPT,
        tailable: true,
        format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
      }),
    );
  }
  // A logger told to write nowhere (CLI commands that print their own output) stays quiet.
  if (transports.length === 0) transports.push(new winston.transports.Console({ silent: true }));
  return winston.createLogger({
    level: options.debug ? 'debug' : 'info',
    format: winston.format.errors({ stack: true }),
    transports,
  });
}

/** Resolves once every transport has written what it was given (call before exit). */
export async function closeLogger(logger: Logger): Promise<void> {
  const finished = new Promise<void>((resolve) => logger.on('finish', () => resolve()));
  logger.end();
  await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
}
