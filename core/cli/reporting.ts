import { PitwallError } from '../errors.js';
import type { ReportingLevel } from '../reporting/fields.js';
import { findIncident } from '../reporting/incidents.js';
import { incidentSubject, previewFeed, previewReport, type PreviewSubject } from '../reporting/preview.js';
import { parseCommandArgs } from '../cli-args.js';
import { configuredApps, withQuietRuntime } from './quiet-runtime.js';

/** `pitwall reporting preview`: what an error report (or an app's level-3 feed) would hold, without sending it. */
export async function reporting(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand !== 'preview') {
    process.stderr.write(`Unknown reporting command '${subcommand ?? ''}'. Use: pitwall reporting preview [--level N] [--app ID] [--incident ID | --sample]\n`);
    return 2;
  }
  const { values } = parseCommandArgs('reporting preview', rest, {
    level: { type: 'string' },
    app: { type: 'string' },
    incident: { type: 'string' },
    sample: { type: 'boolean' },
  });
  const level = values.level === undefined ? undefined : Number(values.level);
  if (level !== undefined && ![0, 1, 2, 3].includes(level)) {
    process.stderr.write(`--level must be 0, 1, 2 or 3, got '${values.level}'.\n`);
    return 2;
  }
  if (values.sample && values.incident !== undefined) {
    throw new PitwallError('PW_ERR_CLI_ARGUMENT', { command: 'reporting preview', problem: "'--sample' and '--incident' cannot be given together" });
  }
  return withQuietRuntime(async (runtime, settings) => {
    const apps = values.app !== undefined ? await configuredApps(settings) : [];
    // An app that is not loaded has no feed: said as such, whatever its incidents.
    const known = values.app === undefined || apps.some((app) => app.id === values.app);
    let subject: PreviewSubject | undefined;
    // With --app, the app's latest incident by default; without, the sample unless --incident names one.
    if (known && (values.incident !== undefined || (values.app !== undefined && !values.sample))) {
      try {
        subject = incidentSubject(findIncident(settings.DATA_DIR, { id: values.incident, app: values.app }));
      } catch (error) {
        if (!(error instanceof PitwallError)) throw error;
        process.stderr.write(`${error.code}: ${error.message}\n`);
        return 1;
      }
    }
    const effective = (level ?? settings.LOGGING_REPORTING) as ReportingLevel;
    const { note, body } =
      values.app !== undefined
        ? previewFeed(runtime.exceptionHandler, settings, apps, values.app, effective, subject)
        : previewReport(runtime.exceptionHandler, settings, effective, subject);
    process.stderr.write(`${note}\n`);
    process.stdout.write(body);
    return 0;
  });
}
