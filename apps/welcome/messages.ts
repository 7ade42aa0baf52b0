import { defineMessages } from '../../core/index.js';

/** The greeting, in each player's game language. */
export const messages = defineMessages({
  en: { greeting: 'Welcome to {server}, {nickname}!' },
  fr: { greeting: 'Bienvenue sur {server}, {nickname} !' },
  de: { greeting: 'Willkommen auf {server}, {nickname}!' },
});
