import { defineApp, nameForChat, showListWindow, type Disposable } from '../../core/index.js';
import { PITWALL_VERSION } from '../../core/version.js';
import type { RecordsApi, WorldRank, WorldRankSource } from '../records/index.js';
import { formatTime } from '../records/store.js';
import { messages } from './messages.js';
import { NadeoError, NadeoServices, type WorldRecord } from './nadeo.js';

const settings = {
  login: { type: 'string', default: '', description: "The dedicated server account's login (<masterserver_account> in dedicated_cfg.txt); empty: world records are off and nothing is asked of Nadeo." },
  password: { type: 'string', default: '', secret: true, description: "That account's password." },
  userAgent: {
    type: 'string',
    default: `Pitwall/${PITWALL_VERSION} (server owner has not set a contact)`,
    description: 'Sent with every request, as Nadeo asks: name yourself and a contact, e.g. "Pitwall/0.1 (owner@example.com)".',
  },
  top: { type: 'integer', default: 10, min: 1, max: 100, description: 'How many world records are read per map.' },
  cacheMinutes: { type: 'integer', default: 10, min: 1, max: 1440, description: "How long a map's world records are kept before they are asked again." },
  timeoutMs: { type: 'integer', default: 10_000, min: 1000, max: 60_000, description: 'How long one request to Nadeo may take.' },
  coreUrl: { type: 'string', default: 'https://prod.trackmania.core.nadeo.online', description: "Nadeo's core services (authentication, names)." },
  liveUrl: { type: 'string', default: 'https://live-services.trackmania.nadeo.live', description: "Nadeo's live services (leaderboards)." },
} as const;

/** How long names are not asked for again after Nadeo refused the server account for them. */
const NAMES_REFUSED_MS = 3_600_000;

/**
 * What the worldrecords app gives other apps (ctx.optionalDependency('worldrecords')); it also hands it to the
 * records app, which /pb reads the player's world rank from.
 */
export interface WorldRecordsApi extends WorldRankSource {
  /**
   * The player's place in the map's world top (the first `top` records, read as /wr reads them), or that
   * they are not in it; undefined when world records are off, Nadeo does not answer, or the player's account
   * is not known. Nadeo gives no other player's position to a server account: its surround and records
   * endpoints answer for the account asking only (openplanet-nl/nadeoapi-docs, docs/live/leaderboards/
   * surround.md and player-records.md), so a player past the top is only "not in the top".
   */
  worldRankOf(mapUid: string, login: string): Promise<WorldRank | undefined>;
}

/**
 * A Trackmania 2020 login is the account id's 16 bytes in base64url without padding (BigBang1112/tm-essentials,
 * TmEssentials/AccountUtils.cs): the account id of a login that is one, else undefined.
 */
export function accountIdOfLogin(login: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{22}$/.test(login)) return undefined;
  const bytes = Buffer.from(login, 'base64url');
  if (bytes.length !== 16 || bytes.toString('base64url') !== login) return undefined;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A map's world top from Nadeo's live services, read at each map start with the dedicated server's own account. */
