import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The baseline: the records app's former store, one JSON file rewritten synchronously on every improvement. */
export interface JsonRecordEntry {
  login: string;
  nickName: string;
  time: number;
  at: string;
}

export class JsonRecordStore {
  private readonly file: string;
  private readonly maps: Record<string, JsonRecordEntry[]>;

  constructor(folder: string) {
    this.file = join(folder, 'records.json');
    this.maps = existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, JsonRecordEntry[]>) : {};
  }

  top(mapUid: string, count: number): JsonRecordEntry[] {
    return (this.maps[mapUid] ?? []).slice(0, count);
  }

  submit(mapUid: string, entry: JsonRecordEntry): number | undefined {
    const entries = (this.maps[mapUid] ??= []);
    const previous = entries.findIndex((existing) => existing.login === entry.login);
    if (previous >= 0 && entries[previous]!.time <= entry.time) return undefined;
    if (previous >= 0) entries.splice(previous, 1);
    const rank = entries.findIndex((existing) => existing.time > entry.time);
    const index = rank < 0 ? entries.length : rank;
    entries.splice(index, 0, entry);
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.maps));
    renameSync(temporary, this.file);
    return index + 1;
  }
}
