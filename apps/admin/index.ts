import { AccessControl, defineApp, GbxFault, nameForChat, stripFormatting, type AccessLevel, type AppContext, type CommandCall } from '../../core/index.js';
import { protectedOwner, sanctionRefusal, type SanctionRefusal } from './rank-guard.js';
import { adminDatabase, AdminStore, type AdminTables, type SanctionKind } from './store.js';
import { messages } from './messages.js';

/** Logins as the game has them: letters, digits, '.', '_' and '-'. */
const LOGIN = /^[A-Za-z0-9_.-]{1,64}$/;

/** The server's fault texts meaning the list already is as asked (so applying again changes nothing). */
const ALREADY = /^(Player already (ignored|black listed|on guest list)|Login not banned|Player not (ignored|black listed|on guest list))\.$/;

/** Each kind of sanction: the server methods that apply and lift it, the level it needs, and its words for the log. */
const SANCTIONS: Record<SanctionKind, { set: string; unset: string; level: AccessLevel; command: string; undo: string; done: string; undone: string; description: string; online?: boolean }> = {
  mute: { set: 'Ignore', unset: 'UnIgnore', level: 'operator', command: 'mute', undo: 'unmute', done: 'muted', undone: 'unmuted', description: 'mutes a player in the chat', online: true },
  ban: { set: 'Ban', unset: 'UnBan', level: 'admin', command: 'ban', undo: 'unban', done: 'banned', undone: 'unbanned', description: 'bans a player, also after restarts' },
  blacklist: { set: 'BlackList', unset: 'UnBlackList', level: 'master', command: 'blacklist', undo: 'unblacklist', done: 'blacklisted', undone: 'unblacklisted', description: 'blacklists a player' },
  guest: { set: 'AddGuest', unset: 'RemoveGuest', level: 'master', command: 'addguest', undo: 'removeguest', done: 'added to the guest list', undone: 'removed from the guest list', description: 'lets a player join a full or locked server' },
};

type Ctx = AppContext<Record<string, never>, AdminTables>;

