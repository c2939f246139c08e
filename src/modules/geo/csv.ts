/**
 * Minimal RFC 4180 CSV: comma-separated, fields with comma, quote or line break in double quotes,
 * quotes doubled. Enough for the master-data files; no dependency.
 */

/** Parses CSV text into rows of fields. A trailing line break does not produce an empty row. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte order mark
  while (i < n) {
    let end = text.indexOf("\n", i);
    if (end < 0) end = n;
    const line = text.slice(i, end > i && text[end - 1] === "\r" ? end - 1 : end);
    if (!line.includes('"') && !line.includes("\r")) {
      // Fast path: a line without quotes is one record.
      rows.push(line.split(","));
      i = end + 1;
    } else {
      i = parseRecord(text, i, rows);
    }
  }
  return rows;
}

/** Parses one record with quoted fields starting at `i`; returns the index after its line break. */
function parseRecord(text: string, i: number, rows: string[][]): number {
  const row: string[] = [];
  const n = text.length;
  let field = "";
  let quoted = false;
  for (; i < n; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === "") {
      quoted = true;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      return i + 1;
    } else field += c;
  }
  if (quoted) throw new Error("CSV: unterminated quoted field");
  row.push(field);
  rows.push(row);
  return n;
}

/** Parses CSV with a header row into records keyed by column name; checks the expected columns. */
export function parseCsvRecords<K extends string>(text: string, columns: readonly K[]): Array<Record<K, string>> {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  const index = columns.map((c) => {
    const at = header.indexOf(c);
    if (at < 0) throw new Error(`CSV: column "${c}" missing (have: ${header.join(", ")})`);
    return at;
  });
  return rows.map((r, line) => {
    if (r.length !== header.length) throw new Error(`CSV: line ${line + 2} has ${r.length} fields, header has ${header.length}`);
    const rec = {} as Record<K, string>;
    columns.forEach((c, j) => (rec[c] = r[index[j]!]!));
    return rec;
  });
}

function quote(v: string): string {
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Writes rows as CSV with "\n" line ends; null/undefined become empty fields. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  const lines = [header.map(quote).join(",")];
  for (const r of rows) lines.push(r.map((v) => (v === null || v === undefined ? "" : quote(String(v)))).join(","));
  return `${lines.join("\n")}\n`;
}
