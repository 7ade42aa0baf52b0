import { defineApp, GbxFault, nameForChat, stripFormatting, subcommand, type XmlRpcValue } from '../../core/index.js';
import { Jukebox, type JukeboxEntry, type ServerMap } from './jukebox.js';
import { searchMaps } from './map-search.js';
import { settings } from './settings.js';
import { JukeboxStore, mapsDatabase } from './store.js';
import { MapVote, type VoteKind } from './vote.js';
import { messages } from './messages.js';
import { mapWindow } from './window.js';

/** A map file path as the server takes it: relative to its Maps folder, no way out of it. */
const MAP_FILE = /^(?!.*\.\.)[^\\:*?"<>|]+\.map\.gbx$/i;
const MATCH_SETTINGS_FILE = /^(?!.*\.\.)[^\\:*?"<>|]+\.txt$/i;
const NOT_IN_SELECTION = 'Map not in the selection.';

/** What the maps app gives the apps that use it. */
export interface MapsApi {
  /** The jukebox, in play order: each map's uid and who queued it. */
  jukebox(): { uid: string; login: string }[];
  /** Queues a map of the server's list for `login` (announced to everyone); the answer for them when it cannot be. */
  queue(login: string, uid: string): Promise<string | undefined>;
}

/** The server's maps with paging, a jukebox played in order, map votes, and map admin commands. */
export default defineApp({
  id: 'maps',
  version: '1.0.0',
  description: 'Lists the maps (/maps), queues them (/jukebox), votes to skip or restart (/vote), and map admin commands.',
  settings,
  messages,
  database: mapsDatabase,
  // The window's karma, record and own-time columns, when those apps run.
  uses: ['karma', 'records'],
  async init(ctx) {
    const jukebox = new Jukebox(() => ctx.settings.jukeboxPerPlayer);
    // Kept per server: a restart finds the queue as it was, and servers sharing a database keep their own.
    const stored = new JukeboxStore(ctx.db, ctx.server.info.login);
    const saveJukebox = (): Promise<void> => stored.save(() => jukebox.entries);
    // Every setting is read where it is used, so a live change needs no restart (which would empty the jukebox).
    ctx.onSettingsChange(({ key, value }) => ctx.logger.info(`${key} is now ${JSON.stringify(value)}`));
    let vote: { vote: MapVote; timer: { dispose(): unknown } } | undefined;

    const mapList = async (): Promise<ServerMap[]> => {
      const list = await ctx.server.call('GetMapList', -1, 0);
      return Array.isArray(list) ? list.map(toServerMap) : [];
    };
    const mapNumber = async (login: string, number: number, usage: string): Promise<ServerMap | string> => {
      const maps = await mapList();
      return maps[number - 1] ?? (await ctx.t(login, 'wrongMapNumber', { number, count: maps.length, usage }));
    };

    /** A map left the server's list: it leaves the jukebox, and whoever queued it is told. */
    const mapGone = async (uid: string): Promise<void> => {
      const dropped = jukebox.dropMap(uid);
      if (dropped.length === 0) return;
      await saveJukebox();
      await Promise.all(dropped.map((entry) => tellQueuer(entry)));
    };
    const tellQueuer = async (entry: JukeboxEntry): Promise<void> => {
      if (ctx.server.players.has(entry.login)) await ctx.tell(entry.login, 'queuedMapGone', { map: nameForChat(entry.map.name) });
      ctx.logger.info(`${stripFormatting(entry.map.name)} (queued by ${entry.login}) left the jukebox: it is no longer on the server`);
    };

    /** Tells the server which map comes next: the head of the jukebox (a map gone from the list is dropped). */
    const chooseNext = async (): Promise<void> => {
      for (let head = jukebox.next; head; head = jukebox.next) {
        try {
          await ctx.server.call('ChooseNextMap', head.map.fileName);
          return;
        } catch (error) {
          if (!(error instanceof GbxFault && error.faultString === NOT_IN_SELECTION)) throw error;
          await mapGone(head.map.uid);
        }
      }
    };

    // The queue of the last run, less the maps no longer on the server.
    const onServer = new Set((await mapList()).map((map) => map.uid));
    const restored = await stored.load();
    for (const entry of restored) jukebox.restore(entry);
    for (const entry of restored) if (!onServer.has(entry.map.uid)) await mapGone(entry.map.uid);
    if (jukebox.entries.length > 0) ctx.after(0, () => chooseNext());

    ctx.on('beginMap', async ({ map }) => {
      closeVote();
      const began = jukebox.began(map.uid);
      if (began) await saveJukebox();
      if (began) await ctx.announce('mapAskedFor', { map: nameForChat(map.name), player: nameForChat(began.nickName) });
      await chooseNext();
    });

    const { views, mapRows, showMapList } = mapWindow(ctx, { mapList, queueMap: (login, map) => queueMap(login, map), removeMap: (login, map) => removeMap(login, map) });

    ctx.command(
      {
        name: 'maps',
        description: "lists the server's maps; with words, the maps whose name, author or environment has them",
        params: { words: { type: 'rest', optional: true, description: 'a page number, or words to search for' } },
      },
      async (call) => {
        const text = call.params.words?.trim() ?? '';
        const isPage = /^\d+$/.test(text);
        const words = text === '' || isPage ? [] : text.split(/\s+/);
        const page = isPage ? Number(text) : 1;
        if (isPage && page < 1) return call.reply(await ctx.t(call.login, 'wrongPage', { text, usage: call.usage }));
        const maps = searchMaps((await mapRows(call.login)).rows, words);
        if (words.length > 0 && maps.length === 0) return call.reply(await ctx.t(call.login, 'noMatch', { words: stripFormatting(words.join(' ')) }));
        const size = ctx.settings.pageSize;
        const pages = Math.max(1, Math.ceil(maps.length / size));
        if (page > pages) return call.reply(await (pages === 1 ? ctx.t(call.login, 'wrongPageOne', { usage: call.usage }) : ctx.t(call.login, 'wrongPageMany', { pages, usage: call.usage })));
        const from = (page - 1) * size;
        const shown = maps.slice(from, from + size).map((row) => `${row.number}. ${nameForChat(row.map.name)}`);
        const more = page < pages ? await ctx.t(call.login, 'listingMore', { next: page + 1 }) : '';
        const heading = await (words.length > 0 ? ctx.t(call.login, 'matching', { words: stripFormatting(words.join(' ')) }) : ctx.t(call.login, 'headingAll'));
        await call.reply(await ctx.t(call.login, 'listing', { heading, page, pages, list: shown.join(' | '), more }));
        views.set(call.login, { words, sort: views.get(call.login)?.sort ?? 'list', page: page - 1 });
        await showMapList(call.login);
      },
    );

    ctx.command(
      {
        name: 'jukebox',
        description: 'queues maps to be played next: add <number>, drop, list',
        subcommands: {
          list: subcommand({ description: 'shows the queue' }, async (call) => call.reply(await queueText(call.login))),
          add: subcommand(
            { description: 'queues a map by its number in /maps', params: { map: { type: 'integer', min: 1, description: 'its number in /maps' } } },
            async (call) => {
              const found = await mapNumber(call.login, call.params.map, call.usage);
              if (typeof found === 'string') return call.reply(found);
              const refusal = await queueMap(call.login, found);
              if (refusal) await call.reply(refusal);
            },
          ),
          drop: subcommand({ description: 'removes your latest map from the queue' }, async (call) => {
              const dropped = jukebox.drop(call.login);
              if (!dropped) return call.reply(await ctx.t(call.login, 'noMapQueued'));
              await saveJukebox();
              await chooseNext();
              await call.reply(await ctx.t(call.login, 'dropped', { map: nameForChat(dropped.map.name) }));
          }),
          clear: subcommand({ level: 'operator', description: 'empties the jukebox' }, async (call) => {
            const count = jukebox.clear();
            if (count === 0) return call.reply(await ctx.t(call.login, 'alreadyEmpty'));
            await saveJukebox();
            ctx.logger.info(`${call.login} emptied the jukebox (${count} maps)`);
            await ctx.announce('cleared', { count });
          }),
        },
      },
      async (call) => call.reply(await queueText(call.login)),
    );

    /** Queues a map for `login` (announced to everyone); the answer for them when it cannot be queued. */
    const queueMap = async (login: string, found: ServerMap): Promise<string | undefined> => {
      if (found.uid === ctx.server.currentMap?.uid) return ctx.t(login, 'playingNow', { map: nameForChat(found.name) });
      const nickName = ctx.server.players.get(login)?.nickName ?? login;
      const refusal = jukebox.add({ map: found, login, nickName });
      if (refusal === 'already-queued') return ctx.t(login, 'alreadyQueued', { map: nameForChat(found.name) });
      if (refusal === 'limit') {
        const limit = ctx.settings.jukeboxPerPlayer;
        return limit === 1 ? ctx.t(login, 'limitOne') : ctx.t(login, 'limitMany', { limit });
      }
      await saveJukebox();
      await chooseNext();
      await ctx.announce('added', { player: nameForChat(nickName), map: nameForChat(found.name), position: jukebox.entries.length });
      return undefined;
    };

    const queueText = (login: string): Promise<string> =>
      jukebox.entries.length === 0
        ? ctx.t(login, 'jukeboxEmpty')
        : ctx.t(login, 'jukebox', { entries: jukebox.entries.map((entry, index) => `${index + 1}. ${nameForChat(entry.map.name)} (${nameForChat(entry.nickName)})`).join(' | ') });

    ctx.command({ name: 'restart', level: 'operator', description: 'plays the current map again' }, async (call) => {
      await ctx.server.call('RestartMap');
      await ctx.announce('restarted');
      ctx.logger.info(`${call.login} restarted ${stripFormatting(ctx.server.currentMap?.name ?? 'the map')}`);
    });

    ctx.command(
      { name: 'removemap', level: 'admin', description: 'takes a map out of the list', params: { map: { type: 'integer', min: 1, description: 'its number in /maps' } } },
      async (call) => {
        const found = await mapNumber(call.login, call.params.map, call.usage);
        if (typeof found === 'string') return call.reply(found);
        await call.reply(await removeMap(call.login, found));
      },
    );

    /** Takes a map off the server for an admin (//removemap, the window's Remove); the answer for them. */
    const removeMap = async (login: string, found: ServerMap): Promise<string> => {
      if (found.uid === ctx.server.currentMap?.uid) return ctx.t(login, 'removePlaying', { map: nameForChat(found.name) });
      try {
        await ctx.server.call('RemoveMap', found.fileName);
      } catch (error) {
        if (error instanceof GbxFault) return ctx.t(login, 'removeFailed', { map: nameForChat(found.name), fault: error.faultString });
        throw error;
      }
      await mapGone(found.uid);
      await chooseNext();
      ctx.logger.info(`${login} removed the map ${stripFormatting(found.name)} (${found.fileName})`);
      return ctx.t(login, 'removed', { map: nameForChat(found.name) });
    };

    ctx.command(
      {
        name: 'addmap',
        level: 'admin',
        description: "adds a map file from the server's Maps folder",
        params: { file: { type: 'rest', description: 'its path in the Maps folder, e.g. Custom/MyMap.Map.Gbx' } },
      },
      async (call) => {
        const file = call.params.file;
        if (!MAP_FILE.test(file)) return call.reply(await ctx.t(call.login, 'wrongMapFile', { usage: call.usage }));
        try {
          await ctx.server.call('AddMap', file);
        } catch (error) {
          if (!(error instanceof GbxFault)) throw error;
          if (error.faultString === 'Map already added.') return call.reply(await ctx.t(call.login, 'mapInList'));
          return call.reply(await ctx.t(call.login, 'addFailed', { fault: error.faultString }));
        }
        const maps = await mapList();
        const added = maps.find((map) => map.fileName === file);
        ctx.logger.info(`${call.login} added the map ${file}`);
        await call.reply(await ctx.t(call.login, 'mapAdded', { map: added ? nameForChat(added.name) : file, number: maps.length }));
      },
    );

    ctx.command(
      {
        name: 'savematchsettings',
        level: 'admin',
        description: 'saves the map list to the match settings file',
        params: { file: { type: 'string', optional: true, description: 'a .txt file in the Maps folder (default: the matchSettingsFile setting)' } },
      },
      async (call) => {
        const file = call.params.file ?? ctx.settings.matchSettingsFile;
        if (!MATCH_SETTINGS_FILE.test(file)) return call.reply(await ctx.t(call.login, 'wrongSettingsFile', { usage: call.usage }));
        const count = await ctx.server.call('SaveMatchSettings', file);
        ctx.logger.info(`${call.login} saved the match settings to ${file}`);
        await call.reply(await ctx.t(call.login, 'savedSettings', { count: String(count), file }));
      },
    );

    const voters = (): Set<string> => new Set([...ctx.server.players.values()].filter((player) => !player.isSpectator).map((player) => player.login));

    const settle = async (): Promise<void> => {
      if (!vote) return;
      const outcome = vote.vote.outcome(voters());
      if (outcome === 'open') return;
      const { kind } = vote.vote;
      closeVote();
      if (outcome === 'failed') return ctx.announce(`voteFailed.${kind}`);
      await ctx.announce(`votePassed.${kind}`);
      await ctx.server.call(kind === 'skip' ? 'NextMap' : 'RestartMap');
    };
    const closeVote = (): void => {
      void vote?.timer.dispose();
      vote = undefined;
    };

    ctx.command(
      { name: 'vote', description: 'starts a vote to skip or restart the map', params: { what: { type: 'enum', values: ['skip', 'restart'] } } },
      async (call) => {
        if (vote) return call.reply(await ctx.t(call.login, `voteOpen.${vote.vote.kind}`));
        if (!voters().has(call.login)) return call.reply(await ctx.t(call.login, 'spectatorsCannotStart'));
        const kind = call.params.what as VoteKind;
        const started = new MapVote(kind, call.login, ctx.settings.voteRatio);
        const timer = ctx.after(ctx.settings.voteSeconds * 1000, async () => {
          if (vote?.vote !== started) return;
          closeVote();
          await ctx.announce(`voteTimedOut.${kind}`);
        });
        vote = { vote: started, timer };
        const nickName = ctx.server.players.get(call.login)?.nickName ?? call.login;
        await ctx.announce(`voteStarted.${kind}`, { player: nameForChat(nickName), needed: started.needed(voters().size), seconds: ctx.settings.voteSeconds });
        await settle();
      },
    );

    for (const [name, yes] of [['yes', true], ['no', false]] as const) {
      ctx.command({ name, description: `votes ${name} in the open map vote` }, async (call) => {
        if (!vote) return call.reply(await ctx.t(call.login, 'noVote'));
        if (!voters().has(call.login)) return call.reply(await ctx.t(call.login, 'spectatorsCannotVote'));
        vote.vote.cast(call.login, yes);
        await settle();
      });
    }

    const api: MapsApi = {
      jukebox: () => jukebox.entries.map((entry) => ({ uid: entry.map.uid, login: entry.login })),
      async queue(login, uid) {
        const found = (await mapList()).find((map) => map.uid === uid);
        if (!found) return 'That map is not on this server.';
        return queueMap(login, found);
      },
    };
    return api;
  },
});

function toServerMap(value: XmlRpcValue): ServerMap {
  const struct = (value ?? {}) as Record<string, XmlRpcValue>;
  // The dedicated server spells it UId.
  return { uid: String(struct.UId ?? ''), name: String(struct.Name ?? ''), fileName: String(struct.FileName ?? ''), author: String(struct.Author ?? ''), environment: String(struct.Environnement ?? '') };
}
