/**
 * One cold move for the ranking bench: a new process loads the map's ranking as the records app does and
 * measures its first improve(), which V8 has not compiled yet. Arguments: the data folder and the kind.
 */
import { MapRanking } from '../apps/records/ranking.js';
import { openDatabase } from '../core/storage/database.js';
import { moveMiddleToTop, RANKING_MAP, SingleArrayRanking, type RankingKind } from './ranking.js';

const [folder = '', kind = 'chunked'] = process.argv.slice(2) as [string, RankingKind];
const database = await openDatabase('', folder);
const reference = await MapRanking.load(database.namespace('app_records', "app 'records'"), RANKING_MAP);
const subject = kind === 'chunked' ? reference : SingleArrayRanking.from(reference.top(Number.POSITIVE_INFINITY));
const sample = moveMiddleToTop(subject, reference);
await database.close();
process.send!(sample);
process.disconnect();
