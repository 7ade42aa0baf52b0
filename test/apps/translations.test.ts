import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, it } from 'node:test';
import type { AppDefinition } from '../../core/apps/define.js';
import type { ChatLogTables } from '../../apps/chatlog/store.js';
import type { StatsTables } from '../../apps/stats/store.js';
import type { Kysely } from '../../core/index.js';
import { BUNDLED_APPS_FOLDER } from '../../core/apps/load.js';
import { checkMessages, startTestCore, type TestCore } from '../helpers/core.js';
import { readUntil } from '../helpers/read-until.js';

/** Every bundled app, as APPS loads it. */
async function bundledApps(): Promise<AppDefinition[]> {
  const folders = readdirSync(BUNDLED_APPS_FOLDER, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  return Promise.all(folders.map(async ({ name }) => ((await import(pathToFileURL(join(BUNDLED_APPS_FOLDER, name, 'index.js')).href)) as { default: AppDefinition }).default));
}

describe("the bundled apps' translations", () => {
  it('translate every English line into French and German, with the same placeholders', async () => {
    const apps = await bundledApps();
    assert.ok(apps.length >= 4);
    for (const app of apps) {
      assert.deepEqual(checkMessages(app), [], `app '${app.id}'`);
      if (app.messages) assert.deepEqual(Object.keys(app.messages).sort(), ['de', 'en', 'fr'], `app '${app.id}'`);
    }
    const translated = apps.filter((app) => app.messages).map((app) => app.id).sort();
    assert.deepEqual(translated, ['admin', 'chatlog', 'karma', 'maps', 'records', 'stats', 'tmx', 'welcome', 'worldrecords']);
  });
});

describe('welcome, in the language of each game', () => {
  let core: TestCore | undefined;
  afterEach(async () => {
    await core?.stop();
    core = undefined;
  });

  it('greets a French and a German player in their languages when the owner keeps the default greeting', async () => {
    core = await startTestCore({ apps: ['welcome'], settings: { APP_SETTINGS: { welcome: { privately: true } } } });
    await core.join('anna', '$f80Anna', { language: 'fr' });
    await core.join('bert', 'Bert', { language: 'de' });
    assert.deepEqual(await core.waitForChat('Bienvenue sur Pitwall Sandbox, $f80Anna$z !'), { text: 'Bienvenue sur Pitwall Sandbox, $f80Anna$z !', to: ['anna'] });
    assert.deepEqual(await core.waitForChat('Willkommen auf Pitwall Sandbox, Bert!'), { text: 'Willkommen auf Pitwall Sandbox, Bert!', to: ['bert'] });
  });

  it("sends the owner's own greeting as written, whatever the player's language", async () => {
    core = await startTestCore({ apps: ['welcome'], settings: { APP_SETTINGS: { welcome: { message: 'Hi {login}', privately: true } } } });
    await core.join('anna', 'Anna', { language: 'fr' });
    assert.deepEqual(await core.waitForChat('Hi anna'), { text: 'Hi anna', to: ['anna'] });
  });
});

describe('maps and records, in the language of each game', () => {
  let core: TestCore | undefined;
  afterEach(async () => {
    await core?.stop();
    core = undefined;
  });

  it('announces a vote to a French and an English player each in their language, and answers in French', async () => {
    core = await startTestCore({ apps: ['maps'] });
    await core.join('anna', 'Anna', { language: 'fr' });
    await core.join('bert', 'Bert');
    await core.chat('anna', '/yes');
    await core.waitForChat('Aucun vote en cours : /vote skip ou /vote restart en lance un.');
    await core.chat('anna', '/vote skip');
    const french = await core.waitForChat('Anna veut passer la map : /yes ou /no (1 oui nécessaires, 30 s).');
    const english = await core.waitForChat('Anna wants to skip the map: /yes or /no (1 yes needed, 30 s).');
    assert.deepEqual([french.to, english.to], [['anna'], ['bert']]);
    // The starter's own yes is one of two players' half: the vote passes at once.
    await core.waitForChat('Le vote pour passer la map est adopté.');
    await core.waitForChat('The vote to skip the map passed.');
    await core.chat('anna', '/jukebox');
    await core.waitForChat('Le jukebox est vide : /jukebox add <numéro> ajoute une map de /maps.');
  });

  it('lists the maps, shows the map window and asks before a removal in French for a French admin', async () => {
    core = await startTestCore({ apps: ['maps'], settings: { ADMINS: ['boss'] } });
    await core.join('boss', 'Boss', { language: 'fr' });
    await core.chat('boss', '/maps 9');
    await core.waitForChat('<page> incorrecte : il y a 1 page de maps. Usage : /maps [words...]');
    await core.chat('boss', '/maps');
    await core.waitForChat('Maps (page 1/1) : 1. Sandbox Sprint | 2. Sandbox Loops | 3. Sandbox Ice | 4. Sandbox Dirt');
    const window = () => core!.ui.page('boss', 'pitwall.maps.list');
    await core.waitFor(() => window() !== undefined, 'the map window');
    const texts = window()!.texts;
    assert.deepEqual(texts.slice(0, 3), ['Maps de ce serveur', 'Fermer', 'Tri :']);
    assert.deepEqual([texts.includes('Ordre de jeu'), texts.includes('Auteur'), texts.includes('Retirer'), texts.at(-1)], [true, true, true, 'Page 1 / 1']);
    assert.equal(await core.ui.click('boss', 'remove-4'), 'ran');
    const confirm = () => core!.ui.page('boss', 'pitwall.maps.confirm');
    await core.waitFor(() => confirm() !== undefined, 'the question');
    assert.deepEqual(confirm()!.texts, ['Retirer Sandbox Dirt du serveur ?', 'Retirer', 'Annuler']);
    const removed = core.waitForChat('Sandbox Dirt a été retirée des maps.');
    assert.equal(await core.ui.click('boss', 'confirm-yes'), 'ran');
    assert.deepEqual((await removed).to, ['boss']);
  });

  it("answers a karma vote and /karma in the player's language", async () => {
    core = await startTestCore({ apps: ['karma'] });
    await core.join('anna', 'Anna', { language: 'fr' });
    await core.chat('anna', '++');
    await core.waitForChat('Votre ++ pour Sandbox Sprint est compté. Karma : +1 (1 vote : 1 ++).');
    await core.join('bert', 'Bert', { language: 'de' });
    await core.chat('bert', '--');
    await core.waitForChat('Dein -- für Sandbox Sprint ist gezählt. Karma: 0 (2 Stimmen: 1 ++, 1 --).');
    await core.chat('anna', '/karma');
    await core.waitForChat('Karma de Sandbox Sprint : 0 (2 votes : 1 ++, 1 --). Votre vote : ++.');
  });

  it('lists the players and sends a warning in the language of the player who reads it', async () => {
    core = await startTestCore({ apps: ['admin'], settings: { ADMINS: ['boss'] } });
    await core.join('anna', 'Anna', { language: 'fr' });
    await core.join('boss', 'Boss');
    await core.chat('anna', '/players');
    await core.waitForChat('2 connectés : Anna, Boss');
    await core.chat('boss', '//warn anna mind the {line}');
    assert.deepEqual(await core.waitForChat("$f80Avertissement d'un admin :$z mind the {line}"), { text: "$f80Avertissement d'un admin :$z mind the {line}", to: ['anna'] });
    await core.waitForChat('Warned Anna (anna).');
  });

  it("answers admin commands in the admin's language and announces a sanction to each player in theirs", async () => {
    core = await startTestCore({ apps: ['admin'], settings: { ADMINS: ['boss'] } });
    await core.join('boss', 'Boss', { language: 'fr' });
    await core.join('anna', 'Anna', { language: 'de' });
    await core.join('bert', 'Bert');
    await core.chat('boss', '//kick boss');
    await core.waitForChat('Vous ne pouvez pas utiliser kick sur vous-même.');
    await core.chat('boss', '//bans');
    await core.waitForChat("Personne n'est banni.");
    await core.chat('boss', '//maxplayers 12');
    await core.waitForChat('Nombre maximal de joueurs réglé à 12 (à partir de la prochaine map).');
    await core.chat('boss', '//mute bert spam');
    const french = await core.waitForChat('Un admin a rendu Bert muet : spam');
    const german = await core.waitForChat('Ein Admin hat Bert stummgeschaltet: spam');
    const english = await core.waitForChat('An admin muted Bert: spam');
    assert.deepEqual([french.to, german.to, english.to], [['boss'], ['anna'], ['bert']]);
  });

  it("answers /records in the player's language", async () => {
    core = await startTestCore({ apps: ['records'] });
    await core.join('bert', 'Bert', { language: 'de' });
    await core.chat('bert', '/records');
    await core.waitForChat('Noch keine Rekorde auf Sandbox Sprint.');
  });

  it('draws the records widget and titles the /records and /topranks windows in each player\'s language', async () => {
    core = await startTestCore({ apps: ['records'] });
    const widget = (login: string) => core!.ui.page(login, 'pitwall.records.widget')?.texts;
    await core.join('anna', 'Anna', { language: 'fr' });
    await core.waitFor(() => widget('anna')?.[1] === 'Pas encore de temps : à vous !', "anna's widget in French");
    await core.join('bert', 'Bert', { language: 'de' });
    await core.join('carl', 'Carl');
    await core.waitFor(() => widget('bert')?.[1] === 'Noch keine Zeit: los!', "bert's widget in German");
    await core.waitFor(() => widget('carl')?.[1] === 'No time yet: go!', "carl's widget in English");
    assert.deepEqual(widget('anna'), ['Records', 'Pas encore de temps : à vous !']);
    assert.deepEqual(widget('bert'), ['Rekorde', 'Noch keine Zeit: los!']);
    await core.finish('carl', 41_000);
    await core.waitFor(() => widget('anna')?.length === 4, "anna's widget with carl's time");
    assert.deepEqual(widget('anna'), ['Records', '1.', 'Carl', '0:41.000']);
    await core.waitFor(() => widget('bert')?.[0] === 'Rekorde' && widget('bert')?.length === 4, "bert's widget with carl's time");
    await core.waitFor(() => widget('carl')?.length === 4, "carl's widget with his time");
    assert.deepEqual(widget('carl'), ['Records', '1.', 'Carl', '0:41.000']);

    await core.chat('anna', '/records');
    await core.waitFor(() => core!.ui.page('anna', 'pitwall.records.list') !== undefined, 'the /records window');
    const records = core.ui.page('anna', 'pitwall.records.list')!.texts;
    assert.deepEqual([records[0], ...['Rang', 'Joueur', 'Temps'].map((header) => records.includes(header))], ['Records sur Sandbox Sprint', true, true, true]);
    await core.chat('bert', '/topranks');
    await core.waitFor(() => core!.ui.page('bert', 'pitwall.records.topranks') !== undefined, 'the /topranks window');
    const ranks = core.ui.page('bert', 'pitwall.records.topranks')!.texts;
    assert.deepEqual([ranks[0], ranks.includes('Spieler'), ranks.includes('Schnitt')], ['Serverränge', true, true]);
  });
});

describe('the other apps, in the language of each game', () => {
  let core: TestCore | undefined;
  afterEach(async () => {
    await core?.stop();
    core = undefined;
  });

  it('answers //chatlog and titles its window in French for a French operator', async () => {
    core = await startTestCore({ apps: ['chatlog'], settings: { ADMINS: ['boss'] } });
    await core.join('boss', 'Boss', { language: 'fr' });
    await core.chat('boss', '//chatlog');
    await core.waitForChat('Le journal du chat est vide.');
    await core.chat('boss', 'salut');
    // The line is written after the chat event was handled: the window opens once it is stored.
    const stored = core.runtime.database.namespace('app_chatlog', "app 'chatlog'") as Kysely<ChatLogTables>;
    await readUntil(() => stored.selectFrom('lines').select('text').execute(), (rows) => rows.length > 0, 'the chat line to be stored');
    await core.chat('boss', '//chatlog boss');
    await core.waitFor(() => core!.ui.page('boss', 'pitwall.chatlog.chatlog') !== undefined, 'the chat log window');
    const texts = core.ui.page('boss', 'pitwall.chatlog.chatlog')!.texts;
    assert.deepEqual([texts[0], ...['Heure (UTC)', 'Joueur', 'Texte'].map((header) => texts.includes(header))], ['Journal du chat de boss', true, true, true]);
  });

  it('tells /stats and titles /topfinishes in French for a French player', async () => {
    core = await startTestCore({ apps: ['stats'] });
    await core.join('anna', 'Anna', { language: 'fr' });
    await core.chat('anna', '/stats nobody');
    await core.waitForChat("Pas de stats pour nobody : ce login n'a jamais été vu sur ce serveur.");
    const today = new Date().toISOString().slice(0, 10);
    await core.chat('anna', '/stats');
    await core.waitForChat(new RegExp(`^Stats de Anna : \\d+ s de jeu, 0 arrivées, 1 map jouée ; vu la première fois le ${today}, la dernière fois le ${today}\\.$`));
    await core.chat('anna', '/topfinishes');
    await core.waitForChat("Personne n'a encore joué ici.");
    const stats = core.runtime.database.namespace('app_stats', "app 'stats'") as Kysely<StatsTables>;
    await stats.updateTable('players').set({ finishes: 3 }).where('login', '=', 'anna').execute();
    await core.chat('anna', '/topfinishes');
    await core.waitFor(() => core!.ui.page('anna', 'pitwall.stats.topfinishes') !== undefined, 'the finishes window');
    const texts = core.ui.page('anna', 'pitwall.stats.topfinishes')!.texts;
    assert.deepEqual([texts[0], texts.includes('Joueur'), texts.includes('Arrivées')], ["Plus d'arrivées", true, true]);
  });

  it('tells a French player how world records are turned on, in French', async () => {
    core = await startTestCore({ apps: ['worldrecords'] });
    await core.join('anna', 'Anna', { language: 'fr' });
    await core.chat('anna', '/wr');
    await core.waitForChat('Les records mondiaux sont désactivés : le propriétaire renseigne APP_SETTINGS.worldrecords.login et password (le <masterserver_account> de dedicated_cfg.txt).');
  });
});
