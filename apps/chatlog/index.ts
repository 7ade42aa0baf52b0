import { defineApp, showListWindow, stripFormatting } from '../../core/index.js';
import { messages } from './messages.js';
import { chatLogDatabase, ChatLogStore } from './store.js';

const settings = {
  retentionDays: { type: 'integer', default: 30, min: 1, max: 3650, description: 'Days a chat line is kept; older lines are deleted every hour.' },
  maxLines: { type: 'integer', default: 200_000, min: 100, max: 10_000_000, description: 'The most lines kept in all (every server sharing the database); the oldest go first.' },
  windowLines: { type: 'integer', default: 100, min: 10, max: 1000, description: 'How many of the newest lines //chatlog shows.' },
} as const;

/** A prune runs also after this many new lines, so a busy hour cannot grow the table far past maxLines. */
const PRUNE_EVERY_LINES = 1000;

/** Keeps what players write in the chat, for operators to read back with //chatlog. It never leaves the machine. */
export default defineApp({
  id: 'chatlog',
  version: '1.0.0',
  description: 'Keeps the chat (not commands) for a set number of days; //chatlog [login] shows it to operators.',
  settings,
  database: chatLogDatabase,
  messages,
  async init(ctx) {
    const store = new ChatLogStore(ctx.db);
    let sincePrune = 0;
    const prune = async (): Promise<void> => {
      sincePrune = 0;
      const removed = await store.prune(new Date(), ctx.settings.retentionDays, ctx.settings.maxLines);
      if (removed > 0) ctx.logger.info(`chat log: ${removed} old lines deleted`);
    };
    await prune();
    ctx.every('0 0 * * * *', prune);

    ctx.on('playerChat', async ({ login, text, isCommand }) => {
      // Kept with their formatting codes (the window shows them stripped). Commands are left out: `//password`, `//set` and the like carry secrets.
      if (isCommand || text.trim() === '') return;
      const nickName = ctx.server.players.get(login)?.nickName ?? login;
      await store.add({ at: new Date().toISOString(), login, nick_name: nickName, text, server: ctx.server.info.login });
      if (++sincePrune >= PRUNE_EVERY_LINES) await prune();
    });

    ctx.command(
      {
        name: 'chatlog',
        level: 'operator',
        description: 'shows the recent chat, of everyone or of one login',
        params: { login: { type: 'string', optional: true, description: "a player's exact login" } },
      },
      async (call) => {
        const { login } = call.params;
        const lines = await store.recent(ctx.server.info.login, ctx.settings.windowLines, login);
        const t = (key: 'time' | 'player' | 'text') => ctx.t(call.login, key);
        if (lines.length === 0) return call.reply(await (login === undefined ? ctx.t(call.login, 'empty') : ctx.t(call.login, 'emptyOf', { login })));
        await showListWindow(ctx.ui, call.login, {
          id: 'chatlog',
          title: await (login === undefined ? ctx.t(call.login, 'title') : ctx.t(call.login, 'titleOf', { login })),
          columns: [
            { header: await t('time'), width: 30 },
            { header: await t('player'), width: 40 },
            { header: await t('text'), width: 110 },
          ],
          rows: lines.map((line) => [line.at.slice(0, 19).replace('T', ' '), stripFormatting(line.nick_name), stripFormatting(line.text)]),
          pageSize: 15,
        });
      },
    );
  },
});
