import type { Disposable } from '../disposables.js';
import type { Logger } from '../logging/logger.js';
import type { CommandRegistry } from '../server/commands.js';
import type { AppUi, UiManager } from './manager.js';
import type { Markup } from './markup.js';

const ROW = 6;

/**
 * `/hud`: a window listing every widget the running apps declared, each with what it does now for this
 * player and a button to hide or show it, and under a widget with a choice a button for each of its values
 * (the current one marked); a click stores the choice and applies it at once.
 */
export function registerHudCommand(commands: CommandRegistry, manager: UiManager, ui: AppUi, logger: Logger): Disposable {
  return commands.register('core', { name: 'hud', description: 'shows or hides each on-screen widget, for you only (kept for your next visits)' }, (call) =>
    showHudWindow(manager, ui, logger, call.login),
  );
}

export async function showHudWindow(manager: UiManager, ui: AppUi, logger: Logger, login: string): Promise<void> {
  const widgets = manager.widgets();
  const keep = (id: string, change: () => Promise<void>) => async () => {
    try {
      await change();
    } catch (error) {
      logger.warn(`Could not keep ${login}'s HUD choice for ${id}: ${(error as Error).message}`);
    }
    await showHudWindow(manager, ui, logger, login);
  };
  // A widget takes one row, and one more for its choice.
  const rows = widgets.reduce((count, widget) => count + (widget.choice ? 2 : 1), 0);
  const height = 20 + Math.max(1, rows) * ROW;
  let y = -15;
  const window: Markup = (
    <frame id="hud-window" pos={[-50, height / 2]}>
      <quad size={[100, height]} bgcolor="000c" z-index={-1} />
      <label pos={[4, -5]} valign="center" textsize={3} text="Your HUD" />
      <label id="hud-close" pos={[96, -5]} valign="center" halign="right" textsize={2} text="Close" onAction={() => ui.hide('hud', { to: login })} />
      {widgets.length === 0 && <label pos={[4, -15]} valign="center" textsize={2} textcolor="aaa" text="No widget to choose." />}
      {widgets.map((widget) => {
        const hidden = manager.isHidden(login, widget.id);
        const row = (
          <frame pos={[4, y]}>
            <label pos={[0, 0]} size={[60, ROW]} valign="center" textsize={2} text={widget.title} />
            <label pos={[70, 0]} valign="center" textsize={2} textcolor={hidden ? 'f66' : '6c6'} text={hidden ? 'hidden' : 'shown'} />
            <label id={`hud-${widget.id}`} pos={[92, 0]} valign="center" halign="right" textsize={2} text={hidden ? 'Show' : 'Hide'} onAction={keep(widget.id, () => manager.setHidden(login, widget.id, !hidden))} />
          </frame>
        );
        y -= ROW;
        if (!widget.choice) return row;
        const choice = widget.choice;
        const current = manager.choiceOf(login, widget.id);
        const values = Object.entries(choice.values);
        const width = 66 / values.length;
        const under = (
          <frame pos={[4, y]}>
            <label pos={[2, 0]} size={[22, ROW]} valign="center" textsize={1} textcolor="aaa" text={choice.title} />
            {values.map(([value, text], index) =>
              // The current value in yellow, not a button; each other one a button that picks it.
              value === current ? (
                <label pos={[26 + index * width, 0]} size={[width - 1, ROW]} valign="center" textsize={1} textcolor="fc3" text={text} />
              ) : (
                <label id={`hud-${widget.id}.${value}`} pos={[26 + index * width, 0]} size={[width - 1, ROW]} valign="center" textsize={1} text={text} focusareacolor1="0000" focusareacolor2="fff3" onAction={keep(widget.id, () => manager.choose(login, widget.id, value))} />
              ),
            )}
          </frame>
        );
        y -= ROW;
        return [row, under];
      })}
    </frame>
  );
  await ui.show('hud', window, { to: login });
}
