import { stripFormatting } from '../../core/index.js';
import type { ServerMap } from './jukebox.js';

/** How /maps can order its window ('list': the server's own order, the default). */
export const MAP_SORTS = ['list', 'name', 'author', 'karma', 'own', 'newest'] as const;
export type MapSort = (typeof MAP_SORTS)[number];

/** One map as the window lists it: its number in the server's list, and what the other apps know of it. */
export interface MapRow {
  number: number;
  map: ServerMap;
  karma?: number;
  record?: number;
  own?: number;
}

const plain = (text: string): string => stripFormatting(text).toLowerCase();

/** The maps whose name, author or environment (formatting codes ignored, any case) hold every word. */
export function searchMaps(rows: readonly MapRow[], words: readonly string[]): MapRow[] {
  const wanted = words.map(plain).filter((word) => word !== '');
  if (wanted.length === 0) return [...rows];
  return rows.filter((row) => {
    const text = `${plain(row.map.name)} ${plain(row.map.author)} ${plain(row.map.environment)}`;
    return wanted.every((word) => text.includes(word));
  });
}

/** The rows in `sort` order; rows without a value for it (no votes, no own time) come last, in list order. */
export function sortMaps(rows: readonly MapRow[], sort: MapSort): MapRow[] {
  const byNumber = (a: MapRow, b: MapRow): number => a.number - b.number;
  const missingLast = (value: (row: MapRow) => number | undefined, direction: 1 | -1) => (a: MapRow, b: MapRow): number => {
    const [x, y] = [value(a), value(b)];
    if (x === undefined || y === undefined) return x === y ? byNumber(a, b) : x === undefined ? 1 : -1;
    return (x - y) * direction || byNumber(a, b);
  };
  const text = (value: (row: MapRow) => string) => (a: MapRow, b: MapRow): number => value(a).localeCompare(value(b)) || byNumber(a, b);
  const compare: Record<MapSort, (a: MapRow, b: MapRow) => number> = {
    // The server's own list, in the order it plays the maps.
    list: byNumber,
    name: text((row) => plain(row.map.name)),
    author: text((row) => plain(row.map.author)),
    karma: missingLast((row) => row.karma, -1),
    own: missingLast((row) => row.own, 1),
    // Maps added to the server go to the end of its list, so the last ones are the newest.
    newest: (a, b) => b.number - a.number,
  };
  return [...rows].sort(compare[sort]);
}
