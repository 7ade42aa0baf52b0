import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Count and size caps for the local files Pitwall writes one by one (report copies, ping copies) or appends
 * to (feed audit files). Age limits alone do not bound them: a storm of errors can fill a day's worth.
 */

/**
 * Keeps the newest `keep` files of `folder` whose names match `pattern` (names sort by time: they start
 * with a timestamp) and deletes the rest; returns how many went. A folder that cannot be read is left alone.
 */
export function keepNewestFiles(folder: string, keep: number, pattern: RegExp): number {
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => pattern.test(name)).sort();
  } catch {
    return 0;
  }
  const excess = names.slice(0, Math.max(0, names.length - keep));
  for (const name of excess) rmSync(join(folder, name), { force: true });
  return excess.length;
}

/**
 * Caps a line-per-record file at `maxBytes`: once past it, the oldest lines go until the newest half of
 * the cap remains (so the rewrite happens rarely, not on every append). Returns how many lines went.
 */
export function capLineFile(file: string, maxBytes: number): number {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return 0;
  }
  if (size <= maxBytes) return 0;
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  let bytes = 0;
  let first = lines.length;
  while (first > 0 && bytes + Buffer.byteLength(lines[first - 1]!) + 1 <= maxBytes / 2) bytes += Buffer.byteLength(lines[--first]!) + 1;
  writeFileSync(file, lines.slice(first).map((line) => `${line}\n`).join(''));
  return first;
}

/** Writes a whole file or none: a full disk leaves no empty or half-written copy behind. */
export function writeWhole(file: string, data: string): void {
  const temporary = `${file}.tmp`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
