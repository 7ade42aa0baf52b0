import { defineApp, type UiClick } from 'pitwall';

export default defineApp({
  id: 'map-vote',
  version: '1.0.0',
  init(ctx) {
    const votes = new Map<string, string>();
    const close = ({ login }: UiClick) => ctx.ui.hide('vote', { to: login });
    const vote = (choice: string) => async (click: UiClick) => {
      votes.set(click.login, choice);
      await ctx.server.chatTo(click.login, `You voted ${choice}: ${click.entries.comment || 'no comment'}`);
      await close(click);
    };
    // Only admins (and master admins) may press this one; for others the click is refused before the handler.
    const skip = { admin: true, handler: () => ctx.server.nextMap() };

    ctx.command('vote', (call) =>
      ctx.ui.show(
        'vote',
        <frame pos={[-40, 20]}>
          <quad size={[80, 34]} bgcolor="000c" />
          <label pos={[3, -4]} textsize={2} text={`Keep ${ctx.server.currentMap?.name ?? 'this map'}?`} />
          <entry name="comment" pos={[3, -12]} size={[74, 6]} default="" />
          <label id="yes" pos={[3, -24]} text="Yes" onAction={vote('yes')} />
          <label id="no" pos={[20, -24]} text="No" onAction={vote('no')} />
          <label id="skip" pos={[40, -24]} text="Skip now (admins)" onAction={skip} />
          <label id="close" pos={[77, -24]} halign="right" text="Close" onAction={close} />
        </frame>,
        { to: call.login },
      ),
    );
  },
});
