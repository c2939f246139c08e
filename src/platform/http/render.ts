import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";

/** Renders a full document; Preact escapes all text and attribute values. */
export function renderDocument(node: VNode): string {
  return `<!doctype html>${renderToString(node)}`;
}
