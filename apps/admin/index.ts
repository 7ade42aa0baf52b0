import { defineApp, GbxFault, nameForChat, stripFormatting, type AppContext, type CommandCall } from '../../core/index.js';
import { adminDatabase, AdminStore, type AdminTables, type SanctionKind } from './store.js';

/** Logins as the game has them: letters, digits, '.', '_' and '-'. */
const LOGIN = /^[A-Za-z0-9_.-]{1,64}$/;
const NOT_A_LOGIN = 'That is not a login: a login is letters, digits, ".", "_" or "-" (see /players).';

/** The server's fault texts meaning the list already is as asked (so re-applying changes nothing). */
const ALREADY = /^(Player already (ignored|black listed|on guest list)|Login not banned|Player not (ignored|black listed|on guest list))\.$/;

/** The server method that applies each kind of sanction, and the one that lifts it. */
const APPLY: Record<SanctionKind, { set: string; unset: string }> = {
  ban: { set: 'Ban', unset: 'UnBan' },
  blacklist: { set: 'BlackList', unset: 'UnBlackList' },
  guest: { set: 'AddGuest', unset: 'RemoveGuest' },
  mute: { set: 'Ignore', unset: 'UnIgnore' },
};

type Ctx = AppContext<Record<string, never>, AdminTables>;

