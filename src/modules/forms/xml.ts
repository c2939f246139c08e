/**
 * A small, strict XML parser for FIM messages: elements, attributes, text, CDATA, comments, the five
 * predefined entities and character references. No DTDs (rejected: no entity expansion attacks).
 * Names keep their prefix in `name`; `local` drops it.
 */
export interface XmlElement {
  name: string;
  local: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export class XmlError extends Error {}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(s: string, at: number): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);?/g, (m, e: string) => {
    if (!m.endsWith(";")) throw new XmlError(`ungültige Entität bei Zeichen ${at}`);
    if (e.startsWith("#x")) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(parseInt(e.slice(1), 10));
    const v = ENTITIES[e];
    if (v === undefined) throw new XmlError(`unbekannte Entität &${e}; bei Zeichen ${at}`);
    return v;
  });
}

/** Parses a document and returns its root element. */
export function parseXml(src: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const len = src.length;
  if (src.charCodeAt(0) === 0xfeff) i = 1;
  while (i < len) {
    const lt = src.indexOf("<", i);
    if (lt === -1) {
      if (src.slice(i).trim()) throw new XmlError("Text außerhalb des Wurzelelements");
      break;
    }
    if (lt > i) {
      const text = src.slice(i, lt);
      const top = stack[stack.length - 1];
      if (top) top.text += decode(text, i);
      else if (text.trim()) throw new XmlError("Text außerhalb des Wurzelelements");
    }
    if (src.startsWith("<!--", lt)) {
      const end = src.indexOf("-->", lt + 4);
      if (end === -1) throw new XmlError("Kommentar nicht geschlossen");
      i = end + 3;
    } else if (src.startsWith("<![CDATA[", lt)) {
      const end = src.indexOf("]]>", lt + 9);
      if (end === -1) throw new XmlError("CDATA nicht geschlossen");
      const top = stack[stack.length - 1];
      if (top) top.text += src.slice(lt + 9, end);
      i = end + 3;
    } else if (src.startsWith("<?", lt)) {
      const end = src.indexOf("?>", lt + 2);
      if (end === -1) throw new XmlError("Verarbeitungsanweisung nicht geschlossen");
      i = end + 2;
    } else if (src.startsWith("<!", lt)) {
      throw new XmlError("DOCTYPE und DTDs werden nicht unterstützt");
    } else if (src[lt + 1] === "/") {
      const end = src.indexOf(">", lt);
      if (end === -1) throw new XmlError("End-Tag nicht geschlossen");
      const name = src.slice(lt + 2, end).trim();
      const top = stack.pop();
      if (!top || top.name !== name) throw new XmlError(`unerwartetes End-Tag </${name}> bei Zeichen ${lt}`);
      i = end + 1;
    } else {
      const m = /^<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(src.slice(lt, Math.min(len, lt + 4096)));
      if (!m) throw new XmlError(`ungültiges Tag bei Zeichen ${lt}`);
      const name = m[1]!;
      const attrs: Record<string, string> = {};
      for (const a of m[2]!.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        if (a[1]! in attrs) throw new XmlError(`doppeltes Attribut ${a[1]}`);
        attrs[a[1]!] = decode(a[2] ?? a[3] ?? "", lt);
      }
      const el: XmlElement = { name, local: name.includes(":") ? name.slice(name.indexOf(":") + 1) : name, attrs, children: [], text: "" };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      else if (root) throw new XmlError("mehr als ein Wurzelelement");
      else root = el;
      if (!m[3]) stack.push(el);
      i = lt + m[0].length;
    }
  }
  if (stack.length) throw new XmlError(`Element <${stack[stack.length - 1]!.name}> nicht geschlossen`);
  if (!root) throw new XmlError("leeres Dokument");
  return root;
}

/** The namespace URI a prefix (or the default namespace) is bound to, looked up from the root. */
export function namespaceOf(root: XmlElement): string | undefined {
  const prefix = root.name.includes(":") ? root.name.slice(0, root.name.indexOf(":")) : undefined;
  return prefix ? root.attrs[`xmlns:${prefix}`] : root.attrs.xmlns;
}
