import type { SandboxControl, SandboxMethods } from '../control.js';
import { connectedLogins, FAULT_LOGIN_UNKNOWN, LOGIN_UNKNOWN, requireString, SandboxFault } from '../faults.js';

/** What a controller shows players: chat lines, ManiaLink pages, and the kick. */
export function chatAndUiMethods(control: SandboxControl): SandboxMethods {
  const { world, manialinks } = control;
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
    Kick: ([login, message = '']) => {
      const target = requireString(login, 'Kick');
      if (!world.players.has(target)) throw new SandboxFault(FAULT_LOGIN_UNKNOWN, LOGIN_UNKNOWN);
      setImmediate(() => control.playerLeave(target, `Kicked: ${String(message)}`));
      return true;
    },
  };
}
