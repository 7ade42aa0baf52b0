import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { SourceMaps } from '../../../core/reporting/source-maps.js';
import { PROJECT_ROOT } from '../../../core/reporting/stack.js';
import { startTestCore, type TestCore } from '../../helpers/core.js';
import { startReportReceiver, type ReportReceiver } from '../../helpers/report-receiver.js';

/** Line and column (1-based) of `text` on the line marked THROW-SITE of a source file. */
function throwSite(file: string, text: string): { line: number; column: number } {
  const lines = readFileSync(join(PROJECT_ROOT, file), 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes('// THROW-SITE'));
  assert.ok(index >= 0, `THROW-SITE in ${file}`);
  return { line: index + 1, column: lines[index]!.indexOf(text) + 1 };
}

const COMPILED = fileURLToPath(new URL('../../fixtures/source-maps/thrower.js', import.meta.url));
const SOURCE = join(PROJECT_ROOT, 'test/fixtures/source-maps/thrower.ts');

/** The error thrown by fastest([]) of a copy of the compiled fixture, and the first frame line of its stack. */
async function thrownBy(module: string): Promise<Error> {
  const { fastest } = (await import(pathToFileURL(module).href)) as { fastest(laps: readonly unknown[]): unknown };
  try {
    fastest([]);
  } catch (error) {
    return error as Error;
  }
  throw new Error('fastest([]) did not throw');
}

const firstFrame = (stack: string) => stack.split('\n').find((line) => line.trimStart().startsWith('at '))!;

describe('source maps of compiled files', () => {
  const site = throwSite('test/fixtures/source-maps/thrower.ts', 'new RangeError');
  let folder: string;
  before(() => (folder = mkdtempSync(join(tmpdir(), 'pitwall-source-maps-'))));
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('names the TypeScript line of a frame in a file the build compiled, in the form the stack gave', async () => {
    const error = await thrownBy(COMPILED);
    assert.match(firstFrame(error.stack!), /thrower\.js:3:\d+\)$/);
    const mapped = new SourceMaps().mapStack(error.stack!);
    assert.equal(firstFrame(mapped), `    at fastest (${pathToFileURL(SOURCE).href}:${site.line}:${site.column})`);
    // Only positions change: the message and every other line are as they were.
    assert.equal(mapped.split('\n').length, error.stack!.split('\n').length);
    assert.equal(mapped.split('\n')[0], 'RangeError: no laps');
    // A plain path (CommonJS stacks) stays a plain path.
    const plain = error.stack!.replace(pathToFileURL(COMPILED).href, COMPILED);
    assert.equal(firstFrame(new SourceMaps().mapStack(plain)), `    at fastest (${SOURCE}:${site.line}:${site.column})`);
  });

  it('reads an inline map, and leaves a frame whose map is missing as it is', async () => {
    const map = JSON.parse(readFileSync(`${COMPILED}.map`, 'utf8')) as { sources: string[] };
    map.sources = [SOURCE];
    const code = readFileSync(COMPILED, 'utf8').replace(/\/\/# sourceMappingURL=.*$/m, '');
    writeFileSync(join(folder, 'inline.mjs'), `${code}//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`);
    const inline = await thrownBy(join(folder, 'inline.mjs'));
    // The message and the frame in the .mjs file alone, as a stack thrown in ES module code only would be.
    const alone = inline.stack!.split('\n').slice(0, 2).join('\n');
    assert.equal(new SourceMaps().mapStack(alone), `RangeError: no laps\n    at fastest (${pathToFileURL(SOURCE).href}:${site.line}:${site.column})`);

    writeFileSync(join(folder, 'unmapped.mjs'), `${code}//# sourceMappingURL=unmapped.mjs.map\n`);
    const unmapped = await thrownBy(join(folder, 'unmapped.mjs'));
    assert.equal(firstFrame(new SourceMaps().mapStack(unmapped.stack!)), firstFrame(unmapped.stack!));
    assert.match(firstFrame(unmapped.stack!), /unmapped\.mjs:3:\d+\)$/);
  });

  it("reads each file's map once: a later error of that file is mapped from the cache", async () => {
    copyFileSync(COMPILED, join(folder, 'thrower.js'));
    writeFileSync(join(folder, 'package.json'), '{ "type": "module" }');
    const map = JSON.parse(readFileSync(`${COMPILED}.map`, 'utf8')) as { sources: string[] };
    map.sources = [SOURCE];
    writeFileSync(join(folder, 'thrower.js.map'), JSON.stringify(map));
    const error = await thrownBy(join(folder, 'thrower.js'));
    const maps = new SourceMaps();
    const expected = `    at fastest (${pathToFileURL(SOURCE).href}:${site.line}:${site.column})`;
    assert.equal(firstFrame(maps.mapStack(error.stack!)), expected);
    rmSync(join(folder, 'thrower.js.map'));
    assert.equal(firstFrame(maps.mapStack(error.stack!)), expected, 'mapped from the cache, the map file is gone');
    assert.equal(firstFrame(new SourceMaps().mapStack(error.stack!)), firstFrame(error.stack!), 'a new cache reads the file again and finds no map');
  });
});

