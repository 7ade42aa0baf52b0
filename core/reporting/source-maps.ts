import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Stack positions in compiled JavaScript turned back into the TypeScript (or TSX) line they came from, read
 * from the `.map` files the build emits (tsconfig `sourceMap`), so that reports, feeds and the local log
 * name `apps/laps/index.tsx:52`, not `dist/apps/laps/index.js:70`.
 *
 * Not Node's own `--enable-source-maps` (or `process.setSourceMapsEnabled`): that rewrites the stack of every
 * error the process creates, reported or not, and only for modules loaded after it was turned on. Here only
 * the errors that are reported pay, and each file's map is read once: the first error of a file reads the
 * end of the file and its map, every later one is a lookup in the cache.
 */

/** A frame line's location: `path:line:column`, with where it starts and ends in the line. */
interface Location {
  start: number;
  end: number;
  file: string;
  line: number;
  column: number;
}

interface CachedMap {
  map: SourceMap;
  /** The folder `sources` are relative to (the map's folder, plus its sourceRoot). */
  base: string;
}

/** Files whose maps are kept; beyond it the oldest is read again when needed. */
const MAX_FILES = 500;
const MAX_POSITIONS = 5000;
/** tsc writes the comment on the last line: reading the last bytes finds it without reading the file. */
const TAIL_BYTES = 4096;
/** A map larger than this is not read on the error path. */
const MAX_MAP_BYTES = 32 * 1024 * 1024;
/** Longer lines are message text, not frames (as in stack.ts). */
const MAX_FRAME_LINE = 8 * 1024;
const COMPILED = /\.(?:m|c)?js$/;

export class SourceMaps {
  private readonly cache = new Map<string, CachedMap | null>();
  /** Positions already mapped (errors repeat where they are thrown): `file:line:column` -> the source's, or ''. */
  private readonly positions = new Map<string, string>();

  /** The stack with every position in compiled code that has a source map replaced by its source position. */
  mapStack(stack: string): string;
  mapStack(stack: string | undefined): string | undefined;
  mapStack(stack: string | undefined): string | undefined {
    // .js, .mjs and .cjs positions: anything else has nothing to map.
    if (!stack || !stack.includes('js:')) return stack;
    let changed = false;
    const lines = stack.split('\n').map((line) => {
      if (line.length > MAX_FRAME_LINE || !line.trimStart().startsWith('at ')) return line;
      const location = locate(line);
      if (!location) return line;
      const source = this.position(location);
      if (!source) return line;
      changed = true;
      return `${line.slice(0, location.start)}${source}${line.slice(location.end)}`;
    });
    return changed ? lines.join('\n') : stack;
  }

  private position(location: Location): string | undefined {
    const key = `${location.file}:${location.line}:${location.column}`;
    let source = this.positions.get(key);
    if (source === undefined) {
      source = this.original(location) ?? '';
      if (this.positions.size >= MAX_POSITIONS) this.positions.delete(this.positions.keys().next().value as string);
      this.positions.set(key, source);
    }
    return source || undefined;
  }

