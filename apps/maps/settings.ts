import type { AppContext } from '../../core/index.js';
import type { messages } from './messages.js';
import type { MapsTables } from './store.js';

/** The maps app's settings, each read where it is used (a live change needs no restart). */
export const settings = {
  pageSize: { type: 'integer', default: 15, min: 1, max: 25, description: 'Maps per page of /maps, in the chat and in the window.' },
  jukeboxPerPlayer: { type: 'integer', default: 1, min: 1, max: 10, description: 'Maps each player may have waiting in the jukebox.' },
  voteRatio: { type: 'number', default: 0.5, min: 0.1, max: 1, description: 'Share of the players who must vote yes for a skip or restart vote to pass.' },
  voteSeconds: { type: 'integer', default: 30, min: 5, max: 600, description: 'How long a vote stays open.' },
  matchSettingsFile: { type: 'string', default: 'MatchSettings/tracklist.txt', description: '//savematchsettings writes here (relative to the Maps folder) unless told another file.' },
} as const;

/** The maps app's ctx, for its modules beside index.tsx. */
export type MapsContext = AppContext<typeof settings, MapsTables, typeof messages>;
