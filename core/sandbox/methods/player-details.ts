import type { SandboxWorld } from '../world.js';

/** The game language each sandbox player's client reports (default English), by world and login. */
const languages = new WeakMap<SandboxWorld, Map<string, string>>();

/** Sets the language `login`'s game client reports in GetDetailedPlayerInfo (e.g. 'fr'). */
export function setSandboxPlayerLanguage(world: SandboxWorld, login: string, language: string): void {
  const byLogin = languages.get(world) ?? new Map<string, string>();
  languages.set(world, byLogin);
  byLogin.set(login, language);
}

/** The language GetDetailedPlayerInfo reports for `login`: the one set for the test, else English. */
export function sandboxPlayerLanguage(world: SandboxWorld, login: string): string {
  return languages.get(world)?.get(login) ?? 'en';
}
