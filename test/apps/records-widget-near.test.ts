import assert from 'node:assert/strict';
import { it } from 'node:test';
import { MapRanking } from '../../apps/records/ranking.js';
import { RecordsWidgetPainter } from '../../apps/records/widget.js';
import type { AppUi, CrowdContent, UiContent, UiTarget } from '../../core/index.js';
import { isCrowdContent } from '../../core/ui/crowd.js';
import { renderPage } from '../../core/ui/page.js';

const record = (login: string, time: number) => ({ login, nickName: login.toUpperCase(), time, at: `2026-01-01T00:00:${String(time % 60).padStart(2, '0')}.000Z` });

it("each player's rows around their own are redrawn only when what they show changes", async () => {
  const players = ['a', 'b', 'c', 'd', 'e'];
  const shows: { id: string; to: string | string[] }[] = [];
  const ui: AppUi = {
    async show(id: string, given: UiContent | CrowdContent, target: UiTarget = {}) {
      // A small server: pages drawn two ways are drawn per player.
      const content = isCrowdContent(given) ? given.perPlayer : given;
      const to = target.to === undefined ? players : typeof target.to === 'string' ? [target.to] : [...target.to];
      for (const login of to) renderPage(id, typeof content === 'function' ? content(login) : content);
      shows.push({ id, to: target.to === undefined ? 'everyone' : to });
    },
    async hide() {},
    widget: () => undefined as never,
    crowded: false,
  };
  let now = 0;
  const painter = new RecordsWidgetPainter({
    ui,
    players: () => players,
    rows: () => 1,
    around: () => ({ before: 1, after: 1 }),
    onClick: () => () => undefined,
    // Each paint here is a second after the last: drawn at once, never through a timer.
    after: () => assert.fail('no paint waits'),
    now: () => now,
  });
  const ranking = new MapRanking('map');
  for (const [login, time] of [['a', 30_000], ['b', 31_000], ['c', 32_000], ['d', 33_000], ['e', 34_000]] as const) ranking.improve(record(login, time));
  painter.use(ranking);
  await painter.whenPainted();
  assert.deepEqual(shows.map((show) => [show.id, show.to]), [['widget', 'everyone'], ['widget-own', 'everyone'], ['widget-near', 'everyone']]);

  // e improves but stays last: only the players whose widget shows e's row redraw their part: d (e is the row
  // below theirs) and e (their own line and every mark); a, b and c see neither e's row nor a changed mark.
  now += 1000;
  shows.length = 0;
  ranking.improve(record('e', 33_500));
  painter.changed();
  await painter.whenPainted();
  assert.deepEqual(shows.map((show) => [show.id, show.to]), [['widget-own', ['e']], ['widget-near', ['d', 'e']]]);
});
