import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Deletes files older than `days` in each folder (local report copies and feed audit files). */
export function pruneOlderThan(folders: readonly string[], days: number, now = Date.now()): number {
  const cutoff = now - days * 86_400_000;
  let removed = 0;
  for (const folder of folders) {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      const file = join(folder, name);
      try {
        if (statSync(file).mtimeMs < cutoff) {
          rmSync(file, { force: true, recursive: true });
          removed++;
        }
      } catch {
        // Gone already, or not ours to read: nothing to prune.
      }
    }
  }
  return removed;
}
