import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { checkEnvelope } from './envelope.js';

export interface OutboxLimits {
  maxFiles: number;
  maxBytes: number;
  /** A stored envelope larger than this is set aside unread (default 1 MB, what Sentry accepts for one event). */
  maxEnvelopeBytes?: number;
}

/** Told once per stored file that was set aside instead of sent. */
export type RejectListener = (file: string, movedTo: string | undefined, reason: string) => void;

const DEFAULT_MAX_ENVELOPE_BYTES = 1024 * 1024;

export interface OutboxItem {
  id: string;
  file: string;
  bytes: number;
  createdAt: number;
}

/**
 * Envelopes waiting to be sent, one file each, written before the first send attempt and removed after the
 * server accepted them, so a crash or restart loses nothing. Bounded: past the limits the oldest are dropped.
 * The folder is not trusted: what is not a well-formed envelope of a sane size (garbage, an empty or huge
 * file, a folder with an envelope's name) is moved to the `rejected` folder beside it, and the queue goes on.
 */
export class Outbox {
  private items: OutboxItem[];
  private bytes: number;
  /** Where rejected files go: `<outbox>/../rejected`, shared by the outboxes of one DATA_DIR. */
  readonly rejectedFolder: string;

  constructor(
    readonly folder: string,
    private readonly limits: OutboxLimits,
    private readonly onDrop: (count: number, reason: string) => void = () => undefined,
    private readonly onReject: RejectListener = () => undefined,
  ) {
    this.rejectedFolder = join(dirname(folder), 'rejected');
    mkdirSync(folder, { recursive: true });
    this.items = this.scan();
    this.bytes = this.items.reduce((sum, item) => sum + item.bytes, 0);
  }

  get size(): number {
    return this.items.length;
  }

  /** The oldest waiting item. */
  peek(): OutboxItem | undefined {
    return this.items[0];
  }

  list(): readonly OutboxItem[] {
    return this.items;
  }

  read(item: OutboxItem): string {
    return readFileSync(item.file, 'utf8');
  }

  /** The envelope to send, or undefined when the stored file is not one (it is then set aside). */
  take(item: OutboxItem): string | undefined {
    let body: string;
    try {
      body = this.readBounded(item.file);
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      if (code === 'ENOENT') this.forget(item);
      else this.reject(item, code === 'PW_TOO_LARGE' || code === 'PW_NOT_FILE' ? String(message) : `it cannot be read (${code ?? message})`);
      return undefined;
    }
    const problem = checkEnvelope(body);
    if (problem) {
      this.reject(item, problem);
      return undefined;
    }
    return body;
  }

  /** Writes atomically (temporary file, then rename) and enforces the bounds. */
  add(id: string, body: string): OutboxItem {
    const createdAt = Date.now();
    const name = `${String(createdAt).padStart(15, '0')}-${id}.envelope`;
    const file = join(this.folder, name);
    writeFileSync(`${file}.tmp`, body);
    renameSync(`${file}.tmp`, file);
    const item = { id, file, bytes: Buffer.byteLength(body), createdAt };
    this.items.push(item);
    this.bytes += item.bytes;
    this.enforceLimits();
    return item;
  }

  remove(item: OutboxItem): void {
    rmSync(item.file, { force: true });
    this.forget(item);
  }

  private forget(item: OutboxItem): void {
    // Not yet set while the constructor scans the folder.
    if (!this.items) return;
    const index = this.items.indexOf(item);
    if (index >= 0) {
      this.items.splice(index, 1);
      this.bytes -= item.bytes;
    }
  }

  private enforceLimits(): void {
    let dropped = 0;
    while (this.items.length > 1 && (this.items.length > this.limits.maxFiles || this.bytes > this.limits.maxBytes)) {
      this.remove(this.items[0]!);
      dropped++;
    }
    if (dropped) this.onDrop(dropped, `outbox over ${this.limits.maxFiles} files or ${this.limits.maxBytes} bytes`);
  }

  private scan(): OutboxItem[] {
    const items: OutboxItem[] = [];
    for (const name of readdirSync(this.folder)) {
      const file = join(this.folder, name);
      // A .tmp file is a write that never finished: it was never queued.
      if (name.endsWith('.tmp')) {
        rmSync(file, { force: true, recursive: true });
        continue;
      }
      const match = /^(\d+)-([0-9a-f]+)\.envelope$/.exec(name);
      if (!match) continue;
      const item = { id: match[2]!, file, bytes: 0, createdAt: Number(match[1]) };
      const stat = lstatSync(file, { throwIfNoEntry: false });
      if (!stat) continue;
      if (!stat.isFile()) this.reject(item, 'it is not a file');
      else if (stat.size > this.maxEnvelopeBytes) this.reject(item, tooLarge(stat.size, this.maxEnvelopeBytes));
      else items.push({ ...item, bytes: stat.size });
    }
    return items.sort((a, b) => a.createdAt - b.createdAt || a.file.localeCompare(b.file));
  }

  private get maxEnvelopeBytes(): number {
    return this.limits.maxEnvelopeBytes ?? DEFAULT_MAX_ENVELOPE_BYTES;
  }

  /** Reads at most the size cap, so a file that grew past it is never loaded whole. */
  private readBounded(file: string): string {
    const fd = openSync(file, 'r');
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) throw Object.assign(new Error('it is not a file'), { code: 'PW_NOT_FILE' });
      if (stat.size > this.maxEnvelopeBytes) throw Object.assign(new Error(tooLarge(stat.size, this.maxEnvelopeBytes)), { code: 'PW_TOO_LARGE' });
      const buffer = Buffer.alloc(stat.size);
      const read = readSync(fd, buffer, 0, stat.size, 0);
      return buffer.subarray(0, read).toString('utf8');
    } finally {
      closeSync(fd);
    }
  }

  /** Moves a stored file that is not a sendable envelope aside, out of the queue's way. */
  private reject(item: OutboxItem, reason: string): void {
    this.forget(item);
    let movedTo: string | undefined = join(this.rejectedFolder, `${basename(this.folder)}-${basename(item.file)}`);
    try {
      mkdirSync(this.rejectedFolder, { recursive: true });
      rmSync(movedTo, { recursive: true, force: true });
      renameSync(item.file, movedTo);
    } catch {
      // It cannot be moved: it must not block the queue either.
      rmSync(item.file, { recursive: true, force: true });
      movedTo = undefined;
    }
    this.onReject(item.file, movedTo, reason);
  }
}

function tooLarge(size: number, cap: number): string {
  return `it is ${size} bytes, over the ${cap}-byte limit for one report`;
}

/** The one log line for a stored file set aside instead of sent. */
export function rejectionMessage(file: string, movedTo: string | undefined, reason: string): string {
  const where = movedTo ? `moved to ${movedTo}` : 'deleted (it could not be moved)';
  return `Queued report ${basename(file)} is not sent and was ${where}: ${reason}`;
}
