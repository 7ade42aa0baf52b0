import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { AppInfo } from '../../../core/apps/registry.js';
import { FeedBuilder } from '../../../core/reporting/feed.js';
import { NameMasker } from '../../../core/reporting/name-mask.js';
import { Redactor } from '../../../core/reporting/redact.js';
import type { GameServer } from '../../../core/server/facade.js';
import type { PlayerInfo } from '../../../core/server/event-map.js';

const app: AppInfo = { id: 'fields-app', version: '1.0.0' };

/** The server state a feed reads: its info and the players connected now. */
function serverWith(players: PlayerInfo[]): GameServer {
  const info = { name: '$o$f80Sprint $zArena', login: 'Arena-Host_1', titleId: 'Arena-Host_1@nadeo', version: '3', build: '1', apiVersion: '2023-04-24', status: 'Running', modeScript: 'Modes/Arena-Host_1.Script.txt' };
  return { info, players: new Map(players.map((player) => [player.login, player])) } as unknown as GameServer;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

it("masks names in every string field of a feed: the error's name, its message, frames and tags, and the server's name and login in every form", () => {
  const error = new Error('Sprint Arena (SPRINT ARENA) refused arena-host_1 at 2001:db8::1');
  error.name = 'ArenaError[Arena-Host_1]';
  const event = new FeedBuilder(new Redactor()).build(error, { app: app.id, event: { name: 'beginMap of Arena-Host_1' } }, app, { apps: [app], server: serverWith([]) });
  const all = strings(event).join('\n').toLowerCase();
  for (const leak of ['arena-host_1', 'sprint arena', '$o$f80sprint', '2001:db8::1']) assert.equal(all.includes(leak), false, `${leak} in ${all}`);
  const value = (event['exception'] as { values: { type: string; value: string }[] }).values.at(-1)!;
  assert.equal(value.type, 'ArenaError[<server>]');
  assert.equal(value.value, '<server> (<server>) refused <server> at <ip>');
  assert.deepEqual(event['tags'], { controller_version: (event['tags'] as Record<string, string>).controller_version, node_version: process.version, os_family: process.platform, title_pack: '<server>@nadeo', game_mode: 'Modes/<server>.Script.txt', event: 'beginMap of <server>' });
});

it('keeps "wide text" readable in a feed where a player called wide was seen, and masks wide where it is used as a login', () => {
  const people = new NameMasker([{ text: 'wide', marker: '<player>' }]);
  const feedValue = (message: string, payload?: unknown) => {
    const event = new FeedBuilder(new Redactor()).build(new Error(message), { app: app.id, event: { name: 'playerChat', payload } }, app, { apps: [app], people });
    return (event['exception'] as { values: { value: string }[] }).values.at(-1)!.value;
  };
  assert.equal(feedValue('the wide text of the rules'), 'the wide text of the rules');
  assert.equal(feedValue('cannot read player_wide.json for wide_best'), 'cannot read player_<player>.json for <player>_best');
  // While handling wide's own chat line, wide is a login wherever it stands.
  assert.equal(feedValue('lap of wide is impossible', { login: 'wide', text: 'hi' }), 'lap of <player> is impossible');
});
