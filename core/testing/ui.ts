import type { Runtime } from '../runtime.js';
import { SandboxManialinks, type SandboxElement } from '../sandbox/manialinks.js';
import type { SandboxServer } from '../sandbox/server.js';
import type { AnswerOutcome } from '../ui/manager.js';
import { waitForEvent } from './waits.js';

/** A ManiaLink page a simulated player has on screen. */
export interface VisiblePage {
  /** The full page id, e.g. `pitwall.records.widget`. */
  id: string;
  xml: string;
  /** The `text` of every label, in document order, unescaped. */
  texts: string[];
  /** Every element with its attributes, in document order. */
  elements: SandboxElement[];
}

/** What players see of the apps' ManiaLink pages, and their clicks. */
export interface TestUi {
  visible(login: string): VisiblePage[];
  /** One page by its id (`pitwall.<app>.<id>`), or undefined when `login` does not see it. */
  page(login: string, id: string): VisiblePage | undefined;
  /**
   * Resolves with page `id` (`pitwall.<app>.<id>`) once `login` sees it, and `matches` accepts it when given
   * (e.g. a text on it), as soon as the controller has sent it: for pages an app shows later (a command's
   * window, a widget updated on an event). Rejects after `ms` (default 5000) naming the pages `login` sees.
   */
  waitForPage(login: string, id: string, matches?: (page: VisiblePage) => boolean, ms?: number): Promise<VisiblePage>;
  /**
   * `login` clicks an element, named by its action or its `id` attribute, with entries typed into the page's
   * fields; resolves with what the controller did once the app's handler has finished.
   */
  click(login: string, target: string, entries?: Record<string, string>): Promise<AnswerOutcome['outcome']>;
}

/** The pages the sandbox's players see, read from the ManiaLinks the controller sent it. */
export function createTestUi(runtime: Runtime, sandbox: SandboxServer): TestUi {
  const visible = (login: string): VisiblePage[] =>
    sandbox.manialinks.pages(login).map(({ id, xml }) => {
      const elements = SandboxManialinks.elements(xml);
      const texts = elements.filter((element) => element.tag === 'label' && element.attributes.text !== undefined).map((element) => element.attributes.text!);
      return { id, xml, texts, elements };
    });
  const page = (login: string, id: string): VisiblePage | undefined => visible(login).find((shown) => shown.id === id);
  return {
    visible,
    page,
    async waitForPage(login, id, matches = () => true, ms = 5000) {
      const found = (): VisiblePage | undefined => {
        const shown = page(login, id);
        return shown && matches(shown) ? shown : undefined;
      };
      const already = found();
      if (already) return already;
      const seen = () => JSON.stringify(visible(login).map((shown) => shown.id));
      await waitForEvent<string>(
        (listener) => sandbox.manialinks.onChange(listener),
        (changed) => changed === login && found() !== undefined,
        () => `Timed out after ${ms} ms waiting for ${login} to see page '${id}'${matches.length ? ' as expected' : ''}; ${login} sees: ${seen()}`,
        ms,
      );
      return found()!;
    },
    async click(login, target, entries) {
      // The answer string is known only once the sandbox resolved the click, before it is sent.
      const { answer } = sandbox.manialinks.click(login, target, entries);
      const handled = waitForEvent<AnswerOutcome>(
        (listener) => runtime.ui.onAnswer(listener),
        (outcome) => outcome.login === login && outcome.answer === answer,
        () => `Timed out after 5000 ms waiting for ${login}'s click on '${target}' to be handled`,
      );
      sandbox.playerClick(login, target, entries);
      const outcome = await handled;
      await outcome.done;
      return outcome.outcome;
    },
  };
}
