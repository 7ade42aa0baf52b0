import { defineApp, showListWindow, type ListColumn } from 'pitwall';

// Each column: its header, its width in ManiaLink units, and how its cells are aligned (default left).
const columns: ListColumn[] = [
  { header: 'Player', width: 40 },
  { header: 'Laps', width: 12, halign: 'right' },
];

export default defineApp({
  id: 'lap-board',
  version: '1.0.0',
  init(ctx) {
    const laps = new Map<string, number>();
    ctx.on('playerFinish', ({ login }) => void laps.set(login, (laps.get(login) ?? 0) + 1));

    // /laps opens a paged window for the player who typed it. Each row is one cell per column, in the
    // columns' order (text or a number); given as a function, the rows are read again at every page turn.
    ctx.command('laps', (call) =>
      showListWindow(ctx.ui, call.login, {
        id: 'board',
        title: 'Laps this map',
        columns,
        rows: () => [...laps].sort(([, a], [, b]) => b - a).map(([login, count]) => [login, count]),
        pageSize: 10,
      }),
    );
    // //laps-reset is for admins: a player in ADMINS or granted admin in game.
    ctx.command(
      'laps-reset',
      async (call) => {
        laps.clear();
        await call.reply(`Lap counts cleared by ${call.login}.`);
      },
      { admin: true, description: 'clears the lap counts' },
    );
  },
});
