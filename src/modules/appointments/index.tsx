import type { FastifyInstance } from "fastify";
import { defineModule } from "../../platform/modules.js";
import type { Db } from "../../platform/db/index.js";
import { appointmentMessages } from "./messages.js";
import { appointmentEditorMessages } from "./editorMessages.js";
import { appointmentAccountMessages } from "./accountMessages.js";
import { appointmentAccountPages } from "./pages/accountRoutes.js";
import { appointmentCitizenPages } from "./pages/citizenRoutes.js";
import { appointmentStaffPages } from "./pages/staffRoutes.js";
import { appointmentRoutes } from "./routes.js";
import { releaseDueSlots, sendDueReminders } from "./jobs.js";
import { locationEditorPages } from "./pages/locationEditor.js";
import { computeSlots, locationsForService } from "./queries.js";
import { addDays, berlinDate } from "./time.js";
import "./db.js";
import { AGS, LEIKA_KEY } from "../../platform/keys.js";

export { seedAppointments } from "./commands/appointmentSeeder.js";
export type { AppointmentCancelled, AppointmentReminder } from "./events.js";
export { computeSlots, findLocation, listLocations } from "./queries.js";

export { releaseDueSlots, sendDueReminders } from "./jobs.js";
export { directBooker, type DirectBookingResult, type WithinBooking } from "./commands/directBooker.js";
export { VIDEO_IDENTIFICATION } from "./commands/appointmentSeeder.js";

/** Free start times of a service at a location from today for `days` days (one person), earliest first; for another module's booking form (`owner`: that module, for a service only it books). */
export async function freeStarts(db: Db, location: string, leikaKey: string, days: number, opts: { owner?: string; now?: Date } = {}): Promise<Array<{ start: Date; end: Date }>> {
  const now = opts.now ?? new Date();
  const today = berlinDate(now);
  const r = await computeSlots(db, { location, leikaKey, persons: 1, from: today, to: addDays(today, days), now, owner: opts.owner });
  return (r?.slots ?? []).filter((s) => s.freeCounters.length > 0).map((s) => ({ start: s.start, end: s.end }));
}

/** For the service page: the booking link when the service is bookable somewhere (with the municipality, so the responsible location is suggested), else undefined. */
export async function bookingLinkFor(db: Db, leikaKey: string, ags?: string): Promise<string | undefined> {
  if (!LEIKA_KEY.test(leikaKey)) return undefined;
  const offered = await db.selectFrom("appt_services").select("leika_key").where("leika_key", "=", leikaKey).where("owner_module", "is", null).limit(1).executeTakeFirst();
  if (!offered) return undefined;
  return `/termine/leistung/${leikaKey}${ags && AGS.test(ags) ? `?ags=${ags}` : ""}`;
}
/** Booking links per LeiKa key for lists such as search results (one query; keys not bookable anywhere are absent); same links as `bookingLinkFor`. */
export async function bookingLinksFor(db: Db, leikaKeys: string[], ags?: string): Promise<Map<string, string>> {
  const keys = [...new Set(leikaKeys.filter((k) => LEIKA_KEY.test(k)))];
  const links = new Map<string, string>();
  if (keys.length === 0) return links;
  const rows = await db
    .selectFrom("appt_services as s")
    .innerJoin("appt_locations as l", "l.key", "s.location_key")
    .select("s.leika_key")
    .distinct()
    .where("s.leika_key", "in", keys)
    .where("s.owner_module", "is", null)
    .where("l.active", "=", true)
    .execute();
  const suffix = ags && AGS.test(ags) ? `?ags=${ags}` : "";
  for (const r of rows) links.set(r.leika_key, `/termine/leistung/${r.leika_key}${suffix}`);
  return links;
}
/** Active locations where the service is bookable, by name: the location key (as the slots API takes it), its name and the calendar page. */
export async function bookingLocationsFor(db: Db, leikaKey: string): Promise<Array<{ location: string; name: string; url: string }>> {
  if (!LEIKA_KEY.test(leikaKey)) return [];
  return (await locationsForService(db, leikaKey)).map((l) => ({ location: l.key, name: l.name, url: `/termine/${l.key}/${leikaKey}` }));
}

/** Appointment booking: citizen pages under /termine, staff pages under /verwaltung/termine, JSON API. */
async function appointmentsPlugin(app: FastifyInstance) {
  await app.register(appointmentRoutes);
  await app.register(locationEditorPages);
  await app.register(appointmentAccountPages);
  await app.register(appointmentCitizenPages);
  await app.register(appointmentStaffPages);
}

/** The appointments module (src/platform/modules.ts). */
export const appointmentsModule = defineModule({
  name: "appointments",
  messages: [appointmentMessages, appointmentEditorMessages, appointmentAccountMessages],
  nav: [
    { label: "nav.appointments", href: "/termine", audience: "all", order: 20 },
  ],
  jobs: [
    {
      name: "appointments-reminders",
      cron: "*/15 * * * *",
      async handler({ db, config, mailer }) {
        await sendDueReminders(db, mailer, config);
      },
    },
    {
      name: "appointments-release",
      cron: "* * * * *",
      async handler({ db, config, mailer }) {
        await releaseDueSlots(db, mailer, config);
      },
    },
  ],
  plugin: appointmentsPlugin,
});

/** Figures (issue 22): booked / kept / missed appointments per month and service; utilisation per location. */
export { monthlyAppointmentFigures, locationUtilisation } from "./queries.js";
