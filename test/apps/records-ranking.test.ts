import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { recordsDatabase } from '../../apps/records/migrations.js';
import { LOAD_PAGE, MapRanking, type RankedRecord } from '../../apps/records/ranking.js';
import { RecordStore, type RecordsTables } from '../../apps/records/store.js';
import { PAINT_INTERVAL_MS, RecordsWidgetPainter } from '../../apps/records/widget.js';
import type { AppUi, CrowdContent, UiContent, UiTarget } from '../../core/index.js';
import { isCrowdContent } from '../../core/ui/crowd.js';
import { renderPage } from '../../core/ui/page.js';
import { openDatabase } from '../../core/storage/database.js';

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

it('the ranking loads a big map in pages, in the same order as the store reads it', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'pitwall-ranking-'));
  const database = await openDatabase('', folder);
  try {
    await database.migrate('app_records', "app 'records'", recordsDatabase.migrations);
    const db = database.namespace<RecordsTables>('app_records', "app 'records'");
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
  } finally {
    await database.close();
    rmSync(folder, { recursive: true, force: true });
  }
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
