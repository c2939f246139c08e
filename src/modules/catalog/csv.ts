/** Minimal RFC 4180 CSV reading and writing for the catalogue data files (UTF-8, comma, "-quoting). */

/** Parses CSV text into rows of fields. Handles quoted fields with commas, quotes and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  while (i < src.length) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && src[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
    i++;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Parses CSV with a header line into records; fails when an expected column is missing. */
export function parseCsvRecords<K extends string>(text: string, columns: readonly K[]): Array<Record<K, string>> {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  const idx = columns.map((c) => {
    const i = header.indexOf(c);
    if (i < 0) throw new Error(`CSV column "${c}" missing (have: ${header.join(", ")})`);
    return i;
  });
  return rows
    .filter((r) => r.length > 1 || (r[0] ?? "") !== "")
    .map((r) => {
      const rec = {} as Record<K, string>;
      columns.forEach((c, j) => (rec[c] = r[idx[j]!] ?? ""));
      return rec;
    });
}

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Writes rows as CSV with a header line and a final newline. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string>>): string {
  return [header, ...rows].map((r) => r.map(quote).join(",")).join("\n") + "\n";
}
