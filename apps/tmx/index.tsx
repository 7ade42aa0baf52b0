import { defineApp, nameForChat, stripFormatting, subcommand, GbxFault } from '../../core/index.js';
import type { MapsApi } from '../maps/index.js';
import { formatTime } from '../records/store.js';
import { TmxClient, TmxError, type TmxMap } from './client.js';
import { installMap, InstallError } from './install.js';
import { messages } from './messages.js';
import { TmxSearchWindow } from './search-window.js';
import { PITWALL_VERSION } from '../../core/version.js';

const settings = {
  url: { type: 'string', default: 'https://trackmania.exchange', description: 'The Trackmania Exchange site (its API is under /api).' },
  userAgent: {
    type: 'string',
    default: `Pitwall/${PITWALL_VERSION} (server owner has not set a contact)`,
    description: 'Sent with every TMX request, which TMX asks for: name yourself and a contact, e.g. "Pitwall/0.1 (owner@example.com)".',
  },
  maxMapBytes: { type: 'integer', default: 8 * 1024 * 1024, min: 1024, max: 64 * 1024 * 1024, description: 'The largest map file downloaded.' },
  timeoutMs: { type: 'integer', default: 15_000, min: 1000, max: 120_000, description: 'How long one TMX request may take.' },
  playNext: { type: 'boolean', default: false, description: 'Added maps are played next (InsertMap) instead of at the end of the list (AddMap).' },
  matchSettingsFile: { type: 'string', default: 'MatchSettings/tracklist.txt', description: "The match settings file saved after maps are added ('' to not save it)." },
} as const;

/** A TMX id (digits) or a map uid (the 25 to 27 letters, digits, _ and - a uid is made of). */
const TMX_ID = /^\d{1,9}$/;
const MAP_UID = /^[A-Za-z0-9_-]{20,30}$/;

