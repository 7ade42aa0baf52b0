/**
 * What an importer reads: another controller's own database, reached through one small interface so each
 * source (PyPlanet, XAseco, UASECO, MINIcontrol) is a reader of rows and nothing else. The writer that puts
 * these rows into Pitwall's tables, the connection code and the command line are separate modules.
 */

/** A connection to the other controller's database, whatever its engine. */
export interface SourceDatabase {
  readonly engine: 'mysql' | 'sqlite' | 'postgres';
  /** Runs one statement with `?` placeholders (rewritten for the engine) and returns its rows as plain objects. */
  query<Row extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Whether a table of that exact name exists, so a reader can say which table is missing instead of failing on SQL. */
  hasTable(name: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface ImportedPlayer {
  readonly kind: 'player';
  readonly login: string;
  readonly nickname: string;
  readonly playTimeSeconds?: number;
  readonly firstSeen?: Date;
  readonly lastSeen?: Date;
}

export interface ImportedMap {
  readonly kind: 'map';
  readonly uid: string;
  readonly name: string;
  readonly author: string;
  /** True when the other controller still lists the map but it is no longer on the server. */
  readonly removed?: boolean;
}

export interface ImportedRecord {
  readonly kind: 'record';
  readonly mapUid: string;
  readonly login: string;
  readonly timeMs: number;
  readonly checkpointsMs: readonly number[];
  readonly drivenAt?: Date;
}

export interface ImportedKarma {
  readonly kind: 'karma';
  readonly mapUid: string;
  readonly login: string;
  readonly vote: 1 | -1;
}

/** A row the source holds but Pitwall cannot take, named so the owner can see what was left and why. */
export interface RejectedRow {
  readonly kind: 'rejected';
  /** Which row, in the source's own terms, e.g. `records row 42 (map A1b2, player olga)`. */
  readonly what: string;
  readonly reason: string;
}

export type ImportRow = ImportedPlayer | ImportedMap | ImportedRecord | ImportedKarma | RejectedRow;

export interface ImportSource {
  /** The name on the command line: `pitwall import <id> --from <url>`. */
  readonly id: 'pyplanet' | 'xaseco' | 'uaseco' | 'minicontrol';
  /** Every row of the source, players and maps before the records and karma that name them. */
  read(db: SourceDatabase): AsyncIterable<ImportRow>;
}
