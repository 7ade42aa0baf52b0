import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The install id: a random UUID kept in DATA_DIR/analytics/install-id. It is never derived from
 * the hardware, the host name or the server login, and only analytics pings carry it (never error reports).
 */
export class InstallId {
  readonly file: string;

  constructor(
    dataDir: string,
    /** Told when a stored id is unusable and replaced (the owner's dashboards will see a new install). */
    private readonly onReplaced: (message: string) => void = () => undefined,
  ) {
    this.file = join(dataDir, 'analytics', 'install-id');
  }

  /** The id, created on first use. */
  get(): string {
    if (existsSync(this.file)) {
      const stored = readFileSync(this.file, 'utf8').trim();
      if (/^[0-9a-f-]{36}$/.test(stored)) return stored;
      const id = this.reset();
      this.onReplaced(`The analytics install id in ${this.file} was not a valid id (corrupt or edited); it was replaced by a new random one, ${id}`);
      return id;
    }
    return this.reset();
  }

  /** Forgets the old id and makes a new one (`pitwall analytics reset-id`). */
  reset(): string {
    const id = randomUUID();
    mkdirSync(join(this.file, '..'), { recursive: true });
    rmSync(this.file, { force: true });
    writeFileSync(this.file, `${id}\n`);
    return id;
  }
}
