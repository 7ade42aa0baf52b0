import { defineMessages } from '../../core/index.js';

/** What players read about their votes and the map's karma, in their game's language. */
export const messages = defineMessages({
  en: {
    noMapToVote: 'No map is being played: there is nothing to vote on.',
    alreadyVoted: 'You already voted {word} for {map}.',
    counted: 'Your {word} for {map} is counted. Karma: {tally}.',
    changed: 'Your vote for {map} is now {word} (was {before}). Karma: {tally}.',
    noMap: 'No map is being played.',
    noVotes: 'No votes for {map} yet: type ++ or -- in the chat (+++ or --- for a strong opinion).',
    karmaVoted: 'Karma of {map}: {tally}. Your vote: {vote}.',
    karmaNotVoted: 'Karma of {map}: {tally}. You have not voted: type ++ or --.',
    tallyOne: '{score} (1 vote: {parts})',
    tallyMany: '{score} ({votes} votes: {parts})',
  },
  fr: {
    noMapToVote: "Aucune map en cours : il n'y a rien à noter.",
    alreadyVoted: 'Vous avez déjà voté {word} pour {map}.',
    counted: 'Votre {word} pour {map} est compté. Karma : {tally}.',
    changed: 'Votre vote pour {map} est maintenant {word} (avant : {before}). Karma : {tally}.',
    noMap: 'Aucune map en cours.',
    noVotes: 'Pas encore de votes pour {map} : tapez ++ ou -- dans le chat (+++ ou --- pour un avis tranché).',
    karmaVoted: 'Karma de {map} : {tally}. Votre vote : {vote}.',
    karmaNotVoted: "Karma de {map} : {tally}. Vous n'avez pas voté : tapez ++ ou --.",
    tallyOne: '{score} (1 vote : {parts})',
    tallyMany: '{score} ({votes} votes : {parts})',
  },
  de: {
    noMapToVote: 'Es läuft keine Map: Es gibt nichts zu bewerten.',
    alreadyVoted: 'Du hast schon {word} für {map} gestimmt.',
    counted: 'Dein {word} für {map} ist gezählt. Karma: {tally}.',
    changed: 'Deine Stimme für {map} ist jetzt {word} (vorher {before}). Karma: {tally}.',
    noMap: 'Es läuft keine Map.',
    noVotes: 'Noch keine Stimmen für {map}: Tippe ++ oder -- in den Chat (+++ oder --- für eine starke Meinung).',
    karmaVoted: 'Karma von {map}: {tally}. Deine Stimme: {vote}.',
    karmaNotVoted: 'Karma von {map}: {tally}. Du hast nicht abgestimmt: Tippe ++ oder --.',
    tallyOne: '{score} (1 Stimme: {parts})',
    tallyMany: '{score} ({votes} Stimmen: {parts})',
  },
});
