import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface OutboxLimits {
  maxFiles: number;
  maxBytes: number;
}

export interface OutboxItem {
  id: string;
  file: string;
  bytes: number;
  createdAt: number;
}

/**
 * Envelopes waiting to be sent, one file each, written before the first send attempt and removed after the
 * server accepted them, so a crash or restart loses nothing. Bounded: past the limits the oldest are dropped.
 */
export class Outbox {
  private items: OutboxItem[];
  private bytes: number;

  constructor(
    readonly folder: string,
    private readonly limits: OutboxLimits,
    private readonly onDrop: (count: number, reason: string) => void = () => undefined,
  ) {
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
        rmSync(file, { force: true });
        continue;
      }
      const match = /^(\d+)-([0-9a-f]+)\.envelope$/.exec(name);
      if (!match) continue;
      items.push({ id: match[2]!, file, bytes: statSync(file).size, createdAt: Number(match[1]) });
    }
    return items.sort((a, b) => a.createdAt - b.createdAt || a.file.localeCompare(b.file));
  }
}
