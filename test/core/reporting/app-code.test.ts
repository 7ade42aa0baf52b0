import assert from 'node:assert/strict';
import { it } from 'node:test';
import { AppCode } from '../../../core/reporting/app-code.js';

const stack = [
  'Error: failed',
  '    at handler (/srv/site/node_modules/pitwall-app-laps/dist/index.js:12:9)',
  '    at listener (/srv/pitwall/dist/core/apps/fault-boundary.js:120:24)',
  '    at emit (/srv/pitwall/node_modules/some-dep/index.js:5:3)',
].join('\n');

it('counts frames of an app installed anywhere as app code, with paths relative to the app', () => {
  const code = new AppCode(() => [{ app: 'laps', folder: '/srv/site/node_modules/pitwall-app-laps' }], '/srv/pitwall');
  assert.equal(code.throwSite(stack)?.location, '/srv/site/node_modules/pitwall-app-laps/dist/index.js:12:9');
  assert.deepEqual(
    code.frames(stack).map((frame) => [frame.filename, frame.in_app]),
    [
      ['node_modules/some-dep/index.js', false],
      ['dist/core/apps/fault-boundary.js', true],
      ['app:laps/dist/index.js', true],
    ],
  );
  assert.equal(code.isOurUrl('file:///srv/site/node_modules/pitwall-app-laps/dist/index.js'), true);
  assert.equal(code.isOurUrl('file:///srv/pitwall/node_modules/some-dep/index.js'), false);
});

it('ignores an app folder that holds the project, so Pitwall itself is not counted as that app', () => {
  const code = new AppCode(() => [{ app: 'top', folder: '/srv' }], '/srv/pitwall');
  assert.equal(code.throwSite(stack)?.location, '/srv/pitwall/dist/core/apps/fault-boundary.js:120:24');
  assert.equal(code.frames(stack).filter((frame) => frame.in_app).length, 1);
});
