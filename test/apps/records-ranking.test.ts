import assert from 'node:assert/strict';
import { it } from 'node:test';
import { recordsDatabase } from '../../apps/records/migrations.js';
import { LOAD_PAGE, MapRanking, RANKING_CHUNK, type RankedRecord } from '../../apps/records/ranking.js';
import { RecordStore, type RecordsTables } from '../../apps/records/store.js';
import { PAINT_INTERVAL_MS, RecordsWidgetPainter } from '../../apps/records/widget.js';
import type { AppUi, CrowdContent, Kysely, UiContent, UiTarget } from '../../core/index.js';
import { isCrowdContent } from '../../core/ui/crowd.js';
import { renderPage } from '../../core/ui/page.js';
import { openTestDatabase } from '../../core/testing.js';

const record = (login: string, time: number, at = '2026-12-01T10:00:00.000Z'): RankedRecord => ({ login, nickName: login.toUpperCase(), time, at });
const logins = (ranking: MapRanking) => ranking.top(Number.POSITIVE_INFINITY).map((entry) => entry.login);

it('the ranking keeps the store order: time, then who drove it first, then login; only improvements move', () => {
  const ranking = new MapRanking('map');
  assert.deepEqual(ranking.improve(record('anna', 30_000)), { to: 1 });
  assert.deepEqual(ranking.improve(record('ben', 25_000)), { to: 1 });
  assert.deepEqual(ranking.improve(record('cleo', 30_000, '2026-12-01T09:00:00.000Z')), { to: 2 });
  assert.deepEqual(ranking.improve(record('dan', 30_000)), { to: 4 });
  assert.deepEqual(logins(ranking), ['ben', 'cleo', 'anna', 'dan']);
  assert.equal(ranking.improve(record('anna', 31_000)), undefined, 'slower');
  assert.equal(ranking.improve(record('anna', 30_000)), undefined, 'the same finish read again');
  assert.deepEqual(ranking.improve(record('dan', 20_000)), { from: 4, to: 1 });
  assert.deepEqual(logins(ranking), ['dan', 'ben', 'cleo', 'anna']);
  assert.equal(ranking.rankOf('anna'), 4);
  assert.equal(ranking.rankOf('eve'), undefined);
  assert.equal(ranking.size, 4);
  assert.deepEqual(ranking.slice(1, 2).map((entry) => entry.login), ['ben', 'cleo']);
});

/** The records app's table in a fresh test database, closed (and removed) once `use` is done. */
async function withRecordsTable(use: (db: Kysely<RecordsTables>) => Promise<void>): Promise<void> {
  const { database, close } = await openTestDatabase();
  try {
    await database.migrate('app_records', "app 'records'", recordsDatabase.migrations);
    await use(database.namespace<RecordsTables>('app_records', "app 'records'"));
  } finally {
    await close();
  }
}

it('the ranking loads a big map in pages, in the same order as the store reads it', async () => {
  await withRecordsTable(async (db) => {
    const store = new RecordStore(db);
    const count = LOAD_PAGE * 2 + 5;
    const entries = Array.from({ length: count }, (_, index) => ({
      login: `p${index}`,
      nickName: `P${index}`,
      // Many equal times, so the tie rules decide most places.
      time: 30_000 + (index % 97),
      checkpoints: [],
      at: new Date(1_700_000_000_000 + ((index * 7) % 13)).toISOString(),
      serverLogin: 'test',
    }));
    await store.importEntries('map', entries);
    const ranking = await MapRanking.load(db, 'map');
    assert.equal(ranking.size, count);
    assert.deepEqual(logins(ranking), (await store.top('map', count)).map((entry) => entry.login));
  });
});

