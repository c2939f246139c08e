/**
 * Strict XML reading for FIM messages (XDatenfelder, genericode) on fast-xml-parser (ADR 0025): the
 * validator checks well-formedness, the parser builds the tree. Entity processing is off and any DOCTYPE
 * is refused, so neither external entities (XXE) nor entity expansion ("billion laughs") can happen;
 * only the five predefined entities and character references are decoded. Names keep their prefix
 * in `name`; `local` drops it.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";

export interface XmlElement {
  name: string;
  local: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export class XmlError extends Error {}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (_m, e: string) => {
    if (e.startsWith("#x")) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(parseInt(e.slice(1), 10));
    const v = ENTITIES[e];
    if (v === undefined) throw new XmlError(`unbekannte Entität &${e};`);
    return v;
  });
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  attributesGroupName: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: "#cdata",
});

type Node = Record<string, unknown> & { ":@"?: Record<string, string> };

function toElement(node: Node, name: string): XmlElement {
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(node[":@"] ?? {})) attrs[k] = decode(String(v));
  const el: XmlElement = { name, local: name.includes(":") ? name.slice(name.indexOf(":") + 1) : name, attrs, children: [], text: "" };
  for (const child of node[name] as Node[]) {
    const key = Object.keys(child).find((k) => k !== ":@")!;
    if (key === "#text") el.text += decode(String(child[key]));
    else if (key === "#cdata") el.text += (child[key] as Node[]).map((t) => String(t["#text"] ?? "")).join("");
    else el.children.push(toElement(child, key));
  }
  return el;
}

/** Parses a document and returns its root element. */
export function parseXml(src: string): XmlElement {
  const text = src.charCodeAt(0) === 0xfeff ? src.slice(1) : src;
  // Any markup declaration (<!DOCTYPE, <!ENTITY …) is refused, wherever it stands; comments and CDATA may mention one.
  if (/<!/.test(text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, ""))) throw new XmlError("DOCTYPE und DTDs werden nicht unterstützt");
  // The validator lets text after a self-closing root element pass.
  if (text.slice(text.lastIndexOf(">") + 1).trim()) throw new XmlError("Text außerhalb des Wurzelelements");
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) throw new XmlError(`${valid.err.msg} (Zeile ${valid.err.line}, Spalte ${valid.err.col})`);
  const roots: XmlElement[] = [];
  for (const node of parser.parse(text) as Node[]) {
    const key = Object.keys(node).find((k) => k !== ":@")!;
    if (key === "#text") {
      if (String(node[key]).trim()) throw new XmlError("Text außerhalb des Wurzelelements");
    } else if (key !== "#cdata") roots.push(toElement(node, key));
  }
  if (roots.length > 1) throw new XmlError("mehr als ein Wurzelelement");
  if (!roots[0]) throw new XmlError("leeres Dokument");
  return roots[0];
}

/** The namespace URI a prefix (or the default namespace) is bound to, looked up from the root. */
export function namespaceOf(root: XmlElement): string | undefined {
  const prefix = root.name.includes(":") ? root.name.slice(0, root.name.indexOf(":")) : undefined;
  return prefix ? root.attrs[`xmlns:${prefix}`] : root.attrs.xmlns;
}
