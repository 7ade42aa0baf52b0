import 'reflect-metadata';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { showRecordsWidget } from '../apps/records/ui.js';
import { formatTime } from '../apps/records/store.js';
import type { ShownRecord } from '../apps/records/ui.js';
import type { AppContext } from '../core/apps/define.js';
import { validateSettings } from '../core/config/loader.js';
import { GbxClient } from '../core/gbx/client.js';
import { Runtime } from '../core/runtime.js';
import { escapeText } from '../core/ui/escape.js';
import { ListWindow } from '../core/ui/list-window.js';
import { renderPage } from '../core/ui/page.js';
import * as base from '../settings/base.js';
import { percentile } from './stats.js';

export interface RenderResult {
  tsxPerSecond: number;
  handPerSecond: number;
}

const entries: ShownRecord[] = Array.from({ length: 10 }, (_, index) => ({
  login: `player${index}`,
  nickName: `$f80<Player ${index}> & "friends"`,
  time: 25_000 + index * 137,
}));
const columns = [
  { header: 'Rank', width: 12, halign: 'right' as const },
  { header: 'Player', width: 60 },
  { header: 'Time', width: 24, halign: 'right' as const },
];
const noop = (): undefined => undefined;

/** The records window (10 rows) through TSX, ListWindow and renderPage. */
function tsxWindow(): string {
  const rows = entries.map((entry, index) => [`${index + 1}.`, entry.nickName, formatTime(entry.time)]);
  return renderPage('pitwall.records.list', <ListWindow title="Records on Sandbox Sprint" columns={columns} rows={rows} page={0} pages={2} onPage={() => noop} onClose={noop} />).xml;
}

/** The same XML written by hand: template literals and escaping, nothing else. */
function handWindow(): string {
  const id = 'pitwall.records.list';
  const width = 102;
  const height = 74;
  const lefts = [3, 15, 75];
  const xs = [14, 15, 98];
  const aligns = ['right', 'left', 'right'];
  let xml = `<manialink id="${id}" version="3"><frame id="list-window" pos="${-width / 2} ${height / 2}" z-index="10"><quad size="${width} ${height}" bgcolor="111d" z-index="-1"/><quad size="${width} 8" bgcolor="3c6e" z-index="0"/><label pos="3 -4" valign="center" textsize="2" text="${escapeText('Records on Sandbox Sprint')}" textcolor="fff" size="${width - 20} 6"/><label id="list-close" pos="${width - 3} -4" halign="right" valign="center" textsize="2" text="Close" textcolor="fff" action="${id}.0" focusareacolor1="0000" focusareacolor2="fff3"/>`;
  for (let index = 0; index < 3; index++) {
    xml += `<label pos="${xs[index]} -12" halign="${aligns[index]}" valign="center" textsize="1" textcolor="aaa" text="${escapeText(columns[index]!.header)}" size="${columns[index]!.width - 1} 5"/>`;
  }
  for (let row = 0; row < entries.length; row++) {
    const entry = entries[row]!;
    const cells = [`${row + 1}.`, entry.nickName, formatTime(entry.time)];
    xml += `<frame pos="0 ${-17 - row * 5}">`;
    for (let index = 0; index < 3; index++) {
      xml += `<label pos="${xs[index]} 0" halign="${aligns[index]}" valign="center" textsize="1" textcolor="fff" text="${escapeText(cells[index]!)}" size="${columns[index]!.width - 1} 5"/>`;
    }
    xml += '</frame>';
  }
  void lefts;
  xml += `<frame pos="${width / 2} ${-height + 5}"><label halign="center" valign="center" textsize="1" textcolor="aaa" text="Page 1 / 2"/><label id="list-next" pos="20 0" halign="center" valign="center" textsize="1" text="Next &gt;" action="${id}.1"/></frame></frame></manialink>`;
  return xml;
}

const flat = (xml: string): number => xml.charCodeAt(xml.length >> 1);

