import { defineApp, nameForChat } from '../../core/index.js';
import { karmaDatabase, KarmaStore, VOTES, type Tally, type VoteWord } from './store.js';
import { KarmaWidget } from './widget.js';
import { messages } from './messages.js';

const settings = {
  widget: { type: 'boolean', default: true, description: 'Show the map score with ++ and -- buttons on every screen.' },
} as const;

/** A vote typed alone on a chat line: ++, --, +++ or ---. */
const VOTE_LINE = /^\s*(\+\+\+|\+\+|---|--)\s*$/;

/** What the karma app gives the apps that use it (ctx.optionalDependency('karma')). */
export interface KarmaApi {
  /** Each map's score (sum of its votes), for the maps that have votes. */
  scores(mapUids: readonly string[]): Promise<Map<string, number>>;
  tally(mapUid: string): Promise<Tally>;
}

const signed = (score: number): string => (score > 0 ? `+${score}` : String(score));

/** "1 +++, 2 ++, 2 --": how many of each vote. */
function tallyParts(tally: Tally): string {
  return (Object.keys(VOTES) as VoteWord[])
    .filter((word) => tally.counts[word] > 0)
    .map((word) => `${tally.counts[word]} ${word}`)
    .join(', ');
}

/** Map karma: players vote ++, --, +++ or --- in the chat or with the widget's buttons; /karma shows the score. */
export default defineApp({
  id: 'karma',
  version: '1.0.0',
  description: 'Players rate the current map with ++/-- (or +++/---) in the chat or the widget; /karma shows its score.',
  settings,
  messages,
  database: karmaDatabase,
  init(ctx) {
    const store = new KarmaStore(ctx.db);

    const showWidget = async (): Promise<void> => {
      const map = ctx.server.currentMap;
      if (!ctx.settings.widget || !map) return ctx.ui.hide('widget');
      const tally = await store.tally(map.uid);
      await ctx.ui.show('widget', <KarmaWidget score={signed(tally.score)} votes={tally.votes} onUp={(click) => vote(click.login, '++')} onDown={(click) => vote(click.login, '--')} />);
    };

    /** "+3 (5 votes: 1 +++, 2 ++, 2 --)": the score and how it is made up, in `login`'s language. */
    const tallyFor = (login: string, tally: Tally): Promise<string> =>
      tally.votes === 1
        ? ctx.t(login, 'tallyOne', { score: signed(tally.score), parts: tallyParts(tally) })
        : ctx.t(login, 'tallyMany', { score: signed(tally.score), votes: tally.votes, parts: tallyParts(tally) });

    const vote = async (login: string, word: VoteWord): Promise<void> => {
      const map = ctx.server.currentMap;
      if (!map) return ctx.tell(login, 'noMapToVote');
      const name = nameForChat(map.name);
      const before = await store.voteOf(map.uid, login);
      if (before === word) return ctx.tell(login, 'alreadyVoted', { word, map: name });
      await store.vote(map.uid, login, word, new Date().toISOString());
      const tally = await store.tally(map.uid);
      const described = await tallyFor(login, tally);
      if (before === undefined) await ctx.tell(login, 'counted', { word, map: name, tally: described });
      else await ctx.tell(login, 'changed', { word, map: name, before, tally: described });
      await showWidget();
    };

    ctx.on('playerChat', async ({ login, text, isCommand }) => {
      const match = !isCommand && VOTE_LINE.exec(text);
      if (match) await vote(login, match[1] as VoteWord);
    });
    ctx.on('beginMap', () => showWidget());
    ctx.onSettingsChange(() => showWidget());

    ctx.command({ name: 'karma', description: "shows the current map's karma and your vote" }, async (call) => {
      const map = ctx.server.currentMap;
      if (!map) return call.reply(await ctx.t(call.login, 'noMap'));
      const [tally, mine] = await Promise.all([store.tally(map.uid), store.voteOf(map.uid, call.login)]);
      const name = nameForChat(map.name);
      if (tally.votes === 0) return call.reply(await ctx.t(call.login, 'noVotes', { map: name }));
      const described = await tallyFor(call.login, tally);
      await call.reply(await (mine ? ctx.t(call.login, 'karmaVoted', { map: name, tally: described, vote: mine }) : ctx.t(call.login, 'karmaNotVoted', { map: name, tally: described })));
    });

    ctx.after(0, () => showWidget());
    const api: KarmaApi = { scores: (mapUids) => store.scores(mapUids), tally: (mapUid) => store.tally(mapUid) };
    return api;
  },
});
