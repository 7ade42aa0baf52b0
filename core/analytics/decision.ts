import type { Settings } from '../config/schema.js';

export interface AnalyticsDecision {
  on: boolean;
  /** Why, in words for the boot log and `pitwall analytics status`. */
  reason: string;
}

/** Off means off: ANALYTICS = false (in settings or PITWALL_ANALYTICS=false) or DO_NOT_TRACK set to a true value. */
export function decideAnalytics(settings: Settings, env: NodeJS.ProcessEnv): AnalyticsDecision {
  const doNotTrack = (env.DO_NOT_TRACK ?? '').trim().toLowerCase();
  if (doNotTrack !== '' && doNotTrack !== '0' && doNotTrack !== 'false') {
    return { on: false, reason: `DO_NOT_TRACK=${env.DO_NOT_TRACK} is set in the environment` };
  }
  if (!settings.ANALYTICS) return { on: false, reason: 'ANALYTICS is false in the settings' };
  return { on: true, reason: 'ANALYTICS is true and DO_NOT_TRACK is not set' };
}
