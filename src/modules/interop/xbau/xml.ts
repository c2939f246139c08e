/** A tiny XML writer for the messages the portal produces (escaping, no mixed content, two-space indent). */

/** Optional parts may be left out with `cond && el(...)`. */
export type Child = Node | undefined | null | false | "";
export type Node = { name: string; attrs?: Record<string, string | undefined>; children?: Array<Child>; text?: string | number | boolean };

const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
// XML 1.0 forbids most control characters; they are dropped rather than producing a broken document.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/**
 * Typographic characters outside DIN 91379 (the XÖV string types) mapped to their plain forms; anything else
 * outside the norm is left as it is, so the XSD check reports it instead of silently changing the text.
 */
const TYPOGRAPHIC: Record<string, string> = { "\u2013": "-", "\u2014": "-", "\u201e": '"', "\u201c": '"', "\u201d": '"', "\u201a": "'", "\u2018": "'", "\u00a0": " ", "\u2026": "..." };
export function plainText(s: string): string {
  return s.normalize("NFC").replace(/[\u2013\u2014\u201e\u201c\u201d\u201a\u2018\u00a0\u2026]/g, (c) => TYPOGRAPHIC[c]!);
}

export function escapeXml(s: string): string {
  return s.replace(CONTROL, "").replace(/[&<>"']/g, (c) => ESC[c]!);
}

/** An element; children that are undefined/false are left out, so optional parts read naturally. */
export function el(name: string, content?: Array<Child> | string | number | boolean, attrs?: Record<string, string | undefined>): Node {
  if (Array.isArray(content)) return { name, attrs, children: content };
  return { name, attrs, text: content };
}

/** The element only when the value is a non-empty string/number. */
export function opt(name: string, value: unknown): Node | undefined {
  if (value === undefined || value === null) return undefined;
  const s = typeof value === "string" ? value.trim() : typeof value === "number" || typeof value === "boolean" ? String(value) : "";
  return s === "" ? undefined : el(name, s);
}

function render(n: Node, depth: number, out: string[], text: (s: string) => string): void {
  const pad = "  ".repeat(depth);
  const attrs = Object.entries(n.attrs ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join("");
  const kids = (n.children ?? []).filter((c): c is Node => !!c);
  if (kids.length > 0) {
    out.push(`${pad}<${n.name}${attrs}>`);
    for (const k of kids) render(k, depth + 1, out, text);
    out.push(`${pad}</${n.name}>`);
  } else if (n.text !== undefined && n.text !== "") {
    out.push(`${pad}<${n.name}${attrs}>${escapeXml(text(String(n.text)))}</${n.name}>`);
  } else {
    out.push(`${pad}<${n.name}${attrs}/>`);
  }
}

/**
 * The document with the XML declaration. XBau (XÖV string types) maps typographic characters to plain ones
 * (`plainText`); other formats keep the text as it is (`{ keepText: true }`).
 */
export function toXml(root: Node, opts: { keepText?: boolean } = {}): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  render(root, 0, out, opts.keepText ? (s) => s.normalize("NFC") : plainText);
  return out.join("\n") + "\n";
}
