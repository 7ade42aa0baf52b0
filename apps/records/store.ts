import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RecordEntry {
  login: string;
  nickName: string;
  /** Race time in milliseconds. */
  time: number;
  /** When it was driven (ISO 8601). */
  at: string;
}

/** Each map's best time per player, kept sorted, in one JSON file under the app's data folder. */
export class RecordStore {
  private readonly file: string;
  private readonly maps: Record<string, RecordEntry[]>;

  constructor(folder: string) {
    this.file = join(folder, 'records.json');
    this.maps = existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, RecordEntry[]>) : {};
  }

  top(mapUid: string, count: number): RecordEntry[] {
    return (this.maps[mapUid] ?? []).slice(0, count);
  }

  /** Records a finish; returns the player's new rank when it improved their best, else undefined. */
  submit(mapUid: string, entry: RecordEntry): number | undefined {
    const entries = (this.maps[mapUid] ??= []);
    const previous = entries.findIndex((existing) => existing.login === entry.login);
    if (previous >= 0 && entries[previous]!.time <= entry.time) return undefined;
    if (previous >= 0) entries.splice(previous, 1);
    const rank = entries.findIndex((existing) => existing.time > entry.time);
    const index = rank < 0 ? entries.length : rank;
    entries.splice(index, 0, entry);
    this.save();
    return index + 1;
  }

  /** Written to a temporary file and renamed, so a crash never leaves half a file. */
  private save(): void {
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.maps));
    renameSync(temporary, this.file);
  }
}

/** 83456 -> "1:23.456" */
export function formatTime(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes}:${String(seconds).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
}
