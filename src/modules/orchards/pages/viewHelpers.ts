import type { ViewContext } from "../../../platform/views/context.js";
import { formatDay, formatNumber } from "../../../platform/i18n/format.js";
import type { DaySpan } from "../loanDays.js";

/** A municipality to choose in the forms. */
export interface Place {
  ags: string;
  name: string;
}

export const placeOptions = (places: Place[]) => places.map((p) => ({ value: p.ags, label: p.name }));
export const fmt = (ctx: ViewContext) => (n: number) => formatNumber(n, ctx.locale);
export const days = (ctx: ViewContext, s: DaySpan) => ctx.t("orchards.loan.days", { from: formatDay(s.from), to: formatDay(s.to) });
