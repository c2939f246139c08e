/**
 * A course's completions per month as the platform's bar chart (role="img", named by what it shows), and the same
 * numbers in a table right below it (the text alternative). Bars carry data-key (the month) and data-value, so tests
 * compare them with the table.
 */
import type { ViewContext } from "../../../platform/views/context.js";
import { DataTable } from "../../../platform/views/components.js";
import { BarChart } from "../../../platform/views/barChart.js";

export interface MonthCount {
  /** "2026-11" */
  month: string;
  count: number;
}

/** "Nov." / "Nov" (bar labels, the year below January and the first bar) and "November 2026" (table, aria-label). */
export function monthLabel(month: string, locale: string, long = false): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "de-DE", long ? { month: "long", year: "numeric", timeZone: "UTC" } : { month: "short", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, 1)));
}

export function CompletionsChart({ ctx, id, course, months }: { ctx: ViewContext; id: string; course: string; months: MonthCount[] }) {
  const { t, locale } = ctx;
  const total = months.reduce((s, p) => s + p.count, 0);
  const label = t("learning.report.chartLabel", { course, from: monthLabel(months[0]!.month, locale, true), to: monthLabel(months.at(-1)!.month, locale, true), total });
  const desc = months.map((p) => `${monthLabel(p.month, locale, true)}: ${p.count}`).join("; ");
  // Narrow, so the labels stay readable on a phone (the SVG scales to the width, at most 40rem); the year below January and the first bar.
  const points = months.map((p, i) => ({ key: p.month, axis: monthLabel(p.month, locale), ...(i === 0 || p.month.endsWith("-01") ? { axis2: p.month.slice(0, 4) } : {}), value: p.count }));
  return (
    <figure class="kern-stack kp-learning-chart">
      <BarChart id={id} title={label} desc={desc} points={points} layout="narrow" />
      <DataTable caption={t("learning.report.chartTable", { course })} head={[t("learning.report.month"), t("learning.report.completions")]} rows={months.map((p) => [monthLabel(p.month, locale, true), String(p.count)])} />
    </figure>
  );
}
