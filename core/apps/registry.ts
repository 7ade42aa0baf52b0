import type { AppReportingOptions } from './define.js';

/** What the rest of the core may know about a loaded app. */
export interface AppInfo {
  id: string;
  version: string;
  /** The folder its code lives in (none for apps given inline). */
  folder?: string;
  /** The app developers' own error feed, when the app opts in. */
  reporting?: AppReportingOptions;
}

/** Read access to the loaded apps, for reporting and analytics; AppHost implements it. */
export interface AppRegistry {
  app(id: string): AppInfo | undefined;
  /** Ids of every loaded app. */
  ids(): string[];
}

export const AppRegistry = Symbol('AppRegistry');
