/**
 * CSV reading (csv-parse, ADR 0025) and writing for data files and uploads: RFC 4180 quoting, UTF-8 with
 * or without byte order mark, CRLF, LF or CR line ends (also mixed, as hand-edited files have them).
 */
import { CsvError, parse } from "csv-parse/sync";

export interface CsvRow {
  fields: string[];
  /** 1-based line number where the record ends (a quoted line break makes a record span lines). */
  line: number;
}

/** Parses CSV text into records with their line numbers. A trailing line break does not produce an empty row. */
export function parseCsvLines(text: string, delimiter = ","): CsvRow[] {
  try {
    const out = parse(text, {
      bom: true,
      delimiter,
      record_delimiter: ["\r\n", "\n", "\r"],
      // Column counts are checked by the callers, which know the header; a quote inside an unquoted field is literal.
      relax_column_count: true,
      relax_quotes: true,
      info: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
    return out.map((r) => ({ fields: r.record, line: r.info.lines }));
  } catch (err) {
    if (err instanceof CsvError && err.code === "CSV_QUOTE_NOT_CLOSED") throw new Error("CSV: unterminated quoted field", { cause: err });
    throw err;
  }
}

/** Parses CSV text into rows of fields. */
export function parseCsv(text: string, delimiter = ","): string[][] {
  return parseCsvLines(text, delimiter).map((r) => r.fields);
}

/** Parses CSV with a header row into records keyed by column name; checks the expected columns and skips empty lines. */
export function parseCsvRecords<K extends string>(text: string, columns: readonly K[]): Array<Record<K, string>> {
  const [header, ...rows] = parseCsvLines(text);
  if (!header) return [];
  const index = columns.map((c) => {
    const at = header.fields.indexOf(c);
    if (at < 0) throw new Error(`CSV: column "${c}" missing (have: ${header.fields.join(", ")})`);
    return at;
  });
  return rows
    .filter((r) => r.fields.length > 1 || r.fields[0] !== "")
    .map((r) => {
      if (r.fields.length !== header.fields.length) throw new Error(`CSV: line ${r.line} has ${r.fields.length} fields, header has ${header.fields.length}`);
      const rec = {} as Record<K, string>;
      columns.forEach((c, j) => (rec[c] = r.fields[index[j]!]!));
      return rec;
    });
}

function quote(v: string): string {
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Writes rows as CSV with "\n" line ends and a final newline; null/undefined become empty fields. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  const lines = [header.map(quote).join(",")];
  for (const r of rows) lines.push(r.map((v) => (v === null || v === undefined ? "" : quote(String(v)))).join(","));
  return `${lines.join("\n")}\n`;
}