/** An AppUi that records what was shown and to whom, rendering function content as the real one does. */
function recordingUi(players: () => string[]) {
  const shows: { id: string; to: string[] | 'everyone'; texts: Record<string, string> }[] = [];
  const ui: AppUi = {
    async show(id: string, given: UiContent | CrowdContent, target: UiTarget = {}) {
      // A small server: pages drawn two ways are drawn per player.
      const content = isCrowdContent(given) ? given.perPlayer : given;
      const to = target.to === undefined ? players() : typeof target.to === 'string' ? [target.to] : [...target.to];
      const texts = Object.fromEntries(to.map((login) => [login, renderPage(id, typeof content === 'function' ? content(login) : content).xml]));
      shows.push({ id, to: target.to === undefined ? 'everyone' : to, texts });
    },
    async hide() {},
    widget: () => undefined as never,
    crowded: false,
  };
  return { ui, shows };
}

it('a burst of finishes redraws the widget once per interval, and only the lines that changed', async () => {
  const players = ['anna', 'ben', 'cleo', 'dan'];
  const { ui, shows } = recordingUi(() => players);
  const timers: { ms: number; fn: () => unknown }[] = [];
  let now = 10_000;
  const painter = new RecordsWidgetPainter({ ui, players: () => players, rows: () => 1, after: (ms, fn) => (timers.push({ ms, fn }), { dispose() {} }), now: () => now });
  const ranking = new MapRanking('map');
  for (const [login, time] of [['anna', 30_000], ['ben', 31_000], ['cleo', 32_000]] as const) ranking.improve(record(login, time));
  painter.use(ranking);
  for (let index = 0; index < 50; index++) painter.changed();
  assert.equal(timers.length, 0, 'the first paint is not delayed');
  await painter.whenPainted();
  assert.deepEqual(shows.map((show) => [show.id, show.to]), [['widget', 'everyone'], ['widget-own', 'everyone']]);

  // dan's first time lands second: ben and cleo move down one; anna's top row and dan's new line change.
  now += 300;
  ranking.improve(record('dan', 30_500));
  painter.changed();
  painter.changed();
  assert.equal(timers.length, 1);
  assert.equal(timers[0]!.ms, PAINT_INTERVAL_MS - 300, 'the next paint waits out the interval');
  now += PAINT_INTERVAL_MS - 300;
  shows.length = 0;
  await timers.shift()!.fn();
  // The top page is given again for its shared form (on a crowded server its rows go down to 2nd); per player
  // its XML is unchanged, which the UI does not send again.
  assert.deepEqual(shows.map((show) => [show.id, show.to]), [['widget', 'everyone'], ['widget-own', ['ben', 'cleo', 'dan']]]);
  assert.equal(shows[0]!.texts.anna, shows[0]!.texts.dan);
  assert.match(shows[1]!.texts.dan!, /text="2\."/);

  // Nothing changed for anyone: nothing is sent.
  now += PAINT_INTERVAL_MS;
  shows.length = 0;
  painter.changed();
  await painter.whenPainted();
  assert.equal(shows.length, 0);

  // cleo passes ben: only their two lines change.
  now += PAINT_INTERVAL_MS;
  ranking.improve(record('cleo', 30_600));
  painter.changed();
  await painter.whenPainted();
  assert.deepEqual(shows.map((show) => [show.id, show.to]), [['widget-own', ['ben', 'cleo']]]);

  // A new record: the top page for everyone, and every line below it moves.
  now += PAINT_INTERVAL_MS;
  shows.length = 0;
  ranking.improve(record('ben', 29_000));
  painter.changed();
  await painter.whenPainted();
  assert.deepEqual(shows.map((show) => [show.id, show.to]), [['widget', 'everyone'], ['widget-own', ['anna', 'ben', 'cleo', 'dan']]]);
  assert.equal(timers.length, 0, 'every paint a second after the last is drawn at once');
});

/** A fixed pseudo-random sequence, so a failure replays the same way. */
function random(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor((state / 2_147_483_648) * below);
  };
}

const comesBefore = (a: RankedRecord, b: RankedRecord): boolean => (a.time !== b.time ? a.time < b.time : a.at !== b.at ? a.at < b.at : a.login < b.login);

/** The plain way, to compare against: one array, searched and moved element by element. */
class NaiveRanking {
  readonly sorted: RankedRecord[] = [];

