import { loadOwnerSettings } from '../main.js';
import { PitwallError } from '../errors.js';
import { announcePasswordChange, requestLoginLink } from '../dashboard/control-file.js';
import { passwordProblem, setPassword } from '../dashboard/password.js';
import { parseCommandArgs } from '../cli-args.js';

/** `pitwall dashboard link` and `pitwall dashboard passwd [--stdin]`. */
export async function dashboard(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === 'passwd') return dashboardPasswd(rest);
  if (subcommand !== 'link') {
    process.stderr.write(`Unknown dashboard command '${subcommand ?? ''}'. Use: pitwall dashboard link, or pitwall dashboard passwd [--stdin]\n`);
    return 2;
  }
  parseCommandArgs('dashboard link', rest, {});
  const settings = await loadOwnerSettings();
  try {
    if (!settings.DASHBOARD.enabled) throw new PitwallError('PW_ERR_DASHBOARD_OFF', {});
    const url = await requestLoginLink(settings.DATA_DIR);
    process.stderr.write('Open this link in a browser on this machine (it works once, within 10 minutes):\n');
    process.stdout.write(`${url}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof PitwallError)) throw error;
    process.stderr.write(`${error.code}: ${error.message}\n`);
    return 1;
  }
}

/** `pitwall dashboard passwd [--stdin]`: the owner's password, as a scrypt hash in DATA_DIR/dashboard-password. */
async function dashboardPasswd(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('dashboard passwd', args, { stdin: { type: 'boolean' } });
  const settings = await loadOwnerSettings();
  let password: string;
  try {
    if (values.stdin) {
      password = (await readAllStdin()).replace(/\r?\n$/, '');
    } else {
      if (!process.stdin.isTTY) {
        process.stderr.write('Standard input is not a terminal, so the password cannot be asked for without echo. Use `pitwall dashboard passwd --stdin` and send the password as one line.\n');
        return 2;
      }
      password = await askHidden('New dashboard password: ');
      const problem = passwordProblem(password);
      if (problem) throw new PitwallError('PW_ERR_DASHBOARD_PASSWORD', { problem });
      if ((await askHidden('The same password again: ')) !== password) {
        process.stderr.write('The two passwords differ; nothing was changed. Run `pitwall dashboard passwd` again.\n');
        return 1;
      }
    }
    const file = await setPassword(settings.DATA_DIR, password);
    const told = await announcePasswordChange(settings.DATA_DIR);
    process.stdout.write(`The dashboard password is set (a scrypt hash in ${file}, readable by you only). ${told ? 'The running dashboard ended every session: log in again.' : 'No running dashboard answered; the next one started uses it.'}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof PitwallError)) throw error;
    process.stderr.write(`${error.code}: ${error.message}\n`);
    return 1;
  }
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** One line typed on the terminal without echo (raw mode: each key is read, none printed). */
function askHidden(prompt: string): Promise<string> {
  process.stderr.write(prompt);
  const input = process.stdin;
  input.setRawMode(true);
  input.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (settle: () => void): void => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      settle();
    };
    const onData = (chunk: Buffer): void => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return done(() => resolve(typed));
        if (char === '\u0003') return done(() => reject(new PitwallError('PW_ERR_DASHBOARD_PASSWORD', { problem: 'it was not given (interrupted)' })));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else if (char >= ' ') typed += char;
      }
    };
    input.on('data', onData);
  });
}

