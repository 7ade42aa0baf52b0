import { nameForChat, stripFormatting } from '../../core/index.js';
import type { KarmaApi } from '../karma/index.js';
import type { RecordsApi } from '../records/index.js';
import { formatTime } from '../records/store.js';
import type { ServerMap } from './jukebox.js';
import { MapListWindow, ConfirmRemoval, type MapListLabels } from './map-list.js';
import { MAP_SORTS, searchMaps, sortMaps, type MapRow, type MapSort } from './map-search.js';
import type { messages } from './messages.js';
import type { MapsContext } from './settings.js';

/** The words of the map list window that take no parameter. */
type WindowKey = Exclude<Extract<keyof (typeof messages)['en'], `window.${string}`>, 'window.page'>;

/** What the window does through the rest of the app: the server's list, queueing and removing a map. */
export interface MapWindowActions {
  mapList(): Promise<ServerMap[]>;
  /** The answer for `login` when the map cannot be queued. */
  queueMap(login: string, map: ServerMap): Promise<string | undefined>;
  /** The answer for the admin `login`. */
  removeMap(login: string, map: ServerMap): Promise<string>;
}

/** The map list window of each player (search, order, pages, queue and remove buttons) and its removal prompt. */
export function mapWindow(ctx: MapsContext, { mapList, queueMap, removeMap }: MapWindowActions) {
  /** What each player's window shows: the words searched for, the order and the page. */
  const views = new Map<string, { words: string[]; sort: MapSort; page: number }>();
  ctx.on('playerDisconnect', ({ login }) => void views.delete(login));

  /** The server's maps with what karma and records know of them (for `login`'s own times). */
  const mapRows = async (login: string): Promise<{ rows: MapRow[]; karma: boolean; records: boolean }> => {
    const maps = await mapList();
    const uids = maps.map((map) => map.uid);
    const karma = ctx.optionalDependency<KarmaApi>('karma');
    const records = ctx.optionalDependency<RecordsApi>('records');
    const [scores, bests, own] = await Promise.all([karma?.scores(uids), records?.bestTimes(uids), records?.timesOf(login, uids)]);
    const rows = maps.map((map, index) => ({ number: index + 1, map, karma: scores?.get(map.uid), record: bests?.get(map.uid), own: own?.get(map.uid) }));
    return { rows, karma: karma !== undefined, records: records !== undefined };
  };

  const showMapList = async (login: string): Promise<void> => {
    const view = views.get(login) ?? { words: [], sort: 'list' as MapSort, page: 0 };
    views.set(login, view);
    const { rows, karma, records } = await mapRows(login);
    const found = sortMaps(searchMaps(rows, view.words), view.sort === 'karma' && !karma ? 'list' : view.sort);
    const size = ctx.settings.pageSize;
    const pages = Math.max(1, Math.ceil(found.length / size));
    view.page = Math.min(Math.max(0, view.page), pages - 1);
    const isAdmin = ctx.can(login, 'admin');
    const t = (key: WindowKey) => ctx.t(login, key);
    const labels: MapListLabels = {
      close: await t('window.close'),
      sort: await t('window.sort'),
      map: await t('window.map'),
      author: await t('window.author'),
      karma: await t('window.karma'),
      record: await t('window.record'),
      yours: await t('window.yours'),
      remove: await t('window.remove'),
      noMatch: await t('window.noMatch'),
      previous: await t('window.previous'),
      next: await t('window.next'),
      page: await ctx.t(login, 'window.page', { page: view.page + 1, pages }),
      sorts: Object.fromEntries(await Promise.all(MAP_SORTS.map(async (sort) => [sort, await ctx.t(login, `sort.${sort}`)] as const))) as Record<MapSort, string>,
    };
    await ctx.ui.show(
      'list',
      <MapListWindow
        title={await (view.words.length === 0 ? ctx.t(login, 'window.title') : ctx.t(login, 'matching', { words: stripFormatting(view.words.join(' ')) }))}
        labels={labels}
        rows={found.slice(view.page * size, (view.page + 1) * size)}
        page={view.page}
        pages={pages}
        sort={view.sort}
        showKarma={karma}
        showRecords={records}
        formatTime={formatTime}
        onSort={(sort) => () => ((view.sort = sort), (view.page = 0), showMapList(login))}
        onPage={(page) => () => ((view.page = page), showMapList(login))}
        onQueue={(row) => async (click) => {
          const answer = await queueMap(click.login, row.map);
          if (answer) await ctx.server.chatTo(click.login, answer);
        }}
        {...(isAdmin ? { onRemove: (row: MapRow) => ({ level: 'admin' as const, handler: (click: { login: string }) => confirmRemoval(click.login, row.map) }) } : {})}
        onClose={() => ctx.ui.hide('list', { to: login })}
      />,
      { to: login },
    );
  };

  const confirmRemoval = async (login: string, map: ServerMap): Promise<void> =>
    ctx.ui.show(
      'confirm',
      <ConfirmRemoval
        question={await ctx.t(login, 'confirm.question', { map: nameForChat(map.name) })}
        yes={await ctx.t(login, 'window.remove')}
        no={await ctx.t(login, 'confirm.cancel')}
        onYes={{
          level: 'admin',
          handler: async (click) => {
            await ctx.ui.hide('confirm', { to: click.login });
            await ctx.server.chatTo(click.login, await removeMap(click.login, map));
            if (views.has(click.login)) await showMapList(click.login);
          },
        }}
        onNo={(click) => ctx.ui.hide('confirm', { to: click.login })}
      />,
      { to: login },
    );

  return { views, mapRows, showMapList };
}