/** Chat commands for running the server: players, map skip, kick, bans and lists, server name, password, slots. */
export default defineApp({
  id: 'admin',
  version: '1.1.0',
  description: 'Chat commands: /players for everyone; kick, ban, blacklist, guest list, mute, warn and server settings for admins.',
  database: adminDatabase,
  init(ctx) {
    const store = new AdminStore(ctx.db);
    const name = (login: string): string => nameForChat(ctx.server.players.get(login)?.nickName ?? login);
    /** Logs and records an admin action with who did it and why. */
    const record = async (call: CommandCall, action: string, target: string, reason = ''): Promise<void> => {
      await store.log(call.login, action, target, reason);
      ctx.logger.info(`${call.login} ${action} ${target}${reason ? ` (${stripFormatting(reason)})` : ''}`);
    };

    ctx.command(
      'players',
      async (call) => {
        const players = [...ctx.server.players.values()];
        if (players.length === 0) return call.reply('No players are connected.');
        const names = players.map((player) => `${nameForChat(player.nickName)}${player.isSpectator ? ' (spec)' : ''}`);
        await call.reply(`${players.length} connected: ${names.join(', ')}`);
      },
      { description: 'lists the connected players' },
    );

    ctx.command(
      'skip',
      async (call) => {
        const map = ctx.server.currentMap?.name;
        await ctx.server.nextMap();
        await ctx.server.chat(`${map === undefined ? 'The current map' : nameForChat(map)} was skipped by an admin.`);
        await record(call, 'skipped', map === undefined ? 'the current map' : stripFormatting(map));
      },
      { admin: true, description: 'goes to the next map' },
    );

    ctx.command(
      'kick',
      async (call) => {
        const [target, ...reason] = call.args;
        if (!target) return call.reply('Usage: /kick <login> [reason]');
        if (!ctx.server.players.has(target)) return call.reply(`No player with login '${target}' is connected.`);
        await ctx.server.kick(target, reason.join(' '));
        await call.reply(`Kicked ${target}.`);
        await record(call, 'kicked', target, reason.join(' '));
      },
      { admin: true, description: 'removes a player from the server' },
    );

    /** `/<command> <login> [reason]`: checks the login, then runs `act`; one line for bad input. */
    const withLogin = (usage: string, act: (call: CommandCall, login: string, reason: string) => Promise<unknown>) => async (call: CommandCall) => {
      const [target] = call.args;
      if (!target) return call.reply(`Usage: ${usage}`);
      if (!LOGIN.test(target)) return call.reply(`${NOT_A_LOGIN} Usage: ${usage}`);
      const reason = call.text.trim().slice(target.length).trim();
      await act(call, target, reason);
    };

    const sanction = (kind: SanctionKind, command: string, done: string, description: string, needsConnected = false) =>
      ctx.command(
        command,
        withLogin(`/${command} <login> [reason]`, async (call, login, reason) => {
          if (login === call.login) return call.reply(`You cannot ${command} yourself.`);
          if (needsConnected && !ctx.server.players.has(login)) return call.reply(`No player with login '${login}' is connected.`);
          if (await store.has(login, kind)) return call.reply(`${login} is already ${done}.`);
          const shown = name(login);
          await apply(ctx, APPLY[kind].set, login, kind === 'ban' ? reason : undefined);
          await store.add({ login, kind, reason, by: call.login, at: new Date().toISOString() });
          await record(call, done, login, reason);
          await ctx.server.chat(`An admin ${done} ${shown}${reason ? `: ${reason}` : '.'}`);
        }),
        { admin: true, description },
      );

    const lift = (kind: SanctionKind, command: string, done: string, notYet: string, description: string) =>
      ctx.command(
        command,
        withLogin(`/${command} <login>`, async (call, login) => {
          if (!(await store.remove(login, kind))) return call.reply(`${login} is not ${notYet}.`);
          await apply(ctx, APPLY[kind].unset, login);
          await record(call, done, login);
          await call.reply(`${login} is ${done}.`);
        }),
        { admin: true, description },
      );

    sanction('ban', 'ban', 'banned', 'bans a player: /ban <login> [reason]');
    lift('ban', 'unban', 'unbanned', 'banned', 'lifts a ban: /unban <login>');
    sanction('blacklist', 'blacklist', 'blacklisted', 'blacklists a player: /blacklist <login> [reason]');
    lift('blacklist', 'unblacklist', 'unblacklisted', 'blacklisted', 'takes a player off the blacklist');
    sanction('guest', 'addguest', 'added to the guest list', 'puts a player on the guest list (joins a full or locked server)');
    lift('guest', 'removeguest', 'removed from the guest list', 'on the guest list', 'takes a player off the guest list');
    sanction('mute', 'mute', 'muted', 'mutes a player in the chat: /mute <login> [reason]', true);
    lift('mute', 'unmute', 'unmuted', 'muted', 'lets a muted player chat again');

    ctx.command(
      'bans',
      async (call) => {
        const bans = await store.sanctions('ban');
        if (bans.length === 0) return call.reply('Nobody is banned.');
        await call.reply(`Banned: ${bans.map((ban) => `${ban.login}${ban.reason ? ` (${ban.reason})` : ''}`).join(', ')}`);
      },
      { admin: true, description: 'lists the banned players' },
    );

    ctx.command(
      'warn',
      withLogin('/warn <login> <reason>', async (call, login, reason) => {
        if (!reason) return call.reply('Usage: /warn <login> <reason>');
        if (!ctx.server.players.has(login)) return call.reply(`No player with login '${login}' is connected.`);
        await ctx.server.chatTo(login, `$f80Warning from an admin:$z ${reason}`);
        await record(call, 'warned', login, reason);
        await call.reply(`Warned ${login}.`);
      }),
      { admin: true, description: 'sends a player a warning: /warn <login> <reason>' },
    );

    ctx.command(
      'servername',
      async (call) => {
        const text = call.text.trim();
        if (!text) return call.reply('Usage: /servername <name>');
        await ctx.server.call('SetServerName', text);
        await record(call, 'renamed the server to', stripFormatting(text));
        await call.reply(`The server is now called ${nameForChat(text)}.`);
      },
      { admin: true, description: 'renames the server: /servername <name>' },
    );

    ctx.command(
      'password',
      async (call) => {
        const text = call.text.trim();
        if (!text || /\s/.test(text)) return call.reply('Usage: /password <password without spaces> or /password --none');
        const password = text === '--none' ? '' : text;
        await ctx.server.call('SetServerPassword', password);
        // The password itself never goes to the log.
        await record(call, password ? 'set the server password' : 'removed the server password', 'server');
        await call.reply(password ? 'The server now asks players for a password.' : 'The server no longer asks for a password.');
      },
      { admin: true, description: 'sets the players\' password: /password <password> | --none' },
    );

    ctx.command(
      'maxplayers',
      async (call) => {
        const [count, extra] = call.args;
        const value = Number(count);
        if (!count || extra !== undefined || !/^\d+$/.test(count) || value < 1 || value > 255) {
          return call.reply('Usage: /maxplayers <count>, a whole number from 1 to 255');
        }
        await ctx.server.call('SetMaxPlayers', value);
        await record(call, 'set max players to', String(value));
        await call.reply(`Max players set to ${value} (from the next map).`);
      },
      { admin: true, description: 'sets how many players may join: /maxplayers <count>' },
    );

    // A muted player is muted again whenever they come back (the server forgets it when they leave or restart).
    ctx.on('playerConnect', async ({ login }) => {
      if (await store.has(login, 'mute')) await apply(ctx, 'Ignore', login);
    });

    return { sanctions: (kind?: SanctionKind) => store.sanctions(kind), actions: () => store.actions() };
  },

  /** The dedicated server forgets bans (and the controller may have restarted): apply every stored sanction again. */
  async start(ctx) {
    const store = new AdminStore(ctx.db);
    const sanctions = await store.sanctions();
    for (const sanction of sanctions) {
      if (sanction.kind === 'mute' && !ctx.server.players.has(sanction.login)) continue;
      await apply(ctx, APPLY[sanction.kind].set, sanction.login, sanction.kind === 'ban' ? sanction.reason : undefined);
    }
    if (sanctions.length) ctx.logger.info(`Applied ${sanctions.length} stored sanction(s) on the server`);
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
