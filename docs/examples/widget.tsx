import { defineApp } from 'pitwall';

export default defineApp({
  id: 'finish-counter',
  version: '1.0.0',
  async init(ctx) {
    const finishes = new Map<string, number>();
    // Rendered for each player: everyone sees their own count.
    const counter = (login: string) => (
      <frame pos={[-158, 80]}>
        <quad size={[34, 7]} bgcolor="0008" />
        <label pos={[2, -3.5]} valign="center" textsize={1} text={`Finishes: ${finishes.get(login) ?? 0}`} />
      </frame>
    );
    // Shown to everyone now and to everyone who joins later.
    await ctx.ui.show('counter', counter);

    ctx.on('playerFinish', async ({ login, isEndRace }) => {
      if (!isEndRace) return;
      finishes.set(login, (finishes.get(login) ?? 0) + 1);
      // Only this player's widget changes, so only they are sent an update.
      await ctx.ui.show('counter', counter, { to: login });
    });
  },
});
