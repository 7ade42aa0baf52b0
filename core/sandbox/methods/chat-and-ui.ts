import type { XmlRpcValue } from '../../gbx/codec.js';
import type { SandboxControl, SandboxMethods } from '../control.js';
import { connectedLogins, FAULT_BAD_PARAMS, FAULT_LOGIN_UNKNOWN, LOGIN_UNKNOWN, requireString, SandboxFault } from '../faults.js';
import { sandboxPlayerLanguage } from './player-details.js';

/**
 * The real faults of chat routing (maniaplanet/dedicated-server-api Xmlrpc/FaultException.php maps them to
 * LockedFeatureException): forwarding while the server still routes chat, and routing without callbacks.
 */
export const NOT_MANUAL_ROUTING = 'Chat routing not enabled.';
export const ROUTING_NEEDS_CALLBACKS = 'You must enable the callbacks to be able to do chat routing.';

/** What a controller shows players: chat lines, notices, ManiaLink pages, the kick, and Echo between controllers. */
export function chatAndUiMethods(control: SandboxControl): SandboxMethods {
  const { world, manialinks } = control;
  const variant = (value: unknown): number => (typeof value === 'number' ? value : 0);
  /**
   * (array of {Lang, Text}, logins or '' for everyone): each player reads the text in the language its game
   * reports, else the last text of the array (maniaplanet/dedicated-server-api's chatSendServerMessage doc).
   */
  const sendInLanguages = (texts: XmlRpcValue | undefined, logins: XmlRpcValue | undefined, method: string, withServerLogin: boolean): void => {
    const entries = Array.isArray(texts) ? texts : [];
    const valid = entries.every((entry) => entry && typeof entry === 'object' && typeof (entry as Record<string, XmlRpcValue>).Lang === 'string' && typeof (entry as Record<string, XmlRpcValue>).Text === 'string');
    if (entries.length === 0 || !valid) throw new SandboxFault(FAULT_BAD_PARAMS, `${method}: expected an array of {Lang, Text} structs`);
    const byLanguage = entries as { Lang: string; Text: string }[];
    const textFor = (login: string): string => {
      const language = sandboxPlayerLanguage(world, login);
      return (byLanguage.find((entry) => entry.Lang === language) ?? byLanguage.at(-1)!).Text;
    };
    const everyone = requireString(logins ?? '', method).trim() === '';
    const recipients = everyone ? [...world.players.keys()] : connectedLogins(world, logins, method);
    const groups = new Map<string, string[]>();
    for (const login of recipients) groups.set(textFor(login), [...(groups.get(textFor(login)) ?? []), login]);
    // Everyone reading the same text is one line to everyone, as ChatSendServerMessage sends it.
    if (everyone && groups.size <= 1) return control.sendChat({ text: [...groups.keys()][0] ?? byLanguage.at(-1)!.Text, ...(withServerLogin ? { withServerLogin } : {}) });
    for (const [text, to] of groups) control.sendChat({ text, to, ...(withServerLogin ? { withServerLogin } : {}) });
  };
  return {
    ChatSendServerMessage: ([text]) => {
      control.sendChat({ text: requireString(text, 'ChatSendServerMessage') });
      return true;
    },
    ChatSendServerMessageToLogin: ([text, logins]) => {
      const message = requireString(text, 'ChatSendServerMessageToLogin');
      control.sendChat({ text: message, to: connectedLogins(world, logins, 'ChatSendServerMessageToLogin') });
      return true;
    },
    ChatSendServerMessageToLanguage: ([texts, logins]) => (sendInLanguages(texts, logins, 'ChatSendServerMessageToLanguage', false), true),
    ChatSendToLanguage: ([texts, logins]) => (sendInLanguages(texts, logins, 'ChatSendToLanguage', true), true),
    ChatSend: ([text]) => {
      control.sendChat({ text: requireString(text, 'ChatSend'), withServerLogin: true });
      return true;
    },
    ChatSendToLogin: ([text, logins]) => {
      const message = requireString(text, 'ChatSendToLogin');
      control.sendChat({ text: message, to: connectedLogins(world, logins, 'ChatSendToLogin'), withServerLogin: true });
      return true;
    },
    // (enable, forwardServerMessages): from then on a player's line reaches the controllers only.
    ChatEnableManualRouting: ([enable = true, forwardServer = false], connection) => {
      if (enable === true && !connection.callbacks) throw new SandboxFault(FAULT_BAD_PARAMS, ROUTING_NEEDS_CALLBACKS);
      control.chatRouting.manual = enable === true;
      control.chatRouting.forwardServer = forwardServer === true;
      return true;
    },
    // (Text, SenderLogin, DestLogin): DestLogin empty for everyone.
    ChatForwardToLogin: ([text, sender, dest = '']) => {
      const message = requireString(text, 'ChatForwardToLogin');
      const from = requireString(sender, 'ChatForwardToLogin');
      if (!control.chatRouting.manual) throw new SandboxFault(FAULT_BAD_PARAMS, NOT_MANUAL_ROUTING);
      if (!world.players.has(from)) throw new SandboxFault(FAULT_LOGIN_UNKNOWN, LOGIN_UNKNOWN);
      const to = requireString(dest, 'ChatForwardToLogin') === '' ? undefined : connectedLogins(world, dest, 'ChatForwardToLogin');
      control.sendChat({ text: message, from, ...(to ? { to } : {}) });
      return true;
    },
    // (logins, url, link type: 0 an external browser, 1 a link inside the game), as sendOpenLink() checks it.
    SendOpenLinkToLogin: ([logins, link, kind]) => {
      const to = connectedLogins(world, logins, 'SendOpenLinkToLogin');
      const url = requireString(link, 'SendOpenLinkToLogin');
      if (kind !== 0 && kind !== 1) throw new SandboxFault(FAULT_BAD_PARAMS, 'SendOpenLinkToLogin: expected a link type of 0 or 1');
      control.openLink({ url, kind, to });
      return true;
    },
    SendNotice: ([text, avatar = '', kind]) => {
      control.sendNotice({ text: requireString(text, 'SendNotice'), avatarLogin: String(avatar), variant: variant(kind) });
      return true;
    },
    SendNoticeToLogin: ([logins, text, avatar = '', kind]) => {
      const to = connectedLogins(world, logins, 'SendNoticeToLogin');
      control.sendNotice({ text: requireString(text, 'SendNoticeToLogin'), avatarLogin: String(avatar), variant: variant(kind), to });
      return true;
    },
    // Echo(public, internal) reaches every controller as ManiaPlanet.Echo(internal, public): MINIcontrol sends
    // Echo(startTime, 'MiniControl') and reads data[0] === 'MiniControl' back (core/minicontrol.ts, core/server.ts).
    Echo: ([publicText, internal = '']) => {
      control.callback('ManiaPlanet.Echo', [String(internal), requireString(publicText, 'Echo')]);
      return true;
    },
    SendDisplayManialinkPageToLogin: ([logins, page]) => {
      const xml = requireString(page, 'SendDisplayManialinkPageToLogin');
      manialinks.display(connectedLogins(world, logins, 'SendDisplayManialinkPageToLogin'), xml);
      return true;
    },
    SendHideManialinkPageToLogin: ([logins]) => {
      manialinks.hideAll(connectedLogins(world, logins, 'SendHideManialinkPageToLogin'));
      return true;
    },
    SendDisplayManialinkPage: ([page]) => {
      manialinks.display(world.players.keys(), requireString(page, 'SendDisplayManialinkPage'));
      return true;
    },
    SendHideManialinkPage: () => {
      manialinks.hideAll(world.players.keys());
      return true;
    },
    GetManialinkPageAnswers: () => [],
    Kick: ([login, message = '']) => {
      const target = requireString(login, 'Kick');
      if (!world.players.has(target)) throw new SandboxFault(FAULT_LOGIN_UNKNOWN, LOGIN_UNKNOWN);
      setImmediate(() => control.playerLeave(target, `Kicked: ${String(message)}`));
      return true;
    },
  };
}
