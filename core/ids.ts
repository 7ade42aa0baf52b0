/**
 * The one rule for the names apps give Pitwall: a lower-case letter, then lower-case letters, digits, - or _.
 * Ids end up in table namespaces, ManiaLink ids and chat, so the rule keeps them safe in all three.
 */
const APP_ID = /^[a-z][a-z0-9_-]{0,63}$/;
const COMMAND_NAME = /^[a-z][a-z0-9_-]{0,31}$/;

/** An app id: 1-64 characters of the rule above. */
export function isAppId(text: string): boolean {
  return APP_ID.test(text);
}

/** A ManiaLink page id within an app: the same rule and length as an app id. */
export const isPageId: (text: string) => boolean = isAppId;

/** A chat command name: 1-32 characters of the rule above, short enough to type. */
export function isCommandName(text: string): boolean {
  return COMMAND_NAME.test(text);
}

/** A chat command parameter name: the same rule and length as a command name. */
export const isParamName: (text: string) => boolean = isCommandName;
