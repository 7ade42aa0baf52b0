import { defineMessages } from '../../core/index.js';

/** What players read in the chat and in the /wr window, in their game's language. */
export const messages = defineMessages({
  en: {
    off: 'World records are off: the owner sets APP_SETTINGS.worldrecords.login and password (the <masterserver_account> of dedicated_cfg.txt).',
    noMap: 'No map is being played.',
    none: 'No world records on {map} yet.',
    hidden: 'hidden',
    own: ' Your best here, {time}, is world #{position}.',
    records: 'World records on {map}: {list}.{own}',
    title: 'World records on {map}',
    player: 'Player',
    time: 'Time',
    zone: 'Zone',
  },
  fr: {
    off: "Les records mondiaux sont désactivés : le propriétaire renseigne APP_SETTINGS.worldrecords.login et password (le <masterserver_account> de dedicated_cfg.txt).",
    noMap: 'Aucune map en cours.',
    none: 'Pas encore de records mondiaux sur {map}.',
    hidden: 'masqué',
    own: ' Votre meilleur temps ici, {time}, est n° {position} mondial.',
    records: 'Records mondiaux sur {map} : {list}.{own}',
    title: 'Records mondiaux sur {map}',
    player: 'Joueur',
    time: 'Temps',
    zone: 'Zone',
  },
  de: {
    off: 'Weltrekorde sind aus: der Betreiber setzt APP_SETTINGS.worldrecords.login und password (den <masterserver_account> aus dedicated_cfg.txt).',
    noMap: 'Es läuft keine Map.',
    none: 'Noch keine Weltrekorde auf {map}.',
    hidden: 'verborgen',
    own: ' Deine Bestzeit hier, {time}, ist weltweit #{position}.',
    records: 'Weltrekorde auf {map}: {list}.{own}',
    title: 'Weltrekorde auf {map}',
    player: 'Spieler',
    time: 'Zeit',
    zone: 'Zone',
  },
});