  improve(entry: RankedRecord): { from?: number; to: number } | undefined {
    const from = this.sorted.findIndex((kept) => kept.login === entry.login);
    if (from >= 0 && !comesBefore(entry, this.sorted[from]!)) return undefined;
    if (from >= 0) this.sorted.splice(from, 1);
    let to = 0;
    while (to < this.sorted.length && comesBefore(this.sorted[to]!, entry)) to++;
    this.sorted.splice(to, 0, entry);
    return from >= 0 ? { from: from + 1, to: to + 1 } : { to: to + 1 };
  }
}

// Few distinct times and dates, so most places are decided by the tie rules.
const AT = Array.from({ length: 4 }, (_, index) => `2026-12-0${index + 1}T10:00:00.000Z`);
const randomRecord = (next: (below: number) => number, login: string, fastest = 0): RankedRecord => record(login, 30_000 + fastest + next(400), AT[next(AT.length)]);

/**
 * Thousands of finishes against the plain ranking: first times, improvements to anywhere (many across several
 * chunks, ties on time), slower and repeated finishes; mostly to the top for a while (its chunks split), then
 * from the bottom (its chunks thin out and join).
 */
function driveAgainst(ranking: MapRanking, naive: NaiveRanking, next: (below: number) => number, finishes: number, players: string[]): void {
  for (let finish = 0; finish < finishes; finish++) {
    const phase = Math.floor((finish * 3) / finishes);
    const kind = next(10);
    let entry: RankedRecord;
    if (kind === 0 || players.length === 0) {
      const login = `new${finish}`;
      players.push(login);
      entry = randomRecord(next, login);
    } else {
      const ranked = naive.sorted;
      // Phase 1 picks from the bottom fifth and sends them near the top; the others pick anyone.
      const index = phase === 1 ? ranked.length - 1 - next(Math.max(1, Math.floor(ranked.length / 5))) : next(ranked.length);
      const kept = ranked[index]!;
      if (kind === 1) entry = { ...kept };
      else if (kind === 2) entry = record(kept.login, kept.time + next(50), kept.at);
      else if (kind === 3) entry = record(kept.login, kept.time, AT[next(AT.length)]);
      else if (phase === 1 || kind === 4) entry = record(kept.login, ranked[0]!.time - next(3), AT[next(AT.length)]);
      else entry = record(kept.login, Math.max(1, kept.time - next(kept.time - 29_000)), AT[next(AT.length)]);
    }
    const expected = naive.improve(entry);
    assert.deepEqual(ranking.improve(entry), expected, `finish ${finish}: ${JSON.stringify(entry)}`);
    assert.equal(ranking.size, naive.sorted.length);
    assert.equal(ranking.rankOf(entry.login), naive.sorted.findIndex((kept) => kept.login === entry.login) + 1);
    assert.deepEqual(ranking.recordOf(entry.login), naive.sorted.find((kept) => kept.login === entry.login));
    if (finish % 101 === 0) assert.deepEqual(logins(ranking), naive.sorted.map((kept) => kept.login), `after finish ${finish}`);
  }
}

/** Every position, rank and range read back as the plain ranking has them: every chunk's edges among them. */
function readsAlike(ranking: MapRanking, naive: NaiveRanking, next: (below: number) => number): void {
  const sorted = naive.sorted;
  assert.deepEqual(ranking.top(Number.POSITIVE_INFINITY), sorted);
  for (let position = 0; position < sorted.length; position++) {
    assert.deepEqual(ranking.slice(position, 1), [sorted[position]], `position ${position}`);
    assert.equal(ranking.rankOf(sorted[position]!.login), position + 1);
  }
  for (let count = 0; count <= sorted.length + 1; count += 1 + next(200)) assert.deepEqual(ranking.top(count), sorted.slice(0, count), `top ${count}`);
  for (let range = 0; range < 300; range++) {
    const start = next(sorted.length + 10);
    const count = next(range % 3 === 0 ? 5_000 : 1_500);
    assert.deepEqual(ranking.slice(start, count), sorted.slice(start, start + count), `slice ${start}, ${count}`);
  }
  // Arguments read as Array.prototype.slice reads them.
  for (const [start, count] of [[-5, 3], [-5, 10], [2.7, 3.2], [Number.NaN, 4], [0, -1], [sorted.length - 1, Number.POSITIVE_INFINITY], [-Infinity, 2]] as const) {
    assert.deepEqual(ranking.slice(start, count), sorted.slice(start, start + count), `slice ${start}, ${count}`);
  }
  assert.deepEqual(ranking.top(-3), sorted.slice(0, -3));
  const copy = ranking.top(RANKING_CHUNK);
  copy.length = 0;
  assert.equal(ranking.top(RANKING_CHUNK).length, Math.min(RANKING_CHUNK, sorted.length), 'top gives a new array');
}

