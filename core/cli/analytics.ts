import { loadOwnerSettings } from '../main.js';
import { decideAnalytics } from '../analytics/decision.js';
import { PING_IDENTITY } from '../analytics/fields.js';
import { InstallId } from '../analytics/install-id.js';
import { PingSender } from '../analytics/ping.js';
import { createLogger } from '../logging/logger.js';
import { parseCommandArgs } from '../cli-args.js';
import { configuredApps, withQuietRuntime } from './quiet-runtime.js';

/** `pitwall analytics preview|status|reset-id`. */
export async function analytics(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  parseCommandArgs(`analytics ${subcommand ?? ''}`.trim(), rest, {});
  const settings = await loadOwnerSettings();
  const decision = decideAnalytics(settings, process.env);
  switch (subcommand) {
    case 'preview':
      return withQuietRuntime(async (runtime) => {
        // This process starts no apps; the running controller would list the configured ones that started.
        const runningApps = (await configuredApps(settings)).map(({ id, version }) => ({ id, version }));
        // With analytics off, nothing may be written: the preview shows a placeholder id instead.
        const ping = runtime.analytics!.preview(decision.on ? undefined : '(none: analytics are off)', { runningApps });
        process.stderr.write(
          decision.on
            ? `This is the ping that would be ${settings.ANALYTICS_URL ? `sent to ${new URL(settings.ANALYTICS_URL).host}` : `written to ${settings.DATA_DIR}/analytics`} now. Nothing was sent.\n`
            : `Analytics are off (${decision.reason}): nothing is sent. This is what would be sent if they were on:\n`,
        );
        process.stdout.write(`${JSON.stringify(ping, null, 2)}\n`);
        return 0;
      });
    case 'status': {
      const lines = [`Analytics: ${decision.on ? 'on' : 'off'} (${decision.reason})`, `The ping (see pitwall analytics preview): ${PING_IDENTITY}`];
      if (decision.on) {
        lines.push(`Schedule: '${settings.ANALYTICS_SCHEDULE}' plus a fixed per-install delay, and once shortly after start`);
        lines.push(`Endpoint: ${settings.ANALYTICS_URL ? new URL(settings.ANALYTICS_URL).origin : `none (pings are written to ${settings.DATA_DIR}/analytics)`}`);
        const last = new PingSender(settings, createLogger({ debug: false, console: false })).lastStatus();
        lines.push(`Last ping: ${last ? `${last.at} ${last.result}${last.detail ? ` (${last.detail})` : ''}` : 'none yet'}`);
      }
      process.stdout.write(`${lines.join('\n')}\n`);
      return 0;
    }
    case 'reset-id': {
      if (!decision.on) {
        process.stdout.write(`Analytics are off (${decision.reason}): there is no install id to reset, and none was written.\n`);
        return 0;
      }
      process.stdout.write(`New install id: ${new InstallId(settings.DATA_DIR).reset()}\n`);
      return 0;
    }
    default:
      process.stderr.write(`Unknown analytics command '${subcommand ?? ''}'. Use: pitwall analytics preview | status | reset-id\n`);
      return 2;
  }
}
