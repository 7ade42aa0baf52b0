import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ANALYTICS_FIELDS, PING_IDENTITY } from '../../../core/analytics/fields.js';
import { renderPrivacyDoc } from '../../../core/privacy-doc.js';
import { PROJECT_ROOT } from '../../../core/reporting/stack.js';

const read = (path: string): string => readFileSync(join(PROJECT_ROOT, path), 'utf8');
/** Text with comment markers and line breaks removed, so a wrapped sentence reads as one. */
const flat = (text: string): string => text.replace(/^\s*\/\/ ?/gm, '').replace(/\s+/g, ' ');
/** "anonymous" said of the ping: anything but "not anonymous" (a stack frame's `<anonymous>` is not about it). */
const CALLED_ANONYMOUS = /(?<!not )(?<!<)\banonymous\b(?!>)/i;

describe('how the analytics ping is described', () => {
  it('the fields it names are the ones the ping carries', () => {
    for (const name of ['server_login', 'server_name', 'os_release']) assert.ok(ANALYTICS_FIELDS.some((field) => field.name === name), name);
    assert.equal(PING_IDENTITY, 'it identifies the server, never a player (it carries the server login, the server name and the OS release, and no player login or nickname)');
  });

  it('settings/base.ts, the README and docs/privacy.md say it identifies the server and never call it anonymous', () => {
    const settings = flat(read('settings/base.ts'));
    const settingsComment = settings.slice(0, settings.indexOf('export const ANALYTICS = '));
    assert.ok(settingsComment.endsWith(`It is not anonymous: ${PING_IDENTITY}. \`pitwall analytics preview\` shows it. false turns it off completely; so does DO_NOT_TRACK=1. `));
    const readme = flat(read('README.md'));
    assert.ok(readme.includes('| `ANALYTICS` | `true` | hourly usage ping that identifies the server, never a player (server login, server name, OS release);'));
    assert.ok(readme.includes(`It is not anonymous: ${PING_IDENTITY}.`));
    const privacy = flat(renderPrivacyDoc());
    assert.ok(privacy.includes(`The ping is not anonymous: ${PING_IDENTITY}.`));
    for (const [name, text] of [['settings/base.ts', settings], ['README.md', readme], ['docs/privacy.md', privacy]] as const) {
      assert.equal(CALLED_ANONYMOUS.exec(text)?.[0], undefined, name);
    }
  });
});
