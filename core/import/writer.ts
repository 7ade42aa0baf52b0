/**
 * Puts an import source's rows into Pitwall's tables. Each row is compared with what is stored and counted as
 * added, updated or unchanged; a dry run does the same comparisons and writes nothing. Importing the same
 * source twice changes nothing the second time:
 * - a player's row (stats, this server) gets the source's play time once: the ledger keeps what each source
 *   gave, so a later import adds only what grew; first and last seen widen to cover the source's dates; the
 *   nickname of a player Pitwall already knows stays Pitwall's (it is the newer one);
 * - a record is kept when it is faster than the stored one (records keep each player's best per map);
 * - a karma vote is taken when the player has none on that map (a vote cast on Pitwall is the newer one);
 * - maps are kept with the name and author the source gave.
 * Logins are compared exactly, as the game does: `Olga` and `olga` are two players.
 */
import type { ImportedKarma, ImportedMap, ImportedPlayer, ImportedRecord, ImportRow, RejectedRow } from './source.js';
import type { ImportTarget } from './target.js';

export type Outcome = 'added' | 'updated' | 'unchanged';
export type CountedKind = 'players' | 'maps' | 'records' | 'karma';
export type KindCounts = Record<Outcome, number>;

export interface ImportSummary {
  readonly source: string;
  readonly dryRun: boolean;
  readonly counts: Record<CountedKind, KindCounts>;
  readonly rejected: RejectedRow[];
  readonly rows: number;
}

export interface ImportOptions {
  /** The source's name in the ledger and the summary (`xaseco`, ...). */
  readonly source: string;
  /** The login of the server the players' statistics and the records belong to. */
  readonly serverLogin: string;
  readonly dryRun?: boolean;
  /** When the import started; the date of rows the source gave none. */
  readonly now?: Date;
  /** Told after every `progressEvery` rows (default 5,000), so a long import shows it is moving. */
  readonly onProgress?: (summary: ImportSummary) => void;
  readonly progressEvery?: number;
}

export async function importRows(rows: AsyncIterable<ImportRow>, target: ImportTarget, options: ImportOptions): Promise<ImportSummary> {
  const counts = { players: zero(), maps: zero(), records: zero(), karma: zero() };
  const summary: ImportSummary = { source: options.source, dryRun: options.dryRun ?? false, counts, rejected: [], rows: 0 };
  const writer = new RowWriter(target, options);
  const every = options.progressEvery ?? 5000;
  for await (const row of rows) {
    (summary as { rows: number }).rows += 1;
    if (row.kind === 'rejected') summary.rejected.push(row);
    else {
      const outcome = await writer.write(row);
      if (typeof outcome === 'string') counts[KIND_OF[row.kind]][outcome] += 1;
      else summary.rejected.push(outcome);
    }
    if (options.onProgress && summary.rows % every === 0) options.onProgress(summary);
  }
  return summary;
}

const KIND_OF = { player: 'players', map: 'maps', record: 'records', karma: 'karma' } as const;

function zero(): KindCounts {
  return { added: 0, updated: 0, unchanged: 0 };
}

class RowWriter {
  /** Nicknames of the source's players, for the records that name them. */
  private readonly nickNames = new Map<string, string>();
  private readonly now: string;

  constructor(
    private readonly target: ImportTarget,
    private readonly options: ImportOptions,
  ) {
    this.now = (options.now ?? new Date()).toISOString();
  }

  write(row: Exclude<ImportRow, RejectedRow>): Promise<Outcome | RejectedRow> {
    switch (row.kind) {
      case 'player':
        return this.player(row);
      case 'map':
        return this.map(row);
      case 'record':
        return this.record(row);
      case 'karma':
        return this.karma(row);
    }
  }

  private get dryRun(): boolean {
    return this.options.dryRun ?? false;
  }

  private async player(row: ImportedPlayer): Promise<Outcome> {
    this.nickNames.set(row.login, row.nickname);
    const { stats, ledger } = this.target;
    const server = this.options.serverLogin;
    const seconds = Math.max(0, Math.round(row.playTimeSeconds ?? 0));
    const first = (row.firstSeen ?? row.lastSeen)?.toISOString();
    const last = (row.lastSeen ?? row.firstSeen)?.toISOString();
    const stored = await stats.selectFrom('players').selectAll().where('server', '=', server).where('login', '=', row.login).executeTakeFirst();
    const given = await ledger.selectFrom('play_time').select('seconds').where('source', '=', this.options.source).where('server', '=', server).where('login', '=', row.login).executeTakeFirst();
    const addSeconds = seconds - Number(given?.seconds ?? 0);
    if (!stored) {
      if (this.dryRun) return 'added';
      await stats
        .insertInto('players')
        .values({ server, login: row.login, nick_name: row.nickname, play_ms: seconds * 1000, finishes: 0, first_seen: first ?? this.now, last_seen: last ?? this.now })
        .execute();
      await this.rememberPlayTime(row.login, seconds, given !== undefined);
      return 'added';
    }
    const firstSeen = first !== undefined && first < stored.first_seen ? first : stored.first_seen;
    const lastSeen = last !== undefined && last > stored.last_seen ? last : stored.last_seen;
    if (addSeconds === 0 && firstSeen === stored.first_seen && lastSeen === stored.last_seen) {
      if (!given && !this.dryRun) await this.rememberPlayTime(row.login, seconds, false);
      return 'unchanged';
    }
    if (this.dryRun) return 'updated';
    await stats
      .updateTable('players')
      .set((eb) => ({ play_ms: eb('play_ms', '+', addSeconds * 1000), first_seen: firstSeen, last_seen: lastSeen }))
      .where('server', '=', server)
      .where('login', '=', row.login)
      .execute();
    await this.rememberPlayTime(row.login, seconds, given !== undefined);
    return 'updated';
  }