  /** `file:line:column` of the source, in the form the stack gave (path or file URL); undefined without a map. */
  private original(location: Location): string | undefined {
    const isUrl = location.file.startsWith('file://');
    let path: string;
    try {
      path = isUrl ? fileURLToPath(location.file.replace(/[?#].*$/, '')) : location.file;
    } catch {
      return undefined;
    }
    if (!COMPILED.test(path) || !isAbsolute(path)) return undefined;
    const cached = this.mapOf(path);
    if (!cached) return undefined;
    const entry = cached.map.findEntry(location.line - 1, location.column - 1) as Partial<{ originalSource: string; originalLine: number; originalColumn: number }>;
    if (typeof entry.originalSource !== 'string' || typeof entry.originalLine !== 'number' || typeof entry.originalColumn !== 'number') return undefined;
    const source = sourcePath(entry.originalSource, cached.base);
    if (!source) return undefined;
    return `${isUrl ? pathToFileURL(source).href : source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  }

  private mapOf(path: string): CachedMap | null {
    const known = this.cache.get(path);
    if (known !== undefined) return known;
    const loaded = readMap(path);
    if (this.cache.size >= MAX_FILES) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(path, loaded);
    return loaded;
  }
}

/** The one cache of the process: maps do not change while their modules run (a reload loads a new URL). */
export const sourceMaps = new SourceMaps();

/** Reads the map named by the file's `sourceMappingURL` comment (a file beside it, or inline); null without one. */
function readMap(path: string): CachedMap | null {
  try {
    const comment = mappingUrl(path);
    if (!comment) return null;
    if (comment.startsWith('data:')) {
      const comma = comment.indexOf(',');
      if (comma < 0) return null;
      const data = comment.slice(comma + 1);
      const text = /;base64$/.test(comment.slice(0, comma)) ? Buffer.from(data, 'base64').toString('utf8') : decodeURIComponent(data);
      return parsed(text, dirname(path));
    }
    const mapFile = resolve(dirname(path), decodeURI(comment));
    const fd = openSync(mapFile, 'r');
    try {
      if (fstatSync(fd).size > MAX_MAP_BYTES) return null;
    } finally {
      closeSync(fd);
    }
    return parsed(readFileSync(mapFile, 'utf8'), dirname(mapFile));
  } catch {
    // No map, an unreadable or malformed one: the compiled position stays.
    return null;
  }
}

function parsed(text: string, folder: string): CachedMap | null {
  const payload = JSON.parse(text) as { version?: number; sources?: unknown; sourceRoot?: unknown; mappings?: unknown };
  if (payload.version !== 3 || !Array.isArray(payload.sources) || typeof payload.mappings !== 'string') return null;
  const root = typeof payload.sourceRoot === 'string' && payload.sourceRoot ? payload.sourceRoot : '';
  return { map: new SourceMap(payload as ConstructorParameters<typeof SourceMap>[0]), base: root.startsWith('file://') ? fileURLToPath(root) : resolve(folder, root) };
}

/** The last `//# sourceMappingURL=` of the file, read from its end (the whole file only for an inline map). */
function mappingUrl(path: string): string | undefined {
  const fd = openSync(path, 'r');
  let tail: string;
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    tail = buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
  const marker = tail.lastIndexOf('//# sourceMappingURL=');
  if (marker < 0) {
    // An inline map is longer than the tail: its comment starts before it.
    if (!tail.includes('base64,') && !tail.includes('data:')) return undefined;
    const whole = readFileSync(path, 'utf8');
    const at = whole.lastIndexOf('//# sourceMappingURL=');
    return at < 0 ? undefined : whole.slice(at + 21).trim() || undefined;
  }
  return tail.slice(marker + 21).trim() || undefined;
}

function sourcePath(source: string, base: string): string | undefined {
  if (source.startsWith('file://')) {
    try {
      return fileURLToPath(source);
    } catch {
      return undefined;
    }
  }
  // webpack://, node: and other schemes name no file on this machine.
  if (/^[a-z][a-z0-9+.-]*:/i.test(source) && !/^[A-Za-z]:[\\/]/.test(source)) return undefined;
  return resolve(base, source);
}

/**
 * The `path:line:column` at the end of a frame line, inside `( )` or after `at `: read by hand from the end,
 * in time linear in the line (see stack.ts on why not a regular expression).
 */
function locate(line: string): Location | undefined {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ') end--;
  if (line[end - 1] === ')') end--;
  const column = digitsBefore(line, end);
  if (!column) return undefined;
  const lineNumber = digitsBefore(line, column.start - 1);
  if (!lineNumber || line[column.start - 1] !== ':' || line[lineNumber.start - 1] !== ':') return undefined;
  const fileEnd = lineNumber.start - 1;
  const open = line.lastIndexOf('(', fileEnd);
  const at = line.indexOf('at ');
  const start = open > at ? open + 1 : at + 3;
  const file = line.slice(start, fileEnd).replace(/^async /, '');
  if (!file) return undefined;
  return { start: fileEnd - file.length, end, file, line: lineNumber.value, column: column.value };
}

function digitsBefore(line: string, end: number): { start: number; value: number } | undefined {
  let start = end;
  while (start > 0 && line.charCodeAt(start - 1) >= 48 && line.charCodeAt(start - 1) <= 57) start--;
  if (start === end || end - start > 9) return undefined;
  return { start, value: Number(line.slice(start, end)) };
}