it('a ranking of many chunks agrees with one plain sorted array over thousands of finishes, first times and ties included', () => {
  const next = random(11);
  const ranking = new MapRanking('map');
  const naive = new NaiveRanking();
  const players: string[] = [];
  // Built by first times in any order: chunks split all over, not only at the end.
  for (let index = 0; index < 12 * RANKING_CHUNK + 37; index++) {
    const entry = randomRecord(next, `p${index}`, 1_000);
    players.push(entry.login);
    assert.deepEqual(ranking.improve(entry), naive.improve(entry));
  }
  readsAlike(ranking, naive, next);
  driveAgainst(ranking, naive, next, 6_000, players);
  readsAlike(ranking, naive, next);
});

it('a ranking loaded over several pages agrees with one plain sorted array as finishes move it', async () => {
  await withRecordsTable(async (db) => {
    const next = random(23);
    const entries = Array.from({ length: LOAD_PAGE * 3 + 11 }, (_, index) => ({ ...randomRecord(next, `p${index}`, 1_000), checkpoints: [], serverLogin: 'test' }));
    await new RecordStore(db).importEntries('map', entries);
    const ranking = await MapRanking.load(db, 'map');
    const naive = new NaiveRanking();
    for (const { login, nickName, time, at } of entries) naive.improve({ login, nickName, time, at });
    readsAlike(ranking, naive, next);
    driveAgainst(ranking, naive, next, 4_000, entries.map((entry) => entry.login));
    readsAlike(ranking, naive, next);
  });
});

it('a ranking emptied and refilled around one player, and one finish at each chunk edge', () => {
  const ranking = new MapRanking('map');
  assert.deepEqual(ranking.top(5), []);
  assert.deepEqual(ranking.slice(0, 5), []);
  assert.equal(ranking.size, 0);
  assert.deepEqual(ranking.improve(record('solo', 30_000)), { to: 1 });
  assert.deepEqual(ranking.improve(record('solo', 29_000)), { from: 1, to: 1 });
  assert.deepEqual(logins(ranking), ['solo']);
  // Two full chunks' worth in order: the record just past the first chunk's last moves to the top, then the last.
  const naive = new NaiveRanking();
  naive.improve(record('solo', 29_000));
  for (let index = 0; index < 2 * RANKING_CHUNK; index++) {
    const entry = record(`p${String(index).padStart(5, '0')}`, 40_000 + index);
    assert.deepEqual(ranking.improve(entry), naive.improve(entry));
  }
  for (const position of [RANKING_CHUNK, RANKING_CHUNK - 1, RANKING_CHUNK + 1, 2 * RANKING_CHUNK, RANKING_CHUNK / 2]) {
    const kept = naive.sorted[position]!;
    const entry = record(kept.login, 1_000 + position);
    assert.deepEqual(ranking.improve(entry), naive.improve(entry), `from position ${position}`);
    assert.deepEqual(ranking.slice(position - 2, 4), naive.sorted.slice(position - 2, position + 2));
    assert.equal(ranking.rankOf(kept.login), naive.sorted.findIndex((other) => other.login === kept.login) + 1);
  }
  assert.deepEqual(ranking.top(Number.POSITIVE_INFINITY), naive.sorted);
});
