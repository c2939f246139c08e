/** How round-table events leave the module: iCalendar (RFC 5545, times in UTC) and search documents. */
import ical from "ical-generator";
import type { ModuleSearchDocument } from "../../platform/modules.js";
import type { Db } from "../../platform/db/index.js";
import { eventUrl } from "./commands/events.js";
import { listUpcomingEvents, type EventRow } from "./eventQueries.js";

type IcsEvent = Pick<EventRow, "id" | "title" | "description" | "place" | "starts_at" | "ends_at">;

/**
 * A calendar with the given events: CRLF line ends, lines folded at 75 octets, text escaped (ical-generator),
 * UID "<id>@kreisportal-orchards", DTSTAMP, DTSTART/DTEND in UTC.
 */
export function eventsIcs(events: IcsEvent[], opts: { publicUrl: string; name: string; now?: Date }): string {
  const cal = ical({ name: opts.name, prodId: { company: "Kreisportal", product: "Streuobst Runder Tisch", language: "DE" } });
  for (const e of events) {
    cal.createEvent({
      id: `${e.id}@kreisportal-orchards`,
      stamp: opts.now ?? new Date(),
      start: e.starts_at,
      end: e.ends_at,
      summary: e.title,
      location: e.place,
      description: e.description,
      url: `${opts.publicUrl}${eventUrl(e.id)}`,
    });
  }
  const text = cal.toString();
  return text.endsWith("\r\n") ? text : `${text}\r\n`;
}

const EVENT_TERMS = "runder tisch streuobst streuobstwiese treffen termin veranstaltung austausch anmelden";

/** Upcoming events as search documents (county-wide: no ARS). */
export async function eventSearchDocuments(db: Db): Promise<ModuleSearchDocument[]> {
  const rows = await listUpcomingEvents(db, 500);
  return rows.map((e) => ({ id: `event-${e.id}`, title: e.title, url: eventUrl(e.id), terms: `${EVENT_TERMS} ${e.place}`, text: e.description.slice(0, 300), ars: null, popularity: 25 }));
}
