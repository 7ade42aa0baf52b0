import * as nodeFs from 'node:fs';
import { dirname, join, basename, extname } from 'node:path';
import TransportStream from 'winston-transport';
import type { WriteTrouble } from './write-trouble.js';

/** The file calls the transport makes; tests hand in a layer that fails like a full disk. */
export type LogFileFs = Pick<typeof nodeFs, 'openSync' | 'writeSync' | 'closeSync' | 'fstatSync' | 'ftruncateSync' | 'renameSync' | 'rmSync' | 'mkdirSync'>;

/** Entries carrying this key go to the console only (the notice that the file cannot be written). */
export const CONSOLE_ONLY = Symbol('pitwall.consoleOnly');
const MESSAGE = Symbol.for('message');

export interface LogFileOptions extends TransportStream.TransportStreamOptions {
  filename: string;
  /** Rotate once the file would pass this size. */
  maxsize: number;
  /** Files kept, the current one included: pitwall.log, pitwall1.log ... (newest first, as winston's tailable). */
  maxFiles: number;
  trouble: WriteTrouble;
  fs?: LogFileFs;
  /** While writes fail, try again at most this often (default 5 s); lines in between are counted, not written. */
  retryEveryMs?: number;
  clock?: () => number;
}

/**
 * The JSON log file, written line by line with synchronous writes: a line is either whole in the file or
 * not there at all (a write the disk cut short is truncated away), a failing disk never blocks or stops
 * the logger (the console keeps printing), and writing resumes by itself once space is back.
 */
export class LogFileTransport extends TransportStream {
  private fd?: number;
  private size = 0;
  private failingSince?: number;
  private lastAttempt = 0;
  private lostLines = 0;
  private readonly fs: LogFileFs;

  constructor(private readonly options: LogFileOptions) {
    super(options);
    this.fs = options.fs ?? nodeFs;
    this.once('finish', () => this.closeFile());
  }

  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    if (!info[CONSOLE_ONLY]) this.append(`${String(info[MESSAGE])}\n`);
    next();
  }

  override close(): void {
    this.closeFile();
  }

  private append(line: string): void {
    const now = this.options.clock?.() ?? Date.now();
    if (this.failingSince !== undefined && now - this.lastAttempt < (this.options.retryEveryMs ?? 5000)) {
      this.lostLines++;
      return;
    }
    this.lastAttempt = now;
    const bytes = Buffer.from(line);
    let before = this.size;
    try {
      this.open();
      if (this.size > 0 && this.size + bytes.length > this.options.maxsize) this.rotate();
      before = this.size;
      let written = 0;
      while (written < bytes.length) written += this.fs.writeSync(this.fd!, bytes, written, bytes.length - written);
      this.size += bytes.length;
    } catch (error) {
      this.cutBack(before);
      this.lostLines++;
      this.failingSince ??= now;
      this.options.trouble.failed(this.options.filename, error);
      return;
    }
    if (this.failingSince !== undefined) {
      const lost = this.lostLines;
      this.failingSince = undefined;
      this.lostLines = 0;
      this.options.trouble.recovered(this.options.filename, `${lost} log line(s) from that time are only on the console`);
    }
  }

  /** Removes what a failed write left of its line, so the file never holds half a line. */
  private cutBack(size: number): void {
    if (this.fd === undefined) return;
    try {
      this.fs.ftruncateSync(this.fd, size);
      this.size = size;
    } catch {
      // The next attempt reopens the file and reads its real size.
      this.closeFile();
    }
  }

  private open(): void {
    if (this.fd !== undefined) return;
    this.fs.mkdirSync(dirname(this.options.filename), { recursive: true });
    this.fd = this.fs.openSync(this.options.filename, 'a');
    this.size = this.fs.fstatSync(this.fd).size;
  }

  /** pitwall.log -> pitwall1.log -> ... ; the oldest beyond maxFiles is deleted. */
  private rotate(): void {
    this.closeFile();
    const { filename, maxFiles } = this.options;
    const numbered = (n: number): string => (n === 0 ? filename : join(dirname(filename), `${basename(filename, extname(filename))}${n}${extname(filename)}`));
    this.fs.rmSync(numbered(maxFiles - 1), { force: true });
    for (let n = maxFiles - 2; n >= 0; n--) {
      try {
        this.fs.renameSync(numbered(n), numbered(n + 1));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    this.open();
  }

  private closeFile(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    try {
      this.fs.closeSync(fd);
    } catch {
      // Already closed: nothing to release.
    }
  }
}
