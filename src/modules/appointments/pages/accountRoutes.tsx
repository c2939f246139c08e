/** "Meine Termine" under /konto/termine: the signed-in citizen's own bookings (the account decides; no token needed). */
import type { FastifyInstance, FastifyReply } from "fastify";
import type { Translate } from "../../../platform/i18n/index.js";
import { requireLogin } from "../../../platform/auth/guards.js";
import { bookingCanceller } from "../commands/bookingCanceller.js";
import { releaseDueSlots } from "../jobs.js";
import { deliverQueuedMails } from "../../../platform/mail/queue.js";
import { bookingsOfUser, findBooking, findLocation, listLocations, type BookingView } from "../queries.js";
import { CancelConfirmPage } from "./citizenViews.js";
import { MyAppointmentsPage } from "./accountViews.js";

const formLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };

export async function appointmentAccountPages(app: FastifyInstance) {
  const { db, config, mailer } = app.deps;

  /** The booking `code` if it belongs to the signed-in person, else undefined (a stranger's code looks unknown). */
  const ownBooking = async (userId: string, code: string): Promise<BookingView | undefined> => {
    const b = await findBooking(db, code.toUpperCase());
    return b && b.userId === userId ? b : undefined;
  };
  const notFound = (reply: FastifyReply, t: Translate) => reply.page(t("appt.account.notFound"), () => <p class="kern-body">{t("appt.account.notFound")}</p>, { status: 404, noindex: true });

  app.get<{ Querystring: { abgesagt?: string } }>("/konto/termine", { preHandler: requireLogin }, async (req, reply) => {
    const now = new Date();
    const bookings = await bookingsOfUser(db, req.user!.id, { now });
    const locations = new Map((await listLocations(db, { includeInactive: true })).map((l) => [l.key, l]));
    const notice = req.query.abgesagt === "1" ? req.t("appt.account.cancelled") : undefined;
    return reply.page(req.t("appt.account.title"), (ctx) => <MyAppointmentsPage ctx={ctx} bookings={bookings} locations={locations} notice={notice} now={now} />, { noindex: true });
  });

  app.get<{ Params: { code: string } }>("/konto/termine/:code/absagen", { preHandler: requireLogin }, async (req, reply) => {
    const b = await ownBooking(req.user!.id, req.params.code);
    if (!b || !["held", "confirmed"].includes(b.status) || b.start <= new Date()) return notFound(reply, req.t);
    const location = await findLocation(db, b.locationKey, { includeInactive: true });
    return reply.page(req.t("appt.cancel.title"), (ctx) => <CancelConfirmPage ctx={ctx} b={b} location={location} action={`/konto/termine/${b.code}/absagen`} backHref="/konto/termine" />, { noindex: true });
  });

  app.post<{ Params: { code: string } }>("/konto/termine/:code/absagen", { preHandler: requireLogin, config: formLimit }, async (req, reply) => {
    const code = req.params.code.toUpperCase();
    const r = await bookingCanceller({ actor: req.actor(), db, requestId: req.id }, { code, userId: req.user!.id, releaseDelayMaxSeconds: config.bookingReleaseDelayMaxSeconds });
    if (!r.ok) return notFound(reply, req.t);
    if (config.bookingReleaseDelayMaxSeconds === 0) await releaseDueSlots(db, mailer, config);
    else await deliverQueuedMails(db, mailer, { refs: [code] }).catch((err: unknown) => req.log.error({ err }, "cancellation mail failed"));
    return reply.redirect("/konto/termine?abgesagt=1", 303);
  });
}
