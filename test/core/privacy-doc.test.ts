import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { ANALYTICS_FIELDS } from '../../core/analytics/fields.js';
import { renderPrivacyDoc } from '../../core/privacy-doc.js';
import { FEED_FIELDS } from '../../core/reporting/feed.js';
import { REPORT_FIELDS } from '../../core/reporting/fields.js';
import { PROJECT_ROOT } from '../../core/reporting/stack.js';

it('docs/privacy.md is what the field tables in the code render (run `pitwall privacy-doc` after changing them)', () => {
  const committed = readFileSync(join(PROJECT_ROOT, 'docs', 'privacy.md'), 'utf8');
  assert.equal(committed, renderPrivacyDoc());
});

it('lists every report field with its levels, every feed field and every ping field', () => {
  const doc = renderPrivacyDoc();
  for (const field of REPORT_FIELDS) assert.ok(doc.includes(`| \`${field.path}\` | ${field.level === 1 ? '1, 2, 3' : '2, 3'} |`), field.path);
  for (const field of FEED_FIELDS) assert.ok(doc.includes(`| \`${field.path}\` |`), field.path);
  for (const field of ANALYTICS_FIELDS) assert.ok(doc.includes(`| \`${field.name}\` |`), field.name);
});
