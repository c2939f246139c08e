/**
 * A course's completions per month as a server-rendered SVG bar chart (no script): role="img" with an aria-label that
 * says what it shows, and the same numbers in a table right below it (the text alternative). Bars carry data-month
 * and data-value, so tests compare them with the table.
 */
import type { ViewContext } from "../../../platform/views/context.js";
import { DataTable } from "../../../platform/views/components.js";

export interface MonthCount {
  /** "2026-11" */
  month: string;
  count: number;
}

// Narrow, so the labels stay readable on a phone (the SVG scales to the width, at most 40rem).
const W = 420;
const H = 190;
const PAD = { top: 18, right: 4, bottom: 38, left: 4 };

/** "Nov." / "Nov" (bar labels, the year below January and the first bar) and "November 2026" (table, aria-label). */
export function monthLabel(month: string, locale: string, long = false): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "de-DE", long ? { month: "long", year: "numeric", timeZone: "UTC" } : { month: "short", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, 1)));
}

export function CompletionsChart({ ctx, id, course, months }: { ctx: ViewContext; id: string; course: string; months: MonthCount[] }) {
  const { t, locale } = ctx;
  const max = Math.max(1, ...months.map((p) => p.count));
  const slot = (W - PAD.left - PAD.right) / Math.max(1, months.length);
  const bar = slot * 0.65;
  const plotH = H - PAD.top - PAD.bottom;
  const total = months.reduce((s, p) => s + p.count, 0);
  const label = t("learning.report.chartLabel", { course, from: monthLabel(months[0]!.month, locale, true), to: monthLabel(months.at(-1)!.month, locale, true), total });
  return (
    <figure class="kern-stack kp-learning-chart">
      <svg id={id} viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={label} xmlns="http://www.w3.org/2000/svg">
        <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} stroke="#4a4a4a" stroke-width="1" />
        {months.map((p, i) => {
          const x = PAD.left + i * slot + (slot - bar) / 2;
          const h = (p.count / max) * plotH;
          const y = H - PAD.bottom - h;
          return (
            <g data-month={p.month} data-value={String(p.count)}>
              <rect x={x} y={y} width={bar} height={h} fill="#1b4f8f" />
              <text x={x + bar / 2} y={Math.max(PAD.top - 4, y - 4)} font-size="12" text-anchor="middle" fill="#1f1f1f">
                {String(p.count)}
              </text>
              <text x={x + bar / 2} y={H - PAD.bottom + 15} font-size="11" text-anchor="middle" fill="#1f1f1f">
                {monthLabel(p.month, locale)}
              </text>
              {(i === 0 || p.month.endsWith("-01")) && (
                <text x={x + bar / 2} y={H - PAD.bottom + 30} font-size="11" text-anchor="middle" fill="#1f1f1f">
                  {p.month.slice(0, 4)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <DataTable caption={t("learning.report.chartTable", { course })} head={[t("learning.report.month"), t("learning.report.completions")]} rows={months.map((p) => [monthLabel(p.month, locale, true), String(p.count)])} />
    </figure>
  );
}
