import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { AppInfo } from '../../../core/apps/registry.js';
import { FeedBuilder } from '../../../core/reporting/feed.js';
import { Redactor } from '../../../core/reporting/redact.js';

// An app installed outside the project, as an owner's own folder or a global npm package would be.
const app: AppInfo = { id: 'ext-app', version: '2.0.0', folder: '/srv/owner/apps/ext-app' };

function feedMessage(message: string): string {
  const event = new FeedBuilder(new Redactor()).build(new Error(message), { app: app.id }, app, { apps: [app] });
  return (event['exception'] as { values: { value: string }[] }).values.at(-1)!.value;
}

it("a feed names the app's own files relative to the app and hides every other absolute path", () => {
  assert.equal(
    feedMessage('cannot read /srv/owner/apps/ext-app/data/cache.json nor /srv/site/private/keys.txt (file:///var/lib/other/x.js)'),
    'cannot read data/cache.json nor <path> (<path>)',
  );
});

it('a feed keeps chat commands, URLs and fractions, which are not paths of the machine', () => {
  assert.equal(feedMessage('/records failed for 1/2 of https://example.org/a/b and //kick'), '/records failed for 1/2 of https://example.org/a/b and //kick');
});
