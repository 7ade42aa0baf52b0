import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, it } from 'node:test';
import { chatLogDatabase, ChatLogStore, type ChatLine, type ChatLogTables } from '../../apps/chatlog/store.js';
import { openDatabase } from '../../core/storage/database.js';
import type { Kysely } from '../../core/index.js';
import { startTestCore, type TestCore } from '../helpers/core.js';
import { readUntil } from '../helpers/read-until.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

const tables = (): Kysely<ChatLogTables> => core!.runtime.database.namespace('app_chatlog', "app 'chatlog'") as Kysely<ChatLogTables>;

/** Resolves once the chat log holds `count` lines (they are written after the chat event was handled). */
function linesStored(count: number): Promise<ChatLine[]> {
  return readUntil(() => tables().selectFrom('lines').selectAll().orderBy('at').execute(), (rows) => rows.length >= count, `${count} chat log lines`);
}

it('keeps every chat line with its nickname, codes and server, but no command', async () => {
  core = await startTestCore({ apps: ['chatlog'], settings: { ADMINS: ['boss'] } });
  await core.join('anna', '$f80Anna');
  await core.join('boss', 'Boss');
  await core.chat('anna', 'hello $00fall');
  await core.chat('anna', '/help');
  await core.chat('boss', '//password secret-pw');
  await core.chat('anna', 'gg');
  const rows = await linesStored(2);
  assert.deepEqual(
    rows.map(({ login, nick_name, text, server }) => ({ login, nick_name, text, server })),
    [
      { login: 'anna', nick_name: '$f80Anna', text: 'hello $00fall', server: core.runtime.server.info.login },
      { login: 'anna', nick_name: '$f80Anna', text: 'gg', server: core.runtime.server.info.login },
    ],
  );
  assert.match(rows[0]!.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});

it('//chatlog shows operators the newest lines first, of everyone or of one login; players are refused', async () => {
  core = await startTestCore({ apps: ['chatlog'], settings: { ADMINS: ['boss'] } });
  await core.join('anna', 'Anna');
  await core.join('ben', '$i$00fBen');
  await core.join('boss', 'Boss');
  await core.chat('boss', '//chatlog');
  await core.waitForChat('The chat log is empty.');
  await core.chat('anna', 'first');
  await core.chat('ben', '$oloud');
  await linesStored(2);

  await core.chat('boss', '//chatlog');
  const window = () => core!.ui.page('boss', 'pitwall.chatlog.chatlog');
  await core.waitFor(() => window() !== undefined, 'the chat log window');
  const texts = window()!.texts;
  assert.equal(texts[0], 'Chat log');
  assert.deepEqual(texts.slice(texts.indexOf('Text') + 1, texts.indexOf('Text') + 7).filter((_, index) => index % 3 !== 0), ['Ben', 'loud', 'Anna', 'first']);

  await core.chat('boss', '//chatlog anna');
  await core.waitFor(() => window()?.texts[0] === 'Chat log of anna', 'the window for anna');
  assert.equal(window()!.texts.includes('loud'), false);
  await core.chat('boss', '//chatlog nobody');
  await core.waitForChat('The chat log has no lines of nobody.');

  await core.chat('anna', '//chatlog');
  const refusal = await core.waitForChat(/chatlog/);
  assert.deepEqual(refusal.to, ['anna']);
  assert.equal(core.ui.page('anna', 'pitwall.chatlog.chatlog'), undefined);
});

it('prunes lines past the retention and, past maxLines, the oldest first', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'pitwall-chatlog-'));
  const database = await openDatabase('', folder);
  try {
    await database.migrate('app_chatlog', "app 'chatlog'", chatLogDatabase.migrations);
    const store = new ChatLogStore(database.namespace('app_chatlog', "app 'chatlog'") as Kysely<ChatLogTables>);
    const line = (at: string, text: string): ChatLine => ({ at, login: 'anna', nick_name: 'Anna', text, server: 'srv' });
    await store.add(line('2026-01-01T00:00:00.000Z', 'too old'));
    for (let day = 10; day <= 14; day++) await store.add(line(`2026-01-${day}T00:00:00.000Z`, `day ${day}`));
    await store.add({ ...line('2026-01-15T00:00:00.000Z', 'x'.repeat(1500)) });
    const now = new Date('2026-01-31T00:00:00.000Z');
    assert.equal(await store.prune(now, 30, 4), 3, 'one line by age, two by count');
    const kept = await store.recent('srv', 10);
    assert.deepEqual(kept.map((row) => row.text.slice(0, 6)), ['xxxxxx', 'day 14', 'day 13', 'day 12']);
    assert.equal(kept[0]!.text.length, 1000, 'a line is kept up to 1000 characters');
    assert.equal(await store.prune(now, 30, 4), 0);
    assert.deepEqual(await store.recent('other-server', 10), []);
  } finally {
    await database.close();
    rmSync(folder, { recursive: true, force: true });
  }
});