/** Maps from Trackmania Exchange: //add tmx <id|uid|random>..., //add tmxpack <id>, /tmx search <words>. */
export default defineApp({
  id: 'tmx',
  version: '1.0.0',
  description: 'Adds maps from Trackmania Exchange (//add tmx, //add tmxpack) and searches it (/tmx search).',
  settings,
  messages,
  uses: ['maps'],
  init(ctx) {
    const tmx = new TmxClient({
      url: () => ctx.settings.url,
      userAgent: () => ctx.settings.userAgent,
      maxMapBytes: () => ctx.settings.maxMapBytes,
      timeoutMs: () => ctx.settings.timeoutMs,
    });
    const nickOf = (login: string): string => nameForChat(ctx.server.players.get(login)?.nickName ?? login);

    /** Downloads and adds one map; the answer for the admin, also when it failed. */
    const add = async (login: string, map: TmxMap, onServer: Set<string>): Promise<{ added: boolean; answer: string }> => {
      if (onServer.has(map.uid)) return { added: false, answer: await ctx.t(login, 'alreadyOnServer', { id: map.id, name: map.name }) };
      try {
        const bytes = await tmx.download(map);
        const installed = await installMap(ctx.server, map, bytes, ctx.settings.playNext ? 'next' : 'end');
        onServer.add(map.uid);
        ctx.logger.info(`${login} added TMX map #${map.id} ${map.name} as ${installed.fileName} (${installed.via}, ${bytes.length} bytes)`);
        await ctx.announce('addedBy', { player: nickOf(login), map: nameForChat(map.gbxName), id: map.id });
        return { added: true, answer: await ctx.t(login, ctx.settings.playNext ? 'addedNext' : 'addedEnd', { map: nameForChat(map.gbxName), id: map.id }) };
      } catch (error) {
        if (error instanceof TmxError || error instanceof InstallError) return { added: false, answer: error.message };
        throw error;
      }
    };

    const serverUids = async (): Promise<Set<string>> => {
      const list = await ctx.server.call('GetMapList', -1, 0);
      return new Set(Array.isArray(list) ? list.map((entry) => String((entry as Record<string, unknown>).UId ?? '')) : []);
    };

    /** After maps were added: the match settings file, as //savematchsettings writes it. */
    const saveMatchSettings = async (login: string): Promise<string> => {
      const file = ctx.settings.matchSettingsFile;
      if (file === '') return '';
      try {
        await ctx.server.call('SaveMatchSettings', file);
        return await ctx.t(login, 'saved', { file });
      } catch (error) {
        if (error instanceof GbxFault) return await ctx.t(login, 'notSaved', { file, fault: error.faultString });
        throw error;
      }
    };

    /** Looks up what an admin typed: a TMX id, a map uid or "random". */
    const lookUp = async (login: string, word: string): Promise<TmxMap | string> => {
      try {
        if (word.toLowerCase() === 'random') return (await tmx.random()) ?? (await ctx.t(login, 'noRandom'));
        if (TMX_ID.test(word)) return (await tmx.byId(Number(word))) ?? (await ctx.t(login, 'noId', { id: word }));
        if (MAP_UID.test(word)) return (await tmx.byUid(word)) ?? (await ctx.t(login, 'noUid', { uid: word }));
      } catch (error) {
        if (error instanceof TmxError) return error.message;
        throw error;
      }
      return ctx.t(login, 'wrongMap', { word: stripFormatting(word).slice(0, 40) });
    };

    const addAll = async (login: string, maps: readonly TmxMap[], reply: (text: string) => Promise<void>): Promise<void> => {
      const onServer = await serverUids();
      let added = 0;
      for (const map of maps) {
        const outcome = await add(login, map, onServer);
        if (outcome.added) added++;
        await reply(outcome.answer);
      }
      if (added > 0) {
        const saved = await saveMatchSettings(login);
        if (saved) await reply(saved);
      }
    };

    ctx.command({
      name: 'add',
      level: 'admin',
      description: 'adds maps from Trackmania Exchange',
      subcommands: {
        tmx: subcommand(
          { description: 'adds maps by TMX id or map uid, or one at random', params: { maps: { type: 'rest', description: 'TMX ids or map uids, or random' } } },
          async (call) => {
            const words = call.params.maps.split(/\s+/).filter((word) => word !== '');
            const found: TmxMap[] = [];
            for (const word of words) {
              const map = await lookUp(call.login, word);
              if (typeof map === 'string') await call.reply(map);
              else found.push(map);
            }
            await addAll(call.login, found, (text) => call.reply(text));
          },
        ),
        tmxpack: subcommand({ description: 'adds every map of a TMX map pack', params: { pack: { type: 'integer', min: 1, description: 'the map pack id' } } }, async (call) => {
          let maps: TmxMap[];
          try {
            maps = await tmx.pack(call.params.pack);
          } catch (error) {
            if (error instanceof TmxError) return call.reply(error.message);
            throw error;
          }
          if (maps.length === 0) return call.reply(await ctx.t(call.login, 'noPack', { pack: call.params.pack }));
          await call.reply(await ctx.t(call.login, 'adding', { count: maps.length, pack: call.params.pack }));
          await addAll(call.login, maps, (text) => call.reply(text));
        }),
      },
    });

    ctx.command({
      name: 'tmx',
      description: 'searches Trackmania Exchange',
      subcommands: {
        search: subcommand({ description: 'finds TMX maps by name', params: { words: { type: 'rest', description: 'words of the map name' } } }, async (call) => {
          let maps: TmxMap[];
          try {
            maps = await tmx.byName(call.params.words, 15);
          } catch (error) {
            if (error instanceof TmxError) return call.reply(error.message);
            throw error;
          }
          if (maps.length === 0) return call.reply(await ctx.t(call.login, 'noMatch', { words: stripFormatting(call.params.words) }));
          const isAdmin = ctx.can(call.login, 'admin');
          const t = (key: 'close' | 'map' | 'author' | 'length' | 'awards' | 'noMap') => ctx.t(call.login, key);
          const labels = { close: await t('close'), map: await t('map'), author: await t('author'), length: await t('length'), awards: await t('awards'), noMap: await t('noMap') };
          await ctx.ui.show(
            'search',
            <TmxSearchWindow
              title={await ctx.t(call.login, 'title', { words: stripFormatting(call.params.words) })}
              maps={maps}
              verb={await ctx.t(call.login, isAdmin ? 'add' : 'queue')}
              labels={labels}
              formatTime={formatTime}
              onPick={(map) => async (click) => {
                if (ctx.can(click.login, 'admin')) return addAll(click.login, [map], (text) => ctx.server.chatTo(click.login, text));
                const maps = ctx.optionalDependency<MapsApi>('maps');
                const onServer = await serverUids();
                if (!onServer.has(map.uid) || !maps) return ctx.server.chatTo(click.login, await ctx.t(click.login, 'notOnServer', { map: nameForChat(map.gbxName), id: map.id }));
                const refusal = await maps.queue(click.login, map.uid);
                if (refusal) await ctx.server.chatTo(click.login, refusal);
              }}
              onClose={(click) => ctx.ui.hide('search', { to: click.login })}
            />,
            { to: call.login },
          );
        }),
      },
    });
  },
});