/** Renders per second, TSX vs by hand; both outputs are checked to be the same XML first. */
export function benchRender(iterations: number): RenderResult {
  if (tsxWindow() !== handWindow()) throw new Error(`The two records windows differ:\n${tsxWindow()}\n${handWindow()}`);
  const rate = (fn: () => string): number => {
    let sink = 0;
    // Reading a character in the middle makes V8 flatten the string: a usable XML text, as a send needs.
    for (let index = 0; index < iterations / 10; index++) sink += flat(fn());
    const start = performance.now();
    for (let index = 0; index < iterations; index++) sink += flat(fn());
    const seconds = (performance.now() - start) / 1000;
    if (sink === 0) throw new Error('nothing rendered');
    return iterations / seconds;
  };
  // Interleaved rounds, best of each: the same conditions for both.
  let tsx = 0;
  let hand = 0;
  for (let round = 0; round < 5; round++) {
    tsx = Math.max(tsx, rate(tsxWindow));
    hand = Math.max(hand, rate(handWindow));
  }
  return { tsxPerSecond: tsx, handPerSecond: hand };
}

export interface WidgetUpdateResult {
  players: number;
  updates: number;
  multicallsPerUpdate: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * The records widget for 100 players on the sandbox (on its own thread, as a real server is its own process):
 * from the event reaching the app to the multicall frame written to the socket. Each update is a new fastest
 * time, so the top rows change for everyone and every player's own rank line changes.
 */
export async function benchWidgetUpdate(updates: number, players = 100): Promise<WidgetUpdateResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-bench-ui-'));
  const credentials = { user: 'SuperAdmin', password: 'SuperAdmin' };
  const worker = new Worker(new URL('./sandbox-worker.js', import.meta.url), { workerData: credentials });
  const [{ port }] = (await once(worker, 'message')) as [{ port: number }];
  const settings = validateSettings({
    ...Object.fromEntries(Object.entries(base)),
    DATA_DIR: dataDir,
    APPS: [],
    ANALYTICS: false,
    SANDBOX: false,
    DEDICATED: { host: '127.0.0.1', port, ...credentials },
    DASHBOARD: { enabled: false, host: '127.0.0.1', port: 0 },
  });
  let ctx: AppContext | undefined;
  const runtime = await Runtime.start({
    settings,
    logging: { console: false },
    processNet: false,
    watchdogs: false,
    appEntries: [{ id: 'bench-widget', version: '1.0.0', init: (given) => void (ctx = given) }],
  });
  try {
    worker.postMessage({ join: players });
    while (runtime.server.players.size < players) await new Promise((resolve) => setTimeout(resolve, 5));
    const ranking: ShownRecord[] = Array.from({ length: players }, (_, index) => ({ login: `player${index}`, nickName: `Player ${index}`, time: 30_000 + index * 10 }));
    let sent: Promise<unknown> | undefined;
    let writtenAt = 0;
    let multicalls = 0;
    const original = GbxClient.prototype.multicall;
    GbxClient.prototype.multicall = function (this: GbxClient, calls) {
      const result = original.call(this, calls);
      writtenAt = performance.now();
      multicalls++;
      return result;
    };
    const listener = runtime.events.on('modeScript', () => {
      // Each update is a new fastest time: the top rows change, and every player's own rank moves down one.
      ranking.unshift({ login: `fast${ranking.length}`, nickName: 'Fast', time: ranking[0]!.time - 1 });
      sent = showRecordsWidget(ctx!.ui, ranking, 5);
    });
    const samples: number[] = [];
    try {
      for (let update = 0; update < updates; update++) {
        const start = performance.now();
        runtime.events.emit('modeScript', { name: 'bench', data: {} });
        await sent;
        samples.push(writtenAt - start);
      }
    } finally {
      GbxClient.prototype.multicall = original;
      await listener.dispose();
    }
    samples.sort((a, b) => a - b);
    return { players, updates, multicallsPerUpdate: multicalls / updates, p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99) };
  } finally {
    await runtime.stop();
    worker.postMessage({ stop: true });
    await once(worker, 'exit');
    rmSync(dataDir, { recursive: true, force: true });
  }
}