describe('reports, feeds and the local log of a compiled TSX app name its source lines', () => {
  let core: TestCore;
  let receiver: ReportReceiver;
  const site = throwSite('test/fixtures/apps/mapped/index.tsx', 'new RangeError');
  const app = fileURLToPath(new URL('../../fixtures/apps/mapped/index.js', import.meta.url));

  before(async () => {
    receiver = await startReportReceiver();
    // The app reads its DSN when it is loaded.
    process.env.MAPPED_DSN = receiver.dsn;
    core = await startTestCore({ reporting: true, apps: [app], settings: { LOGGING_REPORTING: 3 } });
    await core.join('anna', 'Anna');
    await core.chat('anna', 'boom');
    await core.waitFor(() => existsSync(join(core.dataDir, 'reports')) && readdirSync(join(core.dataDir, 'reports')).length === 1, 'the report');
    await core.waitFor(() => receiver.accepted.length === 1, 'the feed');
  });
  after(async () => {
    await core.stop();
    await receiver.close();
    delete process.env.MAPPED_DSN;
  });

  type Frame = { filename: string; function: string; lineno?: number; colno?: number; in_app: boolean };
  const framesOf = (event: Record<string, unknown>) => (event.exception as { values: { stacktrace: { frames: Frame[] } }[] }).values.at(-1)!.stacktrace.frames;

  it('the report: the project-relative .tsx file, line and column, in place of dist/.../index.js', () => {
    const reports = join(core.dataDir, 'reports');
    const report = JSON.parse(readFileSync(join(reports, readdirSync(reports)[0]!), 'utf8')) as Record<string, unknown>;
    const top = framesOf(report).filter((frame) => frame.in_app).at(-1)!;
    assert.deepEqual({ filename: top.filename, lineno: top.lineno, colno: top.colno }, { filename: 'test/fixtures/apps/mapped/index.tsx', lineno: site.line, colno: site.column });
    assert.ok(!JSON.stringify(framesOf(report)).includes('dist/'), JSON.stringify(framesOf(report)));
    // Pitwall's own frames are named by their sources too.
    assert.ok(framesOf(report).some((frame) => frame.filename === 'core/apps/fault-boundary.ts'));
  });

  it("the feed: the app's own .tsx file, relative to the app", () => {
    const feed = receiver.accepted[0]!.event as Record<string, unknown>;
    const own = framesOf(feed).filter((frame) => frame.in_app);
    assert.deepEqual(own.at(-1), { filename: 'index.tsx', function: '<anonymous>', lineno: site.line, colno: site.column, in_app: true });
  });

  it('the local log: the stack names the .tsx line', () => {
    const log = readFileSync(join(core.dataDir, 'logs', 'pitwall.log'), 'utf8').split('\n').find((line) => line.includes('"incident"'))!;
    const stack = (JSON.parse(log) as { stack: string }).stack;
    assert.ok(stack.startsWith('RangeError: no lap for anna (object)\n'), stack);
    assert.ok(stack.includes(`${pathToFileURL(join(PROJECT_ROOT, 'test/fixtures/apps/mapped/index.tsx')).href}:${site.line}:${site.column}\n`), stack);
    assert.ok(!stack.includes('dist/test/fixtures/apps/mapped/index.js'), stack);
  });
});
