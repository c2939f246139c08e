/** The iCalendar subscription of one street's collection dates (ical-generator; all-day events). */
import ical from "ical-generator";
import type { Translate } from "../../platform/i18n/index.js";

export function wasteCalendar(props: { t: Translate; street: string; place: string; streetId: string; host: string; dates: Array<{ day: string; fraction: string }>; demo: boolean }): string {
  const { t } = props;
  const cal = ical({ name: t("pwa.waste.calendarName", { street: props.street, place: props.place }), prodId: { company: "Kreisportal", product: "Abfuhrkalender", language: "DE" }, ttl: 24 * 3600 });
  for (const d of props.dates) {
    const [y, m, day] = d.day.split("-").map(Number) as [number, number, number];
    const label = t(`pwa.waste.fraction.${d.fraction}`);
    cal.createEvent({
      id: `${props.streetId}-${d.day}-${d.fraction}@${props.host}`,
      start: new Date(Date.UTC(y, m - 1, day, 12)),
      allDay: true,
      summary: props.demo ? `${label} (${t("pwa.waste.demo")})` : label,
      stamp: new Date(Date.UTC(y, m - 1, day)),
    });
  }
  return cal.toString();
}
