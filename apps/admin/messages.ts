import { defineMessages } from '../../core/index.js';

/** What every player may read from this app (/players, a warning), in their game's language; admin answers stay English. */
export const messages = defineMessages({
  en: {
    noPlayers: 'No players are connected.',
    players: '{count} connected: {names}',
    warning: '$f80Warning from an admin:$z {reason}',
  },
  fr: {
    noPlayers: "Aucun joueur n'est connecté.",
    players: '{count} connectés : {names}',
    warning: "$f80Avertissement d'un admin :$z {reason}",
  },
  de: {
    noPlayers: 'Keine Spieler verbunden.',
    players: '{count} verbunden: {names}',
    warning: '$f80Verwarnung von einem Admin:$z {reason}',
  },
});
