/**
 * The portal's one bar chart: server-rendered SVG, no script. role="img" named by <title> and <desc> (the desc lists
 * every value for screen readers; pages put the same numbers in a table next to it). Each bar carries data-key and
 * data-value so tests compare it with the table or CSV. A value that is text ("< 5", suppressed) is written instead
 * of a bar, null as "–": no colour-only meaning.
 */

export interface BarPoint {
  /** Stable key of the bar (a day, a month, a label): data-key. */
  key: string;
  /** Text under the bar. */
  axis: string;
  /** Optional second line under the bar (e.g. the year below January). */
  axis2?: string;
  value: number | string | null;
}

export interface BarChartProps {
  id: string;
  title: string;
  desc: string;
  points: BarPoint[];
  format?: (v: number) => string;
  /** "wide" (640 × 260, labels at 45°, for many bars) or "narrow" (420 × 190, upright labels, readable on a phone). */
  layout?: "wide" | "narrow";
  class?: string;
}

const LAYOUTS = {
  wide: { W: 640, H: 260, pad: { top: 16, right: 8, bottom: 56, left: 8 }, barShare: 0.7 },
  narrow: { W: 420, H: 190, pad: { top: 18, right: 4, bottom: 38, left: 4 }, barShare: 0.65 },
} as const;

export function BarChart({ id, title, desc, points, format = String, layout = "wide", class: cls }: BarChartProps) {
  const { W, H, pad, barShare } = LAYOUTS[layout];
  const numeric = (v: BarPoint["value"]) => (typeof v === "number" ? v : 0);
  const max = Math.max(1, ...points.map((p) => numeric(p.value)));
  const slot = (W - pad.left - pad.right) / Math.max(1, points.length);
  const bar = Math.max(3, slot * barShare);
  const plotH = H - pad.top - pad.bottom;
  const base = H - pad.bottom;
  return (
    <svg class={cls} id={id} viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-labelledby={`${id}-title ${id}-desc`} xmlns="http://www.w3.org/2000/svg">
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      <line x1={pad.left} x2={W - pad.right} y1={base} y2={base} stroke="#4a4a4a" stroke-width="1" />
      {points.map((p, i) => {
        const x = pad.left + i * slot + (slot - bar) / 2;
        const cx = x + bar / 2;
        const h = (numeric(p.value) / max) * plotH;
        const y = base - h;
        const text = p.value === null ? "–" : typeof p.value === "number" ? format(p.value) : p.value;
        const axis = p.axis.length > 18 ? `${p.axis.slice(0, 17)}…` : p.axis;
        return (
          <g data-key={p.key} data-value={p.value === null ? "" : String(p.value)}>
            <rect x={x} y={y} width={bar} height={h} fill="#1b4f8f" />
            <text x={cx} y={Math.max(pad.top - 2, y - 4)} font-size={layout === "narrow" ? "12" : "11"} text-anchor="middle" fill="#1f1f1f">
              {text}
            </text>
            {layout === "wide" ? (
              <text x={cx} y={base + 14} font-size="11" text-anchor="end" fill="#1f1f1f" transform={`rotate(-45 ${cx} ${base + 14})`}>
                {axis}
              </text>
            ) : (
              <text x={cx} y={base + 15} font-size="11" text-anchor="middle" fill="#1f1f1f">
                {axis}
              </text>
            )}
            {p.axis2 && (
              <text x={cx} y={base + 30} font-size="11" text-anchor="middle" fill="#1f1f1f">
                {p.axis2}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
