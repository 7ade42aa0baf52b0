import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../../core/index.js';
import type { RecordEntry, RecordStore } from './store.js';

/** The file the records app kept before it had a database. */
export const LEGACY_FILE = 'records.json';
export const IMPORTED_SUFFIX = '.imported';

/**
 * Imports DATA_DIR/apps/records/records.json once: every valid entry goes into the database (keeping each
 * player's best), the file is renamed to records.json.imported and kept. Entries that are not valid are
 * named in the log and stay in that file. A file that is not JSON, or not an object of maps, is left where
 * it is and nothing is imported from it, so nothing is ever lost silently.
 */
export async function importLegacyRecords(folder: string, store: RecordStore, logger: AppContext['logger'], serverLogin: string): Promise<void> {
  const file = join(folder, LEGACY_FILE);
  if (!existsSync(file)) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    logger.error(`${file} is not valid JSON (${(error as Error).message}): nothing was imported from it and it is left in place. Fix: repair it, or move it away, and restart to import it.`);
    return;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const found = Array.isArray(parsed) ? 'a list' : parsed === null ? 'null' : `a ${typeof parsed}`;
    logger.error(`${file} holds ${found}, not an object of maps (map uid -> records): nothing was imported from it and it is left in place. Fix: repair it, or move it away, and restart to import it.`);
    return;
  }

  const rejected: string[] = [];
  let imported = 0;
  let maps = 0;
  for (const [mapUid, list] of Object.entries(parsed)) {
    if (!Array.isArray(list)) {
      rejected.push(`map ${mapUid}: not a list of records`);
      continue;
    }
    const valid: RecordEntry[] = [];
    list.forEach((item: unknown, index) => {
      const problem = problemOf(item);
      if (problem) rejected.push(`map ${mapUid} #${index + 1}: ${problem}`);
      else valid.push(toEntry(item as LegacyEntry, serverLogin));
    });
    if (valid.length === 0) continue;
    maps += 1;
    imported += valid.length;
    await store.importEntries(mapUid, valid);
  }

  const kept = keptName(file);
  renameSync(file, kept);
  if (rejected.length === 0) {
    logger.info(`Imported ${imported} records on ${maps} maps from ${file} into the database; the file is kept as ${kept}`);
    return;
  }
  const shown = rejected.slice(0, 20).join('; ') + (rejected.length > 20 ? `; and ${rejected.length - 20} more` : '');
  logger.warn(
    `Imported ${imported} records on ${maps} maps from ${file}; ${rejected.length} entries could not be imported and are still in ${kept}: ${shown}. ` +
      `Fix: correct them there, save the file as ${LEGACY_FILE} again, and restart to import them.`,
  );
}

interface LegacyEntry {
  login: string;
  nickName?: string;
  time: number;
  at?: string;
}

function problemOf(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return 'not an object';
  const entry = item as Record<string, unknown>;
  if (typeof entry.login !== 'string' || entry.login === '') return 'no login';
  if (typeof entry.time !== 'number' || !Number.isInteger(entry.time) || entry.time <= 0) return `login ${entry.login}: time is not a positive whole number of milliseconds`;
  if (entry.nickName !== undefined && typeof entry.nickName !== 'string') return `login ${entry.login}: nickName is not text`;
  if (entry.at !== undefined && (typeof entry.at !== 'string' || Number.isNaN(Date.parse(entry.at)))) return `login ${entry.login}: at is not a date`;
  return undefined;
}

function toEntry(entry: LegacyEntry, serverLogin: string): RecordEntry {
  return { login: entry.login, nickName: entry.nickName ?? entry.login, time: entry.time, checkpoints: [], at: entry.at ?? new Date(0).toISOString(), serverLogin };
}

/** records.json.imported, or records.json.imported-2... when an earlier import left one. */
function keptName(file: string): string {
  let name = file + IMPORTED_SUFFIX;
  for (let index = 2; existsSync(name); index += 1) name = `${file}${IMPORTED_SUFFIX}-${index}`;
  return name;
}
