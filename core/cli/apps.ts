import { loadOwnerSettings } from '../main.js';
import { askController, type AppRequest } from '../apps/control-requests.js';
import { PitwallError } from '../errors.js';

/** `pitwall apps` and `pitwall apps reload <id>`, answered by the controller running on DATA_DIR. */
export async function appsCli(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  let request: AppRequest;
  if (subcommand === undefined) request = { action: 'list' };
  else if (subcommand === 'reload' && rest.length === 1) request = { action: 'reload', id: rest[0]! };
  else {
    process.stderr.write(`Unknown apps command '${args.join(' ')}'. Use: pitwall apps, or pitwall apps reload <id>\n`);
    return 2;
  }
  const settings = await loadOwnerSettings();
  try {
    // A reload may wait for the old version's stop() and the new one's init() and start().
    const answer = await askController(settings.DATA_DIR, request, 5000 + settings.APP_HOOK_TIMEOUT_MS * 4);
    (answer.ok ? process.stdout : process.stderr).write(`${answer.text}\n`);
    return answer.ok && !/ was not reloaded|^There is no app/.test(answer.text) ? 0 : 1;
  } catch (error) {
    if (!(error instanceof PitwallError)) throw error;
    process.stderr.write(`${error.code}: ${error.message}\n`);
    return 1;
  }
}