/** Chat commands for running the server: players, map skip, kick, bans and lists, warnings, server name, password, slots. */
export default defineApp({
  id: 'admin',
  version: '1.1.0',
  description: 'Chat commands: /players for everyone; kick, mute, warn, ban, blacklist, guest list and server settings by level.',
  database: adminDatabase,
  messages,
  init(ctx) {
    const store = new AdminStore(ctx.db);
    const access = ctx.container.resolve<AccessControl>(AccessControl);
    const name = (login: string): string => nameForChat(ctx.server.players.get(login)?.nickName ?? login);
    /** The refusal's line, in the language of the admin who asked. */
    const refusal = (call: CommandCall, refused: SanctionRefusal): Promise<string> => ctx.t(call.login, refused.key, refused.params as never);
    /** Logs and records an admin action with who did it and why. */
    const record = async (call: CommandCall, action: string, target: string, reason = ''): Promise<void> => {
      await store.log(call.login, action, target, reason);
      ctx.logger.info(`${call.login} ${action} ${target}${reason ? ` (${stripFormatting(reason)})` : ''}`);
    };

    ctx.command({ name: 'players', description: 'lists the connected players' }, async (call) => {
      const players = [...ctx.server.players.values()];
      if (players.length === 0) return call.reply(await ctx.t(call.login, 'noPlayers'));
      const names = players.map((player) => `${nameForChat(player.nickName)}${player.isSpectator ? ' (spec)' : ''}`);
      await call.reply(await ctx.t(call.login, 'players', { count: players.length, names: names.join(', ') }));
    });

    ctx.command({ name: 'skip', level: 'operator', description: 'goes to the next map' }, async (call) => {
      const map = ctx.server.currentMap?.name;
      await ctx.server.nextMap();
      await (map === undefined ? ctx.announce('skippedCurrent') : ctx.announce('skipped', { map: nameForChat(map) }));
      await record(call, 'skipped', map === undefined ? 'the current map' : stripFormatting(map));
    });

    ctx.command(
      {
        name: 'kick',
        level: 'operator',
        description: 'removes a player from the server',
        params: [{ name: 'player', type: 'player' }, { name: 'reason', type: 'rest', optional: true, description: 'shown to the player' }],
      },
      async (call) => {
        const { player, reason = '' } = call.params;
        const refused = sanctionRefusal(access, call.login, player.login, { verb: 'kick' });
        if (refused) return call.reply(await refusal(call, refused));
        await ctx.server.kick(player.login, reason);
        await call.reply(await ctx.t(call.login, 'kicked', { player: nameForChat(player.nickName), login: player.login }));
        await record(call, 'kicked', player.login, reason);
      },
    );

    for (const [kind, words] of Object.entries(SANCTIONS) as [SanctionKind, (typeof SANCTIONS)[SanctionKind]][]) {
      ctx.command(
        {
          name: words.command,
          level: words.level,
          description: words.description,
          params: [
            { name: 'login', type: 'string', description: "the player's exact login" },
            { name: 'reason', type: 'rest', optional: true, description: 'why (logged and shown)' },
          ],
        },
        async (call) => {
          const { login, reason = '' } = call.params;
          if (!LOGIN.test(login)) return call.reply(await ctx.t(call.login, 'notALogin', { usage: call.usage }));
          if (login === call.login) return call.reply(await ctx.t(call.login, 'refusedSelf', { verb: words.command }));
          // Putting someone on the guest list is a favour, not a sanction: any login may get it.
          const refused = kind === 'guest' ? undefined : sanctionRefusal(access, call.login, login, { verb: words.command, neverOnOwners: kind === 'ban' || kind === 'blacklist' });
          if (refused) return call.reply(await refusal(call, refused));
          if (words.online && !ctx.server.players.has(login)) return call.reply(await ctx.t(call.login, 'notConnected', { login }));
          if (await store.has(login, kind)) return call.reply(await ctx.t(call.login, `already.${kind}`, { login }));
          const shown = name(login);
          await apply(ctx, words.set, login, kind === 'ban' ? reason : undefined);
          await store.add({ login, kind, reason, by: call.login, at: new Date().toISOString() });
          await record(call, words.done, login, reason);
          await (reason ? ctx.announce(`sanctionedWhy.${kind}`, { player: shown, reason }) : ctx.announce(`sanctioned.${kind}`, { player: shown }));
        },
      );
      ctx.command(
        { name: words.undo, level: words.level, description: `lifts ${words.command}`, params: { login: { type: 'string', description: "the player's exact login" } } },
        async (call) => {
          const { login } = call.params;
          if (!LOGIN.test(login)) return call.reply(await ctx.t(call.login, 'notALogin', { usage: call.usage }));
          // Taking a guest's place away is the one lifting that sanctions its target.
          const refused = kind === 'guest' ? sanctionRefusal(access, call.login, login, { verb: words.undo }) : undefined;
          if (refused) return call.reply(await refusal(call, refused));
          if (!(await store.remove(login, kind))) return call.reply(await ctx.t(call.login, `notYet.${kind}`, { login }));
          await apply(ctx, words.unset, login);
          await record(call, words.undone, login);
          await call.reply(await ctx.t(call.login, `lifted.${kind}`, { login }));
        },
      );
    }

    ctx.command({ name: 'bans', level: 'admin', description: 'lists the banned players' }, async (call) => {
      const bans = await store.sanctions('ban');
      if (bans.length === 0) return call.reply(await ctx.t(call.login, 'nobodyBanned'));
      await call.reply(await ctx.t(call.login, 'banned', { list: bans.map((ban) => `${ban.login}${ban.reason ? ` (${ban.reason})` : ''}`).join(', ') }));
    });

    ctx.command(
      { name: 'warn', level: 'operator', description: 'sends a player a warning', params: [{ name: 'player', type: 'player' }, { name: 'reason', type: 'rest', description: 'the warning' }] },
      async (call) => {
        const { player, reason } = call.params;
        const refused = sanctionRefusal(access, call.login, player.login, { verb: 'warn' });
        if (refused) return call.reply(await refusal(call, refused));
        await ctx.tell(player.login, 'warning', { reason });
        await record(call, 'warned', player.login, reason);
        await call.reply(await ctx.t(call.login, 'warned', { player: nameForChat(player.nickName), login: player.login }));
      },
    );

    ctx.command({ name: 'servername', level: 'admin', description: 'renames the server', params: { name: { type: 'rest', description: 'the new name' } } }, async (call) => {
      const text = call.params.name;
      await ctx.server.call('SetServerName', text);
      await record(call, 'renamed the server to', stripFormatting(text));
      await call.reply(await ctx.t(call.login, 'serverName', { name: nameForChat(text) }));
    });

    ctx.command(
      { name: 'password', level: 'admin', description: "sets the players' password; --none removes it", params: { password: { type: 'string', description: 'one word, or --none' } } },
      async (call) => {
        const password = call.params.password === '--none' ? '' : call.params.password;
        await ctx.server.call('SetServerPassword', password);
        // The password itself never goes to the log.
        await record(call, password ? 'set the server password' : 'removed the server password', 'server');
        await call.reply(await ctx.t(call.login, password ? 'passwordSet' : 'passwordRemoved'));
      },
    );

    ctx.command(
      { name: 'maxplayers', level: 'admin', description: 'sets how many players may join (from the next map)', params: { count: { type: 'integer', min: 1, max: 255 } } },
      async (call) => {
        const { count } = call.params;
        await ctx.server.call('SetMaxPlayers', count);
        await record(call, 'set max players to', String(count));
        await call.reply(await ctx.t(call.login, 'maxPlayers', { count }));
      },
    );

    // A muted player is muted again whenever they come back (the server forgets it when they leave or restart).
    ctx.on('playerConnect', async ({ login }) => {
      if (await store.has(login, 'mute')) await apply(ctx, 'Ignore', login);
    });

    return { sanctions: (kind?: SanctionKind) => store.sanctions(kind), actions: () => store.actions() };
  },

  /** The dedicated server forgets bans when it restarts (and the controller may have restarted): apply every stored sanction again. */
  async start(ctx) {
    const sanctions = await new AdminStore(ctx.db).sanctions();
    const access = ctx.container.resolve<AccessControl>(AccessControl);
    let applied = 0;
    for (const sanction of sanctions) {
      if (sanction.kind === 'mute' && !ctx.server.players.has(sanction.login)) continue;
      if ((sanction.kind === 'ban' || sanction.kind === 'blacklist') && protectedOwner(access, sanction.login)) {
        const remove = sanction.kind === 'ban' ? 'bans' : 'blacklist';
        ctx.logger.warn(`Not applying the stored ${sanction.kind} of ${sanction.login}: ADMINS in the settings makes them a master admin. Fix: lift it with \`pitwall ${remove} remove ${sanction.login}\`.`);
        continue;
      }
      await apply(ctx, SANCTIONS[sanction.kind].set, sanction.login, sanction.kind === 'ban' ? sanction.reason : undefined);
      applied++;
    }
    if (applied) ctx.logger.info(`Applied ${applied} stored sanction(s) on the server`);
  },
});

/** Calls a list method; a fault saying the list already is as asked is no error. */
async function apply(ctx: Pick<Ctx, 'server'>, method: string, login: string, reason?: string): Promise<void> {
  try {
    if (reason === undefined) await ctx.server.call(method, login);
    else await ctx.server.call(method, login, reason);
  } catch (error) {
    if (error instanceof GbxFault && ALREADY.test(error.faultString)) return;
    throw error;
  }
}
