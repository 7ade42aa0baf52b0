import { defineMessages } from '../../core/index.js';

/** What players read in the chat, in their game's language. */
export const messages = defineMessages({
  en: {
    newRecord: '{player} drove record #{rank} on {map}: {time}',
    mapRecord: 'Record on {map}: {time} by {player}',
    noMapRecord: 'No record on {map} yet: go!',
    noMap: 'No map is being played.',
    noRecords: 'No records on {map} yet.',
    records: 'Records on {map}: {list}',
    serverRank: 'Server rank of {player}: {place} of {of} (average rank {average} over {maps} maps).',
    notRanked: '{player} has no server rank yet: a time on one of the maps gives one.',
    best: 'Your best on {map}: {time}, rank {rank} of {of}. Checkpoints: {checkpoints}',
    noBest: 'You have no time on {map} yet: finish a run to set one.',
  },
  fr: {
    newRecord: '{player} a signé le record n° {rank} sur {map} : {time}',
    mapRecord: 'Record sur {map} : {time} par {player}',
    noMapRecord: 'Pas encore de record sur {map} : à vous !',
    noMap: 'Aucune map en cours.',
    noRecords: 'Pas encore de records sur {map}.',
    records: 'Records sur {map} : {list}',
    serverRank: 'Rang serveur de {player} : {place} sur {of} (rang moyen {average} sur {maps} maps).',
    notRanked: "{player} n'a pas encore de rang serveur : un temps sur une des maps en donne un.",
    best: 'Votre meilleur temps sur {map} : {time}, rang {rank} sur {of}. Checkpoints : {checkpoints}',
    noBest: "Vous n'avez pas encore de temps sur {map} : finissez une course pour en avoir un.",
  },
  de: {
    newRecord: '{player} fuhr Rekord #{rank} auf {map}: {time}',
    mapRecord: 'Rekord auf {map}: {time} von {player}',
    noMapRecord: 'Noch kein Rekord auf {map}: los!',
    noMap: 'Es läuft keine Map.',
    noRecords: 'Noch keine Rekorde auf {map}.',
    records: 'Rekorde auf {map}: {list}',
    serverRank: 'Serverrang von {player}: {place} von {of} (Durchschnittsrang {average} über {maps} Maps).',
    notRanked: '{player} hat noch keinen Serverrang: eine Zeit auf einer der Maps gibt einen.',
    best: 'Deine Bestzeit auf {map}: {time}, Rang {rank} von {of}. Checkpoints: {checkpoints}',
    noBest: 'Du hast noch keine Zeit auf {map}: beende eine Runde, um eine zu setzen.',
  },
});
