/**
 * Server-rendered bar chart as accessible SVG: role="img" with <title> and <desc> (the desc lists every value),
 * each bar carries its label and value (data-label / data-value) so tests can compare it with the CSV.
 * No script, no colour-only meaning: suppressed values are written as "< 5" instead of a bar.
 */
import type { Cell } from "../metrics.js";

export interface ChartProps {
  id: string;
  title: string;
  /** The values as text ("2026-11: 12"), read by screen readers. */
  desc: string;
  points: Array<{ label: string; value: Cell }>;
  format: (v: number) => string;
}

const W = 640;
const H = 260;
const PAD = { top: 16, right: 8, bottom: 56, left: 8 };

export function BarChart({ id, title, desc, points, format }: ChartProps) {
  const values = points.map((p) => (typeof p.value === "number" ? p.value : 0));
  const max = Math.max(1, ...values);
  const slot = (W - PAD.left - PAD.right) / Math.max(1, points.length);
  const bar = Math.max(4, slot * 0.7);
  const plotH = H - PAD.top - PAD.bottom;
  return (
    <svg class="kp-figures-chart" id={id} viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-labelledby={`${id}-title ${id}-desc`} xmlns="http://www.w3.org/2000/svg">
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} stroke="#4a4a4a" stroke-width="1" />
      {points.map((p, i) => {
        const x = PAD.left + i * slot + (slot - bar) / 2;
        const v = typeof p.value === "number" ? p.value : 0;
        const h = (v / max) * plotH;
        const y = H - PAD.bottom - h;
        const text = p.value === null ? "–" : typeof p.value === "number" ? format(p.value) : p.value;
        return (
          <g data-label={p.label} data-value={p.value === null ? "" : String(p.value)}>
            <rect x={x} y={y} width={bar} height={h} fill="#1b4f8f" />
            <text x={x + bar / 2} y={Math.max(PAD.top, y - 4)} font-size="11" text-anchor="middle" fill="#1f1f1f">
              {text}
            </text>
            <text x={x + bar / 2} y={H - PAD.bottom + 14} font-size="11" text-anchor="end" fill="#1f1f1f" transform={`rotate(-45 ${x + bar / 2} ${H - PAD.bottom + 14})`}>
              {p.label.length > 18 ? `${p.label.slice(0, 17)}…` : p.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