  private async rememberPlayTime(login: string, seconds: number, known: boolean): Promise<void> {
    const key = { source: this.options.source, server: this.options.serverLogin, login };
    if (known) await this.target.ledger.updateTable('play_time').set({ seconds }).where('source', '=', key.source).where('server', '=', key.server).where('login', '=', login).execute();
    else await this.target.ledger.insertInto('play_time').values({ ...key, seconds }).execute();
  }

  private async map(row: ImportedMap): Promise<Outcome> {
    const { ledger } = this.target;
    const values = { name: row.name, author: row.author, source: this.options.source, removed: row.removed ? 1 : 0 };
    const stored = await ledger.selectFrom('maps').selectAll().where('uid', '=', row.uid).executeTakeFirst();
    if (stored && stored.name === values.name && stored.author === values.author && stored.source === values.source && Number(stored.removed) === values.removed) return 'unchanged';
    if (this.dryRun) return stored ? 'updated' : 'added';
    if (stored) await ledger.updateTable('maps').set(values).where('uid', '=', row.uid).execute();
    else await ledger.insertInto('maps').values({ uid: row.uid, ...values }).execute();
    return stored ? 'updated' : 'added';
  }

  private async record(row: ImportedRecord): Promise<Outcome | RejectedRow> {
    const what = `record of ${row.login} on map ${row.mapUid}`;
    if (!Number.isInteger(row.timeMs) || row.timeMs <= 0) return { kind: 'rejected', what, reason: `time ${row.timeMs} is not a race time in ms` };
    const { records } = this.target;
    const stored = await records.selectFrom('records').select(['time']).where('map_uid', '=', row.mapUid).where('login', '=', row.login).executeTakeFirst();
    if (stored && Number(stored.time) <= row.timeMs) return 'unchanged';
    if (this.dryRun) return stored ? 'updated' : 'added';
    const values = {
      nick_name: this.nickNames.get(row.login) ?? row.login,
      time: row.timeMs,
      checkpoints: JSON.stringify(row.checkpointsMs),
      driven_at: (row.drivenAt ?? new Date(this.now)).toISOString(),
      server_login: this.options.serverLogin,
    };
    if (stored) await records.updateTable('records').set(values).where('map_uid', '=', row.mapUid).where('login', '=', row.login).execute();
    else await records.insertInto('records').values({ map_uid: row.mapUid, login: row.login, ...values }).execute();
    return stored ? 'updated' : 'added';
  }

  private async karma(row: ImportedKarma): Promise<Outcome> {
    const { karma } = this.target;
    const stored = await karma.selectFrom('votes').select('vote').where('map_uid', '=', row.mapUid).where('login', '=', row.login).executeTakeFirst();
    if (stored) return 'unchanged';
    if (!this.dryRun) await karma.insertInto('votes').values({ map_uid: row.mapUid, login: row.login, vote: row.vote, at: this.now }).execute();
    return 'added';
  }
}

/** One line for the end of an import: what was (or, in a dry run, would be) added, updated and left. */
export function summaryLine(summary: ImportSummary, from: string): string {
  const verb = summary.dryRun ? 'Dry run, nothing was written; importing' : 'Imported';
  const parts = (Object.keys(summary.counts) as CountedKind[]).map((kind) => {
    const { added, updated, unchanged } = summary.counts[kind];
    const would = summary.dryRun ? 'would be ' : '';
    return `${kind} ${added} ${would}added, ${updated} ${would}updated, ${unchanged} unchanged`;
  });
  const rejected = summary.rejected.length === 0 ? 'every row was taken' : `${summary.rejected.length} ${summary.rejected.length === 1 ? 'row' : 'rows'} not taken (listed above)`;
  return `${verb} ${summary.source} from ${from}: ${parts.join('; ')}; ${rejected}.`;
}

/** The progress line of a long import. */
export function progressLine(summary: ImportSummary): string {
  const { players, maps, records, karma } = summary.counts;
  const taken = (counts: KindCounts) => counts.added + counts.updated + counts.unchanged;
  return `... ${summary.rows} rows read: ${taken(players)} players, ${taken(maps)} maps, ${taken(records)} records, ${taken(karma)} karma votes, ${summary.rejected.length} not taken`;
}