export default defineApp({
  id: 'worldrecords',
  version: '1.0.0',
  description: "Shows the current map's world records from Nadeo (/wr) and where a player's best would rank in the world.",
  settings,
  messages,
  uses: ['records'],
  init(ctx) {
    const nadeo = new NadeoServices({
      coreUrl: () => ctx.settings.coreUrl,
      liveUrl: () => ctx.settings.liveUrl,
      login: () => ctx.settings.login,
      password: () => ctx.settings.password,
      userAgent: () => ctx.settings.userAgent,
      timeoutMs: () => ctx.settings.timeoutMs,
    });
    const cache = new Map<string, { at: number; records: WorldRecord[] }>();
    /** Names by account id: the players seen finishing here, then what Nadeo said. */
    const names = new Map<string, string>();
    let namesRefusedUntil = 0;
    const enabled = (): boolean => ctx.settings.login !== '';

    /** Each connected player's account id, as the game's events give it. */
    const accounts = new Map<string, string>();
    const learnAccount = ({ login, accountId }: { login: string; accountId: string }): void => {
      if (accountId && ctx.server.players.has(login)) accounts.set(login, accountId);
    };
    ctx.on('playerFinish', (finish) => {
      if (finish.accountId) names.set(finish.accountId, ctx.server.players.get(finish.login)?.nickName ?? finish.login);
      learnAccount(finish);
      offerWorldRanks();
    });
    ctx.on('playerStartLine', learnAccount);
    ctx.on('playerDisconnect', ({ login }) => accounts.delete(login));

    const nameOf = (accountId: string): string => names.get(accountId) ?? `player ${accountId.slice(0, 8)}`;

    /** The map's world top, from the cache while fresh; names looked up for those not known yet. */
    const recordsOf = async (mapUid: string): Promise<WorldRecord[]> => {
      const kept = cache.get(mapUid);
      if (kept && Date.now() - kept.at < ctx.settings.cacheMinutes * 60_000) return kept.records;
      const records = await nadeo.top(mapUid, ctx.settings.top);
      cache.set(mapUid, { at: Date.now(), records });
      const unknown = records.map((record) => record.accountId).filter((id) => !names.has(id));
      if (unknown.length > 0 && Date.now() >= namesRefusedUntil) {
        try {
          for (const [id, name] of await nadeo.displayNames(unknown)) names.set(id, name);
        } catch (error) {
          if (!(error instanceof NadeoError)) throw error;
          namesRefusedUntil = Date.now() + NAMES_REFUSED_MS;
          ctx.logger.info(`world record names: ${error.message} Records show the start of the account id instead.`);
        }
      }
      return records;
    };

    const load = async (mapUid: string): Promise<void> => {
      if (!enabled()) return;
      try {
        const records = await recordsOf(mapUid);
        ctx.logger.info(`world records: ${records.length} loaded for ${mapUid}`);
      } catch (error) {
        if (!(error instanceof NadeoError)) throw error;
        ctx.logger.warn(`world records: ${error.message}`);
      }
    };
    ctx.on('beginMap', ({ map }) => {
      offerWorldRanks();
      return load(map.uid);
    });
    ctx.after(0, () => (ctx.server.currentMap ? load(ctx.server.currentMap.uid) : undefined));

    const api: WorldRecordsApi = {
      async worldRankOf(mapUid, login) {
        if (!enabled()) return undefined;
        const accountId = accounts.get(login) ?? accountIdOfLogin(login);
        if (!accountId) return undefined;
        let records: WorldRecord[];
        try {
          records = await recordsOf(mapUid);
        } catch (error) {
          if (!(error instanceof NadeoError)) throw error;
          ctx.logger.info(`world rank of ${login}: ${error.message}`);
          return undefined;
        }
        const own = records.find((record) => record.accountId === accountId);
        return own ? { position: own.position } : { notInTop: ctx.settings.top };
      },
    };

    // The records app starts first (this app uses it) and cannot use this one back (a cycle): it is handed
    // the world ranks, again whenever it was restarted since (a new API), at the next event that offers them.
    let offered: { records: RecordsApi; registration: Disposable } | undefined;
    let unreachable = false;
    function offerWorldRanks(): void {
      let records: RecordsApi | undefined;
      try {
        records = ctx.optionalDependency<RecordsApi>('records');
      } catch (error) {
        // In a worker, what another app's init returned cannot cross: /pb goes without world ranks.
        if (!unreachable) ctx.logger.info(`world ranks are not given to records: ${error instanceof Error ? error.message : String(error)}`);
        unreachable = true;
        return;
      }
      if (records === offered?.records) return;
      offered?.registration.dispose();
      offered = records ? { records, registration: records.useWorldRanks(api) } : undefined;
    }
    offerWorldRanks();
    ctx.on('playerConnect', () => offerWorldRanks());
    ctx.onStop(() => offered?.registration.dispose());

    ctx.command({ name: 'wr', description: "shows the current map's world records" }, async (call) => {
      offerWorldRanks();
      if (!enabled()) return call.reply(await ctx.t(call.login, 'off'));
      const map = ctx.server.currentMap;
      if (!map) return call.reply(await ctx.t(call.login, 'noMap'));
      let records: WorldRecord[];
      try {
        records = await recordsOf(map.uid);
      } catch (error) {
        if (error instanceof NadeoError) return call.reply(error.message);
        throw error;
      }
      const mapName = nameForChat(map.name);
      if (records.length === 0) return call.reply(await ctx.t(call.login, 'none', { map: mapName }));
      const hidden = await ctx.t(call.login, 'hidden');
      const time = (record: WorldRecord): string => (record.time < 0 ? hidden : formatTime(record.time));
      const shown = records.slice(0, 3).map((record) => `${record.position}. ${nameForChat(nameOf(record.accountId))} ${time(record)}`);
      let own = '';
      const best = (await ctx.optionalDependency<RecordsApi>('records')?.timesOf(call.login, [map.uid]))?.get(map.uid);
      if (best !== undefined) {
        const position = await nadeo.positionOf(map.uid, best).catch((error: unknown) => (error instanceof NadeoError ? undefined : Promise.reject(error)));
        if (position !== undefined) own = await ctx.t(call.login, 'own', { time: formatTime(best), position });
      }
      await call.reply(await ctx.t(call.login, 'records', { map: mapName, list: shown.join(' | '), own }));
      await showListWindow(ctx.ui, call.login, {
        id: 'wr',
        title: await ctx.t(call.login, 'title', { map: map.name }),
        columns: [
          { header: '#', width: 10, halign: 'right' },
          { header: await ctx.t(call.login, 'player'), width: 50 },
          { header: await ctx.t(call.login, 'time'), width: 20, halign: 'right' },
          { header: await ctx.t(call.login, 'zone'), width: 30 },
        ],
        rows: records.map((record) => [`${record.position}.`, nameOf(record.accountId), time(record), record.zone]),
        pageSize: 15,
      });
    });
    return api;
  },
});
