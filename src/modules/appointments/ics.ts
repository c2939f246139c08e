/** iCalendar (RFC 5545) for one appointment, times in UTC, written by ical-generator (ADR 0025). */
import ical, { ICalAlarmType, ICalCalendarMethod, ICalEventStatus } from "ical-generator";

export interface IcsEvent {
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  location: string;
  description: string;
  url?: string;
  cancelled?: boolean;
}

/** The .ics file text with CRLF line ends, lines folded at 75 octets. */
export function buildIcs(ev: IcsEvent, now = new Date()): string {
  const cal = ical({ prodId: "//Kreisportal//Termine//DE", scale: "GREGORIAN", method: ev.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH });
  cal.createEvent({
    id: ev.uid,
    stamp: now,
    start: ev.start,
    end: ev.end,
    summary: ev.summary,
    location: ev.location,
    description: ev.description,
    url: ev.url ?? null,
    status: ev.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    alarms: [{ type: ICalAlarmType.display, trigger: 3600, description: ev.summary }],
  });
  return `${cal.toString()}\r\n`;
}
