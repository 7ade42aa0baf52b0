import { Session, url as inspectorUrl } from 'node:inspector';
import { SlidingWindow } from '../sliding-window.js';

/**
 * Level 2's "local variables of the failing frame", the way Sentry's LocalVariables integration gets them:
 * an in-process inspector session pauses on every thrown exception, reads the locals of the topmost frame
 * in project code (primitives, and one level of plain objects), and resumes at once. The locals are kept
 * under the error's first two stack lines until the exception handler asks for them.
 *
 * "Locals" are every scope of the frame from the innermost out to the function's own: V8 keeps the
 * parameters in the `local` scope but a body's `const`/`let` in `block` scopes (always, when a parameter is
 * destructured or has a default), and a `catch` binding in a `catch` scope. An inner name hides an outer one,
 * as in the code.
 *
 * Bounded: pausing stops for a minute after too many captures or pauses in a minute, so an error storm
 * cannot slow the controller down. It never throws and never changes what the program does.
 */

export interface LocalsCaptureOptions {
  /** Whether a script URL is project code (not node internals or dependencies). */
  isProjectUrl(url: string): boolean;
  maxCapturesPerMinute?: number;
  maxPausesPerMinute?: number;
  /** How long pausing stays off after a limit is hit. */
  cooldownMs?: number;
  log?(message: string): void;
}

interface CallFrame {
  functionName: string;
  location: { scriptId: string; lineNumber: number };
  url: string;
  scopeChain: { type: string; object: { objectId?: string } }[];
}

interface RemoteProperty {
  name: string;
  value?: { type: string; subtype?: string; value?: unknown; description?: string; objectId?: string; className?: string };
}

const MAX_VARS = 30;
const MAX_OBJECT_PROPS = 10;
const MAX_STRING = 200;
const KEPT_ERRORS = 50;

export class LocalsCapture {
  private session?: Session;
  private readonly scripts = new Map<string, string>();
  private readonly captured = new Map<string, Record<string, unknown>>();
  private readonly pauses = new SlidingWindow(60_000);
  private readonly captures = new SlidingWindow(60_000);
  private pausedUntil = 0;
  private cooldownTimer?: NodeJS.Timeout;
  private readonly options: Required<Omit<LocalsCaptureOptions, 'log'>> & Pick<LocalsCaptureOptions, 'log'>;

  constructor(options: LocalsCaptureOptions) {
    this.options = { maxCapturesPerMinute: 30, maxPausesPerMinute: 1000, cooldownMs: 60_000, ...options };
  }

  /** Starts pausing on exceptions; false (logged once) when the inspector is not available. */
  start(): boolean {
    if (inspectorUrl() !== undefined) {
      this.options.log?.('A debugger is attached: error reports are sent without local variables.');
      return false;
    }
    try {
      const session = new Session();
      session.connect();
      session.on('Debugger.scriptParsed', (message: { params: { scriptId: string; url: string } }) => {
        if (message.params.url) this.scripts.set(message.params.scriptId, message.params.url);
      });
      session.on('Debugger.paused', (message: { params: { callFrames: CallFrame[]; data?: { description?: string } } }) => this.onPaused(message.params));
      session.post('Debugger.enable');
      session.post('Debugger.setPauseOnExceptions', { state: 'all' });
      this.session = session;
      return true;
    } catch (error) {
      this.options.log?.(`Local variables are not captured: the inspector is unavailable (${(error as Error).message}).`);
      return false;
    }
  }

  stop(): void {
    clearTimeout(this.cooldownTimer);
    try {
      this.session?.post('Debugger.setPauseOnExceptions', { state: 'none' });
      this.session?.disconnect();
    } catch {
      // Already gone.
    }
    this.session = undefined;
  }

  /** The locals captured when `error` was thrown, if any (each is handed out once). */
  take(error: Error): Record<string, unknown> | undefined {
    const key = keyOf(error.stack);
    if (!key) return undefined;
    const locals = this.captured.get(key);
    this.captured.delete(key);
    return locals;
  }

  private onPaused(params: { callFrames: CallFrame[]; data?: { description?: string } }): void {
    const session = this.session;
    if (!session) return;
    try {
      const now = Date.now();
      if (this.pauses.add(now) > this.options.maxPausesPerMinute) return this.cooldown();
      const key = keyOf(params.data?.description);
      const frame = params.callFrames.find((candidate) => this.options.isProjectUrl(this.urlOf(candidate)));
      if (!key || !frame) return;
      if (this.captures.add(now) > this.options.maxCapturesPerMinute) return this.cooldown();
      const vars = this.readFrame(session, frame);
      if (!vars) return;
      this.captured.set(key, vars);
      if (this.captured.size > KEPT_ERRORS) this.captured.delete(this.captured.keys().next().value as string);
    } catch {
      // Capturing is best effort; the program must go on as if nothing happened.
    } finally {
      try {
        session.post('Debugger.resume');
      } catch {
        // Not paused any more.
      }
    }
  }

