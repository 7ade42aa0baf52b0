import { defineMessages } from '../../core/index.js';

/** What operators read in the chat and in the //chatlog window, in their game's language. */
export const messages = defineMessages({
  en: {
    empty: 'The chat log is empty.',
    emptyOf: 'The chat log has no lines of {login}.',
    title: 'Chat log',
    titleOf: 'Chat log of {login}',
    time: 'Time (UTC)',
    player: 'Player',
    text: 'Text',
  },
  fr: {
    empty: 'Le journal du chat est vide.',
    emptyOf: "Le journal du chat n'a aucune ligne de {login}.",
    title: 'Journal du chat',
    titleOf: 'Journal du chat de {login}',
    time: 'Heure (UTC)',
    player: 'Joueur',
    text: 'Texte',
  },
  de: {
    empty: 'Das Chatprotokoll ist leer.',
    emptyOf: 'Das Chatprotokoll hat keine Zeilen von {login}.',
    title: 'Chatprotokoll',
    titleOf: 'Chatprotokoll von {login}',
    time: 'Zeit (UTC)',
    player: 'Spieler',
    text: 'Text',
  },
});
