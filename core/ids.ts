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

type Letter = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'h' | 'i' | 'j' | 'k' | 'l' | 'm' | 'n' | 'o' | 'p' | 'q' | 'r' | 's' | 't' | 'u' | 'v' | 'w' | 'x' | 'y' | 'z';
type IdChar = Letter | '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '-' | '_';
/** Whether the rest of an id, after its first letter, is at most `Left` more characters of the rule. */
type RestOfId<S extends string, Seen extends unknown[]> = S extends ''
  ? true
  : Seen['length'] extends 63
    ? false
    : S extends `${infer C}${infer R}`
      ? C extends IdChar
        ? RestOfId<R, [...Seen, unknown]>
        : false
      : false;
/** The rule of isPageId at the type level, for a string literal. */
type IsPageIdLiteral<S extends string> = S extends `${infer C}${infer R}` ? (C extends Letter ? RestOfId<R, []> : false) : false;
type PageIdRule = 'a page id is 1-64 lower-case letters, digits, - or _, starting with a letter';

/**
 * A page id checked by the compiler where it is written as a literal: `ctx.ui.show('Bad Id!', ...)` fails to
 * compile, naming the rule; a computed `string` is checked when the page is shown (PW_ERR_UI_ID).
 */
export type PageId<S extends string> = string extends S ? S : IsPageIdLiteral<S> extends true ? S : PageIdRule;
