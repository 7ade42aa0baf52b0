/**
 * `pitwall/jsx-runtime`: TSX for ManiaLink. With `"jsx": "react-jsx"` and `"jsxImportSource": "pitwall"`,
 * `<label text={nickName} />` compiles to a call here; text is escaped by construction.
 */
import type { ManiaLinkElements } from './elements.js';
import { Fragment, Markup, render, type Child, type Component } from './markup.js';

export { Fragment };

export const jsx: (type: string | Component<Record<string, unknown>>, props: Record<string, unknown>) => Markup = render;

export const jsxs = jsx;

export declare namespace JSX {
  type Element = Markup;
  interface ElementChildrenAttribute {
    children: unknown;
  }
  interface IntrinsicAttributes {
    key?: string | number;
  }
  type IntrinsicElements = ManiaLinkElements;
  type ElementType = keyof ManiaLinkElements | ((props: never) => Markup);
}

export type { Child };
