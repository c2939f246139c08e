/**
 * Open items (fines) from the specialist software: one validation for CSV lines and API bodies,
 * with German messages. Kassenzeichen and plate numbers are normalised (upper case; plates without
 * spaces and hyphens) so citizens can type them as printed.
 */
import { parseCsvLines, type CsvRow } from "../../platform/csv.js";

import { stripControlChars } from "../../platform/controlChars.js";
export interface OpenItemInput {
  kassenzeichen: string;
  plate: string | null;
  amountCents: number;
  dueDate: string;
  description: string;
}

export const normaliseKassenzeichen = (s: string) => s.normalize("NFC").trim().toUpperCase().replace(/\s+/g, "");
export const normalisePlate = (s: string) => s.normalize("NFC").trim().toUpperCase().replace(/[\s-]+/g, "");
const KZ = /^[A-Z0-9][A-Z0-9./-]{3,39}$/;
const PLATE = /^[A-ZÄÖÜ0-9]{2,10}$/;

/** "35,00", "1.234,50", "35" → cents; undefined when not an amount. */
export function parseEuro(s: string): number | undefined {
  const t = s.trim().replace(/\s|€/g, "");
  if (!/^\d{1,3}(\.\d{3})*(,\d{1,2})?$|^\d+(,\d{1,2})?$/.test(t)) return undefined;
  const [whole, frac = ""] = t.replace(/\./g, "").split(",");
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
}

/** "31.12.2026" or "2026-12-31" → ISO date; undefined when no valid date. */
export function parseDate(s: string): string | undefined {
  const t = s.trim();
  const de = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const [y, m, d] = de ? [Number(de[3]), Number(de[2]), Number(de[1])] : iso ? [Number(iso[1]), Number(iso[2]), Number(iso[3])] : [0, 0, 0];
  if (!y) return undefined;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d || y < 2000 || y > 2100) return undefined;
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Checks one item given as strings (CSV) or an API body; returns the item or German messages. */
export function checkOpenItem(raw: { kassenzeichen: unknown; plate?: unknown; amount: unknown; dueDate: unknown; description: unknown }): { item: OpenItemInput } | { errors: string[] } {
  const errors: string[] = [];
  const kz = typeof raw.kassenzeichen === "string" ? normaliseKassenzeichen(raw.kassenzeichen) : "";
  if (!KZ.test(kz)) errors.push(`Kassenzeichen „${String(raw.kassenzeichen ?? "").slice(0, 40)}“ ist ungültig (4–40 Zeichen: Buchstaben, Ziffern, Punkt, Schrägstrich, Bindestrich).`);
  const plateRaw = typeof raw.plate === "string" ? raw.plate : raw.plate == null ? "" : String(raw.plate);
  const plate = plateRaw.trim() ? normalisePlate(plateRaw) : null;
  if (plate !== null && !PLATE.test(plate)) errors.push(`Kennzeichen „${plateRaw.slice(0, 20)}“ ist ungültig (z. B. PF-AB 123).`);
  let amountCents: number | undefined;
  if (typeof raw.amount === "number") amountCents = Number.isInteger(raw.amount) ? raw.amount : undefined;
  else if (typeof raw.amount === "string") amountCents = parseEuro(raw.amount);
  if (amountCents === undefined) errors.push(`Betrag „${String(raw.amount ?? "").slice(0, 20)}“ ist kein Betrag in Euro (z. B. 35,00).`);
  else if (amountCents <= 0 || amountCents > 100_000_000) errors.push("Betrag muss größer als 0 und höchstens 1.000.000,00 € sein.");
  const dueDate = typeof raw.dueDate === "string" ? parseDate(raw.dueDate) : undefined;
  if (!dueDate) errors.push(`Fälligkeit „${String(raw.dueDate ?? "").slice(0, 20)}“ ist kein gültiges Datum (TT.MM.JJJJ).`);
  // One line: tab and line breaks become spaces, other control characters go.
  const description = typeof raw.description === "string" ? stripControlChars(raw.description.normalize("NFC").replace(/[\t\r\n]/g, " ")).trim() : "";
  if (!description) errors.push("Beschreibung fehlt.");
  else if ([...description].length > 200) errors.push("Beschreibung ist länger als 200 Zeichen.");
  if (errors.length) return { errors };
  return { item: { kassenzeichen: kz, plate, amountCents: amountCents!, dueDate: dueDate!, description } };
}

export const CSV_HEADER = ["Kassenzeichen", "Kennzeichen", "Betrag", "Fällig", "Beschreibung"] as const;
export const MAX_CSV_LINES = 20_000;

/**
 * Parses the open-items CSV (UTF-8, header line, separator ";" – as spreadsheet programs write it in
 * Germany). Every line is checked; the result lists every item and every problem by line number.
 */
export function parseOpenItemsCsv(text: string): { items: Array<OpenItemInput & { line: number }>; errors: Array<{ line: number; message: string }> } {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const errors: Array<{ line: number; message: string }> = [];
  const items: Array<OpenItemInput & { line: number }> = [];
  const header = lines[0] ?? "";
  const sep = header.includes(";") ? ";" : ",";
  let rows: CsvRow[];
  try {
    rows = parseCsvLines(text, sep);
  } catch {
    return { items, errors: [{ line: 1, message: "Die Datei ist kein lesbares CSV (ein Anführungszeichen ist nicht geschlossen)." }] };
  }
  const cols = (rows[0]?.fields ?? []).map((c) => c.trim().toLowerCase());
  const idx = CSV_HEADER.map((h) => cols.indexOf(h.toLowerCase()));
  if (idx[0] === -1 || idx[2] === -1 || idx[3] === -1 || idx[4] === -1) {
    return { items, errors: [{ line: 1, message: `Kopfzeile fehlt oder ist unvollständig. Erwartet: ${CSV_HEADER.join(";")}` }] };
  }
  if (lines.length - 1 > MAX_CSV_LINES) return { items, errors: [{ line: 1, message: `Höchstens ${MAX_CSV_LINES} Zeilen je Datei.` }] };
  const seen = new Map<string, number>();
  for (const { fields: f, line } of rows.slice(1)) {
    if (f.length === 1 && !f[0]!.trim()) continue;
    if (f.length < cols.length) {
      errors.push({ line, message: `Zu wenige Spalten (${f.length} statt ${cols.length}).` });
      continue;
    }
    const at = (k: number) => (idx[k]! >= 0 ? (f[idx[k]!] ?? "") : "");
    const r = checkOpenItem({ kassenzeichen: at(0), plate: at(1), amount: at(2), dueDate: at(3), description: at(4) });
    if ("errors" in r) {
      for (const m of r.errors) errors.push({ line, message: m });
      continue;
    }
    const first = seen.get(r.item.kassenzeichen);
    if (first) {
      errors.push({ line, message: `Kassenzeichen ${r.item.kassenzeichen} steht schon in Zeile ${first}.` });
      continue;
    }
    seen.set(r.item.kassenzeichen, line);
    items.push({ ...r.item, line });
  }
  if (!items.length && !errors.length) errors.push({ line: 2, message: "Die Datei enthält keine Posten." });
  return { items, errors };
}
