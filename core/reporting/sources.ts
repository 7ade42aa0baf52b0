import type { AppRegistry } from '../apps/registry.js';
import type { GameServer } from '../server/facade.js';
import type { ReportingSources } from './options.js';

/**
 * The reporting pipeline starts first, so that boot errors are reported; the server and the app registry
 * come up later. The runtime attaches each once it exists; until then reports go without them.
 */
export class LiveReportingSources implements ReportingSources {
  private liveServer?: GameServer;
  private liveApps?: AppRegistry;

  attach(parts: { server?: GameServer; apps?: AppRegistry }): void {
    this.liveServer = parts.server ?? this.liveServer;
    this.liveApps = parts.apps ?? this.liveApps;
  }

  server(): GameServer | undefined {
    return this.liveServer;
  }

  apps(): AppRegistry | undefined {
    return this.liveApps;
  }
}
