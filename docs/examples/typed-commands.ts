import { defineApp, nameForChat, subcommand } from 'pitwall';

export default defineApp({
  id: 'cup',
  version: '1.0.0',
  init(ctx) {
    const targets = new Map<string, number>();

    // /target 1:23.456 [note...] (or /t): every player sets a target time; call.params.time is in ms.
    ctx.command(
      {
        name: 'target',
        aliases: ['t'],
        description: 'sets your target time',
        params: [{ name: 'time', type: 'time' }, { name: 'note', type: 'rest', optional: true }],
      },
      (call) => {
        targets.set(call.login, call.params.time);
        return call.reply(`Target: ${call.params.time} ms${call.params.note ? ` (${call.params.note})` : ''}`);
      },
    );

    // //cup warn <player> [times] for operators and up; //cup points only for admins.
    ctx.command({
      name: 'cup',
      level: 'operator',
      description: 'runs the cup',
      subcommands: {
        warn: subcommand(
          { params: [{ name: 'player', type: 'player' }, { name: 'times', type: 'integer', min: 1, max: 3, default: 1 }] },
          (call) => ctx.server.chat(`${nameForChat(call.params.player.nickName)} is warned (${call.params.times}/3)`),
        ),
        points: subcommand(
          { level: 'admin', params: [{ name: 'system', type: 'enum', values: ['f1', 'linear'] }, { name: 'announce', type: 'boolean', default: true }] },
          async (call) => {
            if (call.params.announce) await ctx.server.chat(`Points: ${call.params.system}`);
            await call.reply(`Points set to ${call.params.system}.`);
          },
        ),
      },
    });

    // /laps [player] for everyone and //laps reset <login> for admins: a command's own parameters beside a sub-command.
    const laps = new Map<string, number>();
    ctx.command(
      {
        name: 'laps',
        description: "shows a player's laps",
        params: { player: { type: 'player', optional: true } },
        subcommands: {
          reset: subcommand({ level: 'admin', description: "clears a player's laps", params: { login: { type: 'string' } } }, (call) => {
            laps.delete(call.params.login);
            return call.reply(`Laps of ${call.params.login} cleared.`);
          }),
        },
      },
      (call) => {
        const login = call.params.player?.login ?? call.login;
        return call.reply(`${login}: ${laps.get(login) ?? 0} laps`);
      },
    );
  },
});
