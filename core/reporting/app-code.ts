import { relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppRegistry } from '../apps/registry.js';
import { sourceMaps, type SourceMaps } from './source-maps.js';
import { parseStack, PROJECT_ROOT, type StackFrame } from './stack.js';

/** A loaded app's module folder: stack lines under it are that app's own code, wherever it is installed. */
export interface AppModuleRoot {
  app: string;
  folder: string;
}

/** The module folders of every loaded app (inline apps have none), read live from the app registry. */
export function appModuleRoots(registry: AppRegistry | undefined): AppModuleRoot[] {
  if (!registry) return [];
  return registry.ids().flatMap((id) => {
    const folder = registry.app(id)?.folder;
    return folder ? [{ app: id, folder: folder.replace(/[\\/]$/, '') }] : [];
  });
}

/** Where an error was thrown from: the topmost stack line in the code of an app or of Pitwall itself. */
export interface ThrowSite {
  /** Absolute file, line and column: for telling errors apart on this machine only, never sent. */
  location: string;
  /** The line of stack text it came from. */
  line: string;
}

interface Prefix {
  text: string;
  /** Pitwall's own tree: its node_modules are not its code. */
  project: boolean;
}

const LOCATION = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?\s*$/;

/**
 * Which code is "ours": every loaded app's module folder (an npm package, a path outside the project, a
 * bundled app) and Pitwall's project tree outside node_modules. Used to find where an error was thrown, to
 * mark app frames in reports, and to pick the frame whose locals are captured.
 */
export class AppCode {
  private cachedFor?: string;
  private prefixes: Prefix[] = [];

  constructor(
    roots: () => readonly AppModuleRoot[],
    private readonly projectRoot = PROJECT_ROOT,
    /** Source maps applied to report frames (null: compiled positions). */
    private readonly maps: SourceMaps | null = sourceMaps,
  ) {
    // An app module beside or above the project (`./my-app.js` run from the project folder) would make all of
    // Pitwall count as that app: such a folder says nothing about which code is the app's.
    this.roots = () => roots().filter((root) => relative(root.folder, projectRoot).startsWith('..'));
  }

  private readonly roots: () => readonly AppModuleRoot[];

  /** The topmost stack line in app or project code, else the topmost line at all. */
  throwSite(stack: string | undefined): ThrowSite | undefined {
    if (!stack) return undefined;
    const prefixes = this.current();
    let first: string | undefined;
    for (const line of stack.split('\n')) {
      if (!line.trimStart().startsWith('at ')) continue;
      first ??= line;
      if (this.isOursLine(line, prefixes)) return { location: locationOf(line), line };
    }
    return first === undefined ? undefined : { location: locationOf(first), line: first };
  }

  /** Whether a script URL (as the inspector gives it) is app or project code. */
  isOurUrl(url: string): boolean {
    return this.isOursLine(url, this.current());
  }

  /**
   * Report frames with every app's own code marked in_app: frames under an app folder outside the project
   * get file names relative to that folder, prefixed `app:<id>/`, so no absolute path leaves the machine.
   */
  frames(stack: string | undefined, options: { compiled?: boolean } = {}): StackFrame[] {
    const compiled = this.compiledFrames(stack);
    if (options.compiled || !this.maps) return compiled;
    const mappedStack = this.maps.mapStack(stack);
    if (mappedStack === stack) return compiled;
    // Mapping rewrites locations only, line for line: the frames of both texts stand side by side.
    const mapped = this.compiledFrames(mappedStack);
    return compiled.map((frame, index) => sourceFrame(frame, mapped[index]));
  }

  /** The frames of the stack text as it is, named as frames() describes. */
  private compiledFrames(stack: string | undefined): StackFrame[] {
    const frames = parseStack(stack, this.projectRoot);
    for (const root of this.roots()) {
      const inside = relative(this.projectRoot, root.folder);
      if (!inside.startsWith('..') && !inside.startsWith(sep) && inside !== '') {
        // Inside the project (a bundled app, or a package in the project's node_modules).
        const prefix = `${inside.split(sep).join('/')}/`;
        for (const frame of frames) if (frame.filename.startsWith(prefix)) frame.in_app = true;
        continue;
      }
      const own = parseStack(stack, root.folder);
      own.forEach((frame, index) => {
        const target = frames[index];
        if (!target || !frame.in_app || frame.filename.startsWith('<')) return;
        target.filename = `app:${root.app}/${frame.filename}`;
        target.in_app = true;
      });
    }
    return frames;
  }

  /** How frames of `folder` are named in reports (see frames()), for feeds that keep only their app's frames. */
  displayFolder(app: string, folder: string): string {
    const inside = relative(this.projectRoot, folder);
    return inside.startsWith('..') || inside.startsWith(sep) ? `app:${app}` : inside.split(sep).join('/');
  }

  private isOursLine(text: string, prefixes: readonly Prefix[]): boolean {
    for (const prefix of prefixes) {
      const at = text.indexOf(prefix.text);
      if (at < 0) continue;
      if (!prefix.project || !text.includes('/node_modules/', at)) return true;
    }
    return false;
  }

  /** App folders first (they may sit inside the project's node_modules), as paths and as file URLs. */
  private current(): Prefix[] {
    const roots = this.roots();
    const signature = roots.map((root) => root.folder).join('\n');
    if (signature !== this.cachedFor) {
      const folders = roots.map((root) => ({ folder: root.folder, project: false }));
      folders.push({ folder: this.projectRoot, project: true });
      this.prefixes = folders.flatMap(({ folder, project }) => [
        { text: `${folder}${sep}`, project },
        { text: `${pathToFileURL(folder).href}/`, project },
      ]);
      this.cachedFor = signature;
    }
    return this.prefixes;
  }
}

/**
 * A frame at its source position: named as the source file is where that stays in the same folder as the
 * compiled one (the project, an app's folder); else, when the source has the compiled file's name (tsc's
 * `index.js` from `index.tsx`), the compiled name with the source's extension; else the compiled frame.
 */
function sourceFrame(compiled: StackFrame, mapped: StackFrame | undefined): StackFrame {
  if (!mapped || (mapped.filename === compiled.filename && mapped.lineno === compiled.lineno && mapped.colno === compiled.colno)) return compiled;
  const position = { ...(mapped.lineno !== undefined ? { lineno: mapped.lineno } : {}), ...(mapped.colno !== undefined ? { colno: mapped.colno } : {}) };
  const { lineno: _line, colno: _column, ...rest } = compiled;
  if (mapped.in_app === compiled.in_app && !mapped.filename.startsWith('<')) return { ...rest, filename: mapped.filename, ...position };
  const renamed = sourceName(compiled.filename, mapped.filename);
  return renamed === undefined ? compiled : { ...rest, filename: renamed, ...position };
}

/** `dir/index.js` and a source named `index.tsx` (anywhere): `dir/index.tsx`; undefined for another name. */
export function sourceName(compiledName: string, sourceFile: string): string | undefined {
  const base = (name: string) => name.slice(name.lastIndexOf('/') + 1);
  const stem = (name: string) => base(name).replace(/\.[^.]*$/, '');
  if (stem(compiledName) !== stem(sourceFile) || base(sourceFile) === base(compiledName)) return undefined;
  return `${compiledName.slice(0, compiledName.length - base(compiledName).length)}${base(sourceFile)}`;
}

/** `file:line:col` of one stack line, or the line itself when it has no position (native code). */
function locationOf(line: string): string {
  const match = LOCATION.exec(line);
  return match ? `${match[1]}:${match[2]}:${match[3]}` : line.trim();
}
