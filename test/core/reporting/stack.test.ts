import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseStack } from '../../../core/reporting/stack.js';
import { ADVERSARIAL_STACK_UNITS, bestTime, linesOf, plainScan, repeatTo } from '../../fixtures/adversarial-text.js';

const root = '/srv/pitwall';

describe('parseStack', () => {
  it('reads named, bare, async and native frames, oldest first', () => {
    const stack = [
      'TypeError: boom (at 3:4)',
      '    at saveRecord (/srv/pitwall/apps/records/index.js:27:13)',
      '    at async Promise.all (index 0)',
      '    at /srv/pitwall/node_modules/x/y.js:5:6',
      '    at async /srv/pitwall/core/apps/host.js:9',
      '    at new Foo (node:internal/x:1:2)',
      '    at Array.map (<anonymous>)',
      '    at /home/someone/elsewhere/z.js:1:1',
    ].join('\n');
    assert.deepEqual(parseStack(stack, root), [
      { filename: '<external>/z.js', function: '<anonymous>', lineno: 1, colno: 1, in_app: false },
      { filename: '<anonymous>', function: 'Array.map', in_app: false },
      { filename: 'node:internal/x', function: 'new Foo', lineno: 1, colno: 2, in_app: false },
      { filename: 'core/apps/host.js', function: '<anonymous>', lineno: 9, in_app: true },
      { filename: 'node_modules/x/y.js', function: '<anonymous>', lineno: 5, colno: 6, in_app: false },
      { filename: 'index 0', function: 'Promise.all', in_app: false },
      { filename: 'apps/records/index.js', function: 'saveRecord', lineno: 27, colno: 13, in_app: true },
    ]);
  });

  it('reads every line as the former expression did', () => {
    // Exact but quadratic on long lines: on short ones it says what the parser must return.
    const former = /^\s*at (?:(.+?) \((.+?)(?::(\d+))?(?::(\d+))?\)|(.+?)(?::(\d+))?(?::(\d+))?)\s*$/;
    const formerFrame = (line: string) => {
      const match = former.exec(line);
      if (!match || !line.trimStart().startsWith('at ')) return [];
      const [, fn, location, line1, col1, bareLocation, line2, col2] = match;
      const file = location ?? bareLocation!.replace(/^async /, '');
      const lineno = Number(line1 ?? line2);
      const colno = Number(col1 ?? col2);
      return [{ file, fn: (fn ?? '<anonymous>').replace(/^async /, ''), lineno: Number.isFinite(lineno) ? lineno : undefined, colno: Number.isFinite(colno) ? colno : undefined }];
    };
    const parts = ['at ', ' ', '  ', 'a', 'async ', '(', ')', ' (', ':', '1', '23', '/x.js', '\r', '\t', 'b c'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 16 }), (pieces) => {
        const line = pieces.join('');
        const expected = formerFrame(line);
        // An unparsable location keeps its text as the file name, so the file is the whole location here.
        const actual = parseStack(line, '/nowhere').map((frame) => ({ file: frame.filename, fn: frame.function, lineno: frame.lineno, colno: frame.colno }));
        assert.deepEqual(actual, expected.map((frame) => ({ ...frame, file: frame.file.includes('/') ? `<external>/${frame.file.split('/').pop()}` : frame.file })), JSON.stringify(line));
      }),
      { numRuns: 3000 },
    );
  });

  // The former expression took 705 ms on one 50 KB line and grew with its square; reading by hand costs a
  // few plain scans. 200x is far above what a loaded machine adds and far below any quadratic cost at 1 MB.
  it('costs less than 200 plain scans on 1 MB of frame-like text, in one line or in many', () => {
    for (const unit of ADVERSARIAL_STACK_UNITS) {
      for (const input of [repeatTo(unit, 1 << 20), linesOf(unit, 64 * 1024, 1 << 20), linesOf(unit, 8 * 1024, 1 << 20), linesOf(unit, 200, 1 << 20)]) {
        const ratio = bestTime(3, parseStack, input) / bestTime(3, plainScan, input);
        assert.ok(ratio < 200, `${JSON.stringify(unit)} in lines of ${input.indexOf('\n')}: ${ratio.toFixed(0)}x a plain scan`);
      }
    }
  });
});
