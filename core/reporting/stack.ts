import { homedir } from 'node:os';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A stack frame as Sentry expects it, with a project-relative file name. */
export interface StackFrame {
  filename: string;
  function: string;
  lineno?: number;
  colno?: number;
  /** Inside the project and not a dependency: the code an owner or app developer can fix. */
  in_app: boolean;
  /** Local variables of the frame (level 2, when captured). */
  vars?: Record<string, unknown>;
}

/** The project root: dist/core/reporting/stack.js -> three folders up. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url)).replace(/[\\/]$/, '');

/** A real frame line is a function name and a path; longer lines are message text, not frames. */
const MAX_FRAME_LINE = 8 * 1024;

interface FrameParts {
  fn?: string;
  location: string;
  line?: string;
  column?: string;
}

/**
 * Parses V8 stack text into frames, oldest call first (Sentry's order). File paths become relative to the
 * project; paths outside it keep only their file name, so no user name or home folder leaves the machine.
 * Runs in time linear in the text: it runs on every error, before the storm guard.
 */
export function parseStack(stack: string | undefined, root = PROJECT_ROOT): StackFrame[] {
  if (!stack) return [];
  const frames: StackFrame[] = [];
  for (const line of stack.split('\n')) {
    if (line.length > MAX_FRAME_LINE) continue;
    const parts = parseFrameLine(line);
    if (!parts) continue;
    const file = parts.fn === undefined ? parts.location.replace(/^async /, '') : parts.location;
    const lineno = Number(parts.line);
    const colno = Number(parts.column);
    const { filename, inProject } = relativeFile(file, root);
    frames.push({
      filename,
      function: (parts.fn ?? '<anonymous>').replace(/^async /, ''),
      ...(Number.isFinite(lineno) ? { lineno } : {}),
      ...(Number.isFinite(colno) ? { colno } : {}),
      in_app: inProject && !filename.startsWith('node_modules/'),
    });
  }
  return frames.reverse();
}

/**
 * One `at fn (location:line:column)` or `at location:line:column` line, read by hand: a regular expression
 * with two lazy groups retries every ` (` of a line against the rest of it, which is quadratic.
 */
function parseFrameLine(line: string): FrameParts | undefined {
  const trimmed = line.trimStart();
  if (!trimmed.startsWith('at ')) return undefined;
  const rest = trimmed.slice(3);
  // Trailing blanks are not part of the location, unless it is nothing else.
  const body = rest.trimEnd() || rest.slice(0, 1);
  // Line terminators other than \n: not a frame V8 wrote.
  if (body.length === 0 || /[\r\u2028\u2029]/.test(body)) return undefined;
  const open = body.indexOf(' (', 1);
  if (open !== -1 && body.endsWith(')') && body.length - 1 > open + 2) {
    return { fn: body.slice(0, open), ...splitPosition(body.slice(open + 2, -1)) };
  }
  return splitPosition(body);
}

/** `path:line:column`, `path:line` or `path`: up to two trailing `:digits`, the path never empty. */
function splitPosition(text: string): FrameParts {
  const numbers: string[] = [];
  let location = text;
  for (let round = 0; round < 2; round++) {
    const colon = location.lastIndexOf(':');
    const digits = location.slice(colon + 1);
    if (colon < 1 || digits.length === 0 || !/^\d+$/.test(digits)) break;
    numbers.unshift(digits);
    location = location.slice(0, colon);
  }
  return { location, line: numbers[0], column: numbers[1] };
}

function relativeFile(location: string, root: string): { filename: string; inProject: boolean } {
  let path = location;
  if (path.startsWith('file://')) {
    try {
      path = fileURLToPath(path);
    } catch {
      return { filename: '<unknown>', inProject: false };
    }
  }
  if (path.startsWith('node:') || path === 'native' || path.startsWith('<')) return { filename: path, inProject: false };
  if (path === root || path.startsWith(root + sep)) return { filename: path.slice(root.length + 1).split(sep).join('/'), inProject: true };
  const base = path.split(/[\\/]/).pop() ?? path;
  return { filename: path.includes('/') || path.includes('\\') ? `<external>/${base}` : path, inProject: false };
}

/** Replaces the project root and the home folder in free text (messages mention paths too). */
export function relativizePaths(text: string, root = PROJECT_ROOT): string {
  let result = text.split(`file://${root}/`).join('').split(`${root}/`).join('').split(root).join('.');
  const home = homedir();
  // Only as a path: '/root/x' becomes '~/x', but 'mysql://root:...' stays for the redactor to judge.
  if (home && home !== '/' && result.includes(home)) {
    result = result.replace(new RegExp(`${home.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[\\/\s'"),]|$)`, 'g'), '~');
  }
  return result;
}