  private urlOf(frame: CallFrame): string {
    return frame.url || this.scripts.get(frame.location.scriptId) || '';
  }

  /**
   * Reads the frame's scopes from the innermost out, up to and including the function scope (closures,
   * the module and the global scope are not the frame's own), at most MAX_VARS names in all.
   */
  private readFrame(session: Session, frame: CallFrame): Record<string, unknown> | undefined {
    let vars: Record<string, unknown> | undefined;
    const seen = new Set<string>();
    for (const scope of frame.scopeChain) {
      // A `with` object is not the frame's own (and may be anything): skipped, the scopes beyond it still are.
      if (scope.type === 'with') continue;
      if (!OWN_SCOPES.has(scope.type)) break;
      if (scope.object.objectId) vars = this.readVariables(session, scope.object.objectId, vars ?? {}, seen) ?? vars;
      if (scope.type === 'local' || (vars && Object.keys(vars).length >= MAX_VARS)) break;
    }
    return vars;
  }

  /**
   * Adds a scope's variables to `into`, skipping names an inner scope had (`seen`, functions included);
   * the in-process session answers synchronously while paused.
   */
  private readVariables(session: Session, objectId: string, into: Record<string, unknown>, seen: Set<string>): Record<string, unknown> | undefined {
    let vars: Record<string, unknown> | undefined;
    session.post('Runtime.getProperties', { objectId, ownProperties: true }, (error, result) => {
      if (error || !result) return;
      vars = into;
      for (const property of result.result as RemoteProperty[]) {
        if (Object.keys(vars).length >= MAX_VARS) break;
        if (seen.has(property.name)) continue;
        seen.add(property.name);
        const value = this.describe(session, property.value, true);
        if (value !== SKIP) vars[property.name] = value;
      }
    });
    return vars;
  }

  private describe(session: Session, value: RemoteProperty['value'], expandObjects: boolean): unknown {
    if (!value) return SKIP;
    switch (value.type) {
      case 'string':
        return String(value.value).slice(0, MAX_STRING);
      case 'number':
      case 'boolean':
        return value.value ?? value.description;
      case 'undefined':
        return null;
      case 'bigint':
      case 'symbol':
        return value.description;
      case 'function':
        return SKIP;
      case 'object': {
        if (value.subtype === 'null') return null;
        // An error's description is its whole stack, with absolute paths: its first line says enough.
        if (!expandObjects || !value.objectId || (value.subtype && value.subtype !== 'array')) return `[${(value.description ?? value.className ?? 'object').split('\n')[0]!.slice(0, MAX_STRING)}]`;
        let shallow: unknown = `[${value.description ?? 'object'}]`;
        session.post('Runtime.getProperties', { objectId: value.objectId, ownProperties: true }, (error, result) => {
          if (error || !result) return;
          const entries: Record<string, unknown> = {};
          for (const property of (result.result as RemoteProperty[]).filter((item) => item.name !== '__proto__').slice(0, MAX_OBJECT_PROPS)) {
            const inner = this.describe(session, property.value, false);
            if (inner !== SKIP) entries[property.name] = inner;
          }
          shallow = value.subtype === 'array' ? Object.values(entries) : entries;
        });
        return shallow;
      }
      default:
        return SKIP;
    }
  }

  /** Stops pausing for a while (an error storm is under way) and resumes afterwards. */
  private cooldown(): void {
    if (Date.now() < this.pausedUntil || !this.session) return;
    this.pausedUntil = Date.now() + this.options.cooldownMs;
    this.session.post('Debugger.setPauseOnExceptions', { state: 'none' });
    this.options.log?.(`Too many exceptions: local variables are not captured for the next ${Math.round(this.options.cooldownMs / 1000)} s.`);
    this.cooldownTimer = setTimeout(() => {
      this.pauses.clear();
      this.captures.clear();
      this.session?.post('Debugger.setPauseOnExceptions', { state: 'all' });
    }, this.options.cooldownMs);
    this.cooldownTimer.unref();
  }
}

const SKIP = Symbol('skip');
/** The scopes that belong to the frame itself; closures, the script, the module and the global scope do not. */
const OWN_SCOPES = new Set(['block', 'catch', 'local']);

/** The error's first stack line and its top frame: the same text the inspector shows as its description. */
function keyOf(stack: string | undefined): string | undefined {
  if (!stack) return undefined;
  const lines = stack.split('\n');
  const frame = lines.findIndex((line) => line.trimStart().startsWith('at '));
  return frame > 0 ? `${lines.slice(0, frame).join('\n')}\n${lines[frame]}` : undefined;
}
