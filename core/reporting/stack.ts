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

const FRAME = /^\s*at (?:(.+?) \((.+?)(?::(\d+))?(?::(\d+))?\)|(.+?)(?::(\d+))?(?::(\d+))?)\s*$/;

/**
 * Parses V8 stack text into frames, oldest call first (Sentry's order). File paths become relative to the
 * project; paths outside it keep only their file name, so no user name or home folder leaves the machine.
 */
export function parseStack(stack: string | undefined, root = PROJECT_ROOT): StackFrame[] {
  if (!stack) return [];
  const frames: StackFrame[] = [];
  for (const line of stack.split('\n')) {
    const match = FRAME.exec(line);
    if (!match || !line.trimStart().startsWith('at ')) continue;
    const [, fn, location, line1, col1, bareLocation, line2, col2] = match;
    const file = location ?? bareLocation?.replace(/^async /, '') ?? '';
    const lineno = Number(line1 ?? line2);
    const colno = Number(col1 ?? col2);
    const { filename, inProject } = relativeFile(file, root);
    frames.push({
      filename,
      function: (fn ?? '<anonymous>').replace(/^async /, ''),
      ...(Number.isFinite(lineno) ? { lineno } : {}),
      ...(Number.isFinite(colno) ? { colno } : {}),
      in_app: inProject && !filename.startsWith('node_modules/'),
    });
  }
  return frames.reverse();
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
