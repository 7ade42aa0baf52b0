/**
 * The answers the minimal bench server sends, spelled as a dedicated server spells them: a line break after
 * each member and array item, integers as <i4> (see test/fixtures/gbx/fixtures.json for the sources of that
 * shape). GetMapList carries 500 maps with the SMapInfo fields of core/sandbox/world.ts.
 */
export type AnsweredMethod = 'GetStatus' | 'GetMapList';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<methodResponse>\n<params>\n<param><value>';
const TAIL = '</value></param>\n</params>\n</methodResponse>';

const member = (name: string, value: string): string => `<member><name>${name}</name><value>${value}</value></member>\n`;
const text = (value: string): string => `<string>${value}</string>`;
const int = (value: number): string => `<i4>${value}</i4>`;
const bool = (value: boolean): string => `<boolean>${value ? 1 : 0}</boolean>`;

function mapStruct(index: number): string {
  const authorTime = 24_000 + index * 37;
  const name = `Bench Map ${index}`;
  return (
    '<value><struct>\n' +
    member('UId', text(`BenchMap${String(index).padStart(4, '0')}uid_____________`)) +
    member('Name', text(name)) +
    member('FileName', text(`Campaigns/Bench/Bench_Map_${index}.Map.Gbx`)) +
    member('Author', text('pitwall')) +
    member('AuthorNickname', text('Pitwall')) +
    member('Environnement', text('Stadium')) +
    member('Mood', text('Day')) +
    member('BronzeTime', int(Math.round(authorTime * 1.5))) +
    member('SilverTime', int(Math.round(authorTime * 1.2))) +
    member('GoldTime', int(Math.round(authorTime * 1.06))) +
    member('AuthorTime', int(authorTime)) +
    member('CopperPrice', int(1000)) +
    member('LapRace', bool(false)) +
    member('NbLaps', int(0)) +
    member('NbCheckpoints', int(4)) +
    member('MapType', text('TrackMania\\TM_Race')) +
    member('MapStyle', text('')) +
    '</struct></value>\n'
  );
}

/** The methodResponse body the bench server answers `method` with. */
export function answerBody(method: AnsweredMethod): Buffer {
  if (method === 'GetStatus') return Buffer.from(`${HEAD}<struct>\n${member('Code', int(4))}${member('Name', text('Running - Play'))}</struct>${TAIL}`);
  let list = '<array><data>\n';
  for (let index = 0; index < 500; index++) list += mapStruct(index);
  return Buffer.from(`${HEAD}${list}</data></array>${TAIL}`);
}
