/**
 * The one rule for characters no input may carry: C0 controls except tab, line feed and carriage return,
 * DEL, C1 controls, and the bidi embeddings/overrides/isolates (they reorder what staff and PDFs show,
 * e.g. `rechnung\u202Efdp.exe`). NUL would also reach PostgreSQL as `invalid byte sequence` (issue 12 item 9).
 */
/** The rule as a regex character-class body, for rules that refuse more (file names: controlChars + `<>:"/\\|?*`). */
export const CONTROL_CHAR_CLASS = "\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069";
const ANY = new RegExp(`[${CONTROL_CHAR_CLASS}]`);
const ALL = new RegExp(`[${CONTROL_CHAR_CLASS}]`, "g");

export const hasControlChars = (s: string): boolean => ANY.test(s);

/** Removes the characters (for values already refused or shown elsewhere, e.g. PDFs, logs). */
export const stripControlChars = (s: string): string => s.replace(ALL, "");

/** Does any string (value or key) in a parsed JSON value carry control characters? Iterative, no allocations per node beyond the stack. */
function containsControlChars(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (ANY.test(v)) return true;
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else if (v !== null && typeof v === "object") {
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        if (ANY.test(k)) return true;
        stack.push(o[k]);
      }
    }
  }
  return false;
}

/**
 * The JSON Pointer of the first string (value or key) in `value` that carries control characters, or
 * undefined. Walks iteratively (deep bodies cannot overflow the stack); pointers are only built when
 * there is something to point at (a 1 MB body costs a few milliseconds).
 */
export function findControlChars(value: unknown): string | undefined {
  if (!containsControlChars(value)) return undefined;
  const stack: Array<[unknown, string]> = [[value, ""]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === "string") {
      if (ANY.test(v)) return path || "/";
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}/${i}`]);
    } else if (v && typeof v === "object") {
      for (const [k, child] of Object.entries(v)) {
        const p = `${path}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`;
        if (ANY.test(k)) return p;
        stack.push([child, p]);
      }
    }
  }
  return undefined;
}
