/**
 * The published data sets of /zahlen, built from the roll-up's facts: one definition per data set, from
 * which the chart, the table beside it, the CSV and the JSON are all made (so they cannot differ).
 * Small counts (1–4) are suppressed as "< 5", and so is every value derived from them.
 */
import { berlinDate } from "../../platform/time/berlin.js";

/** Counts below this (and above 0) are never published. */
export const MIN_COUNT = 5;
export const SUPPRESSED = "< 5";

/** A published value: a number, null (no data), or suppressed. */
export type Cell = number | null | typeof SUPPRESSED;

export const DATASET_IDS = ["antraege", "bearbeitungszeit", "termine", "zahlungen", "suchanfragen"] as const;
export type DatasetId = (typeof DATASET_IDS)[number];
export const isDatasetId = (v: string): v is DatasetId => (DATASET_IDS as readonly string[]).includes(v);

export interface Dataset {
  id: DatasetId;
  /** Column keys (message key "figures.col.<key>"); the first is the label column (month or query). */
  columns: string[];
  /** The column the chart draws. */
  chartColumn: string;
  /** Unit of the chart column (message key "figures.unit.<unit>"). */
  unit: "count" | "days";
  rows: Array<{ label: string; cells: Cell[] }>;
}

/** First day (YYYY-MM-01) of the Berlin month of `now`, shifted by `offset` months. */
export function monthStart(now: Date, offset = 0): string {
  const [y, m] = berlinDate(now).split("-").map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + offset;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, "0")}-01`;
}

/** The `n` months up to the current one, oldest first. */
export function lastMonths(now: Date, n = 12): string[] {
  return Array.from({ length: n }, (_, i) => monthStart(now, i - n + 1));
}

/** A count as published: 1–4 suppressed, undefined → null. */
export function count(v: number | undefined): Cell {
  if (v === undefined) return null;
  return v > 0 && v < MIN_COUNT ? SUPPRESSED : v;
}

const isSmall = (v: number | undefined) => v !== undefined && v > 0 && v < MIN_COUNT;
const round1 = (v: number) => Math.round(v * 10) / 10;

export type Facts = Map<string, Record<string, number>>;

/** The data sets for one filter from the facts (month → metric → value), the paper counts per month and the search top list. */
export function buildDatasets(months: readonly string[], facts: Facts, paper: Map<string, number>, misses: ReadonlyArray<{ query: string; count: number }>): Dataset[] {
  const m = (month: string) => facts.get(month) ?? {};
  const rows = (f: (x: Record<string, number>, month: string) => Cell[]) => months.map((month) => ({ label: month.slice(0, 7), cells: f(m(month), month) }));
  return [
    {
      id: "antraege",
      columns: ["month", "online", "paper", "share", "web", "api"],
      chartColumn: "online",
      unit: "count",
      rows: rows((x, month) => {
        const online = x.received_online;
        const p = paper.get(month);
        const share = online === undefined || p === undefined || online + p === 0 ? null : isSmall(online) ? SUPPRESSED : round1((100 * online) / (online + p));
        return [count(online), p ?? null, share, count(x.submitted_web), count(x.submitted_api)];
      }),
    },
    {
      id: "bearbeitungszeit",
      columns: ["month", "received", "decided", "median"],
      chartColumn: "median",
      unit: "days",
      rows: rows((x) => [count(x.received), count(x.decided), x.decided === undefined || x.median_days === undefined ? null : x.decided < MIN_COUNT ? SUPPRESSED : x.median_days]),
    },
    {
      id: "termine",
      columns: ["month", "booked", "kept", "noShow", "noShowRate"],
      chartColumn: "booked",
      unit: "count",
      rows: rows((x) => {
        const b = x.appt_booked;
        const rate = b === undefined || b === 0 ? null : b < MIN_COUNT || isSmall(x.appt_no_show) ? SUPPRESSED : round1((100 * (x.appt_no_show ?? 0)) / b);
        return [count(b), count(x.appt_kept), count(x.appt_no_show), rate];
      }),
    },
    {
      id: "zahlungen",
      columns: ["month", "payments", "amount"],
      chartColumn: "payments",
      unit: "count",
      rows: rows((x) => [count(x.pay_count), x.pay_cents === undefined ? null : isSmall(x.pay_count) ? SUPPRESSED : x.pay_cents / 100]),
    },
    {
      id: "suchanfragen",
      columns: ["query", "count"],
      chartColumn: "count",
      unit: "count",
      rows: misses.filter((r) => r.count >= MIN_COUNT).map((r) => ({ label: r.query, cells: [r.count] })),
    },
  ];
}

/** The data set as rows of strings (CSV): the label, then every cell ("" for no data, "< 5" suppressed, "." decimals). */
export function datasetRows(d: Dataset): string[][] {
  return d.rows.map((r) => [r.label, ...r.cells.map((c) => (c === null ? "" : String(c)))]);
}

/** The chart's points: label and value of the chart column (null: no bar). */
export function chartPoints(d: Dataset): Array<{ label: string; value: Cell }> {
  const i = d.columns.indexOf(d.chartColumn) - 1;
  return d.rows.map((r) => ({ label: r.label, value: r.cells[i] ?? null }));
}

/**
 * Sums rows per month into the four views the page filters by: service × municipality, service, municipality and
 * all (like GROUPING SETS in the owners' SQL). Rows without a service or municipality ("") count only where that
 * dimension is summed over.
 */
export function rollUp<T extends { month: string; service: string; ags: string }>(rows: readonly T[], values: (r: T) => number[]): Array<{ month: string; service: string; ags: string; values: number[] }> {
  const sums = new Map<string, { month: string; service: string; ags: string; values: number[] }>();
  for (const r of rows) {
    const v = values(r);
    const views: Array<[string, string]> = [["", ""]];
    if (r.service !== "") views.push([r.service, ""]);
    if (r.ags !== "") views.push(["", r.ags]);
    if (r.service !== "" && r.ags !== "") views.push([r.service, r.ags]);
    for (const [service, ags] of views) {
      const k = `${service}|${ags}`;
      const id = `${r.month}|${k}`;
      const cur = sums.get(id) ?? { month: r.month, service, ags, values: v.map(() => 0) };
      v.forEach((x, i) => (cur.values[i]! += x));
      sums.set(id, cur);
    }
  }
  return [...sums.values()];
}
