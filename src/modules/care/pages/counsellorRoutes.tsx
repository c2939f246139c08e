/**
 * The care counsellors' pages (role `care_counsellor`, Pflegestützpunkt): "Meine Beratungen" with the
 * requests they sent for families and their counselling notes; the team page with the colleagues' (read,
 * audited); editing one's own notes; handing a note or request over to a colleague, or taking over one of a
 * colleague's. Everything is checked on the server: other accounts 403; editing or deleting another
 * counsellor's note 404; handing over what is neither one's own nor taken over by oneself 403.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { currentUser, ForbiddenError, requireLogin } from "../../../platform/auth/guards.js";
import type { Db } from "../../../platform/db/index.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { hasErrors, readForm, rules, validate } from "../../../platform/forms.js";
import { UUID } from "../../../platform/keys.js";
import { listMunicipalities, servedKreise } from "../../geo/index.js";
import { activeStaffWithRole, findMailContact, userDisplayName } from "../../accounts/index.js";
import { isCareKind } from "../kinds.js";
import { authorizeCounsel, canCounsel, COUNSELLOR_ROLE } from "../policies.js";
import { counsellorOfRequest, findNote, isCounselledBy, notesOfCounsellor, requestsOfCounsellor, teamNotes, teamRequests } from "../requestQueries.js";
import { counsellingDeleter, counsellingEditor, counsellingHandOver, counsellingRecorder, isChannel, teamViewRecorder } from "../commands/counsellingNotes.js";
import { careMailTranslator, mailLocale } from "../commands/requestAnswerer.js";
import { CounsellorPage, NoteEditPage, TeamPage } from "./counsellorViews.js";

/** Whether the signed-in account is a care counsellor (the session's roles; false without login). */
export function isCounsellor(req: FastifyRequest): boolean {
  return canCounsel(req.user, req.user?.roles ?? []);
}

export async function careCounsellorPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const places = async () => (await listMunicipalities(db, servedKreise(config))).map((m) => ({ ags: m.ags, name: m.short_name }));

  /** The counsellor's id after the role check (403 for everybody else). */
  async function counsellor(req: FastifyRequest): Promise<string> {
    const user = currentUser(req);
    authorizeCounsel(user, user.roles);
    return user.id;
  }

  /** The other active counsellors (the team a note or request can be handed over to). */
  const colleaguesOf = async (id: string) => (await activeStaffWithRole(db, COUNSELLOR_ROLE)).filter((c) => c.id !== id);

  async function render(req: FastifyRequest, reply: import("fastify").FastifyReply, id: string, form: FormState, status = 200, notice?: string) {
    const [requests, notes, all, colleagues] = await Promise.all([requestsOfCounsellor(db, id), notesOfCounsellor(db, id), places(), colleaguesOf(id)]);
    return reply.page(req.t("care.counsellor.title"), (ctx) => <CounsellorPage ctx={ctx} requests={requests} notes={notes} places={all} colleagues={colleagues} form={form} notice={notice} />, { status, noindex: true });
  }

  app.get<{ Querystring: { ok?: string; an?: string } }>("/pflegeplaetze/beratung/faelle", { preHandler: requireLogin }, async (req, reply) => {
    const id = await counsellor(req);
    const ok = req.query.ok;
    const handedTo = ok === "uebergeben" && req.query.an && UUID.test(req.query.an) ? await userDisplayName(db, req.query.an) : null;
    const notice =
      ok === "1" ? req.t("care.counsellor.saved")
      : ok === "geloescht" ? req.t("care.counsellor.deleted")
      : ok === "bearbeitet" ? req.t("care.counsellor.edited")
      : ok === "uebernommen" ? req.t("care.counsellor.takenOver")
      : handedTo ? req.t("care.counsellor.handedOver", { name: handedTo })
      : undefined;
    return render(req, reply, id, emptyForm(), 200, notice);
  });

  app.get<{ Querystring: { ok?: string } }>("/pflegeplaetze/beratung/team", { preHandler: requireLogin }, async (req, reply) => {
    const id = await counsellor(req);
    const [notes, requests, all, team] = await Promise.all([teamNotes(db, id), teamRequests(db, id), places(), activeStaffWithRole(db, COUNSELLOR_ROLE)]);
    // Former counsellors' entries too (a colleague left): names of every author shown.
    const names = new Map(team.map((c) => [c.id, c.displayName]));
    for (const a of new Set([...notes.map((n) => n.counsellorId), ...requests.map((r) => r.counsellorId)])) if (!names.has(a)) names.set(a, (await userDisplayName(db, a)) ?? "–");
    await teamViewRecorder({ actor: req.actor(), db, requestId: req.id }, { notes: notes.length, requests: requests.length });
    const notice = req.query.ok === "weg" ? req.t("care.counsellor.handOverGone") : undefined;
    return reply.page(req.t("care.team.title"), (ctx) => <TeamPage ctx={ctx} notes={notes} requests={requests} names={names} places={all} notice={notice} />, { noindex: true });
  });

  /** The note if it is the counsellor's own (editing): undefined otherwise (404 for the caller). */
  async function ownNote(req: FastifyRequest<{ Params: { id: string } }>, id: string) {
    const note = await findNote(db, req.params.id);
    return note && note.counsellorId === id ? note : undefined;
  }

  async function renderEdit(req: FastifyRequest<{ Params: { id: string } }>, reply: import("fastify").FastifyReply, form: FormState, status = 200) {
    const all = await places();
    return reply.page(req.t("care.counsellor.editTitle"), (ctx) => <NoteEditPage ctx={ctx} noteId={req.params.id} places={all} form={form} />, { status, noindex: true });
  }

  app.get<{ Params: { id: string } }>("/pflegeplaetze/beratung/notizen/:id", { preHandler: requireLogin }, async (req, reply) => {
    const note = await ownNote(req, await counsellor(req));
    if (!note) return reply.callNotFound();
    return renderEdit(req, reply, { values: { gemeinde: note.ags, art: note.kind ?? "", weg: note.channel, notiz: note.note }, errors: {} });
  });

  app.post<{ Params: { id: string } }>("/pflegeplaetze/beratung/notizen/:id", { preHandler: requireLogin, config: { rateLimit: { max: 60, timeWindow: 60_000 } } }, async (req, reply) => {
    const id = await counsellor(req);
    if (!(await ownNote(req, id))) return reply.callNotFound();
    const values = readForm(req.body, ["gemeinde", "art", "weg", "notiz"] as const);
    const form = await checkNote(req, values);
    if (hasErrors(form)) return renderEdit(req, reply, form, 422);
    if (!(await counsellingEditor({ actor: req.actor(), db, requestId: req.id }, { id: req.params.id, counsellorId: id, ags: values.gemeinde, kind: values.art || null, channel: values.weg as never, note: values.notiz }))) return reply.callNotFound();
    return reply.redirect("/pflegeplaetze/beratung/faelle?ok=bearbeitet", 303);
  });

  /**
   * Hand over (field `an-<id>`: a colleague; only the own note or request) or take over (field `uebernehmen`: a
   * colleague's, from the team page). A colleague's thing cannot be passed to a third person (403).
   */
  async function handOver(req: FastifyRequest<{ Params: { id: string } }>, reply: import("fastify").FastifyReply, object: "note" | "request") {
    const id = await counsellor(req);
    const current = object === "note" ? (await findNote(db, req.params.id))?.counsellorId : await counsellorOfRequest(db, req.params.id);
    if (!current) return reply.callNotFound();
    const values = readForm(req.body, [`an-${req.params.id}`, "uebernehmen"]);
    const takeOver = values.uebernehmen === "1";
    const to = takeOver ? id : values[`an-${req.params.id}`];
    if (takeOver ? current === id : current !== id) {
      if (takeOver) return reply.redirect("/pflegeplaetze/beratung/faelle", 303);
      throw new ForbiddenError("Nur eigene Beratungen können übergeben werden");
    }
    const colleagues = await colleaguesOf(current);
    const target = colleagues.find((c) => c.id === to);
    if (!target) {
      const form: FormState = { values: { [`an-${req.params.id}`]: to ?? "" }, errors: { [`an-${req.params.id}`]: req.t("care.counsellor.handOverRequired") } };
      return render(req, reply, id, form, 422);
    }
    const contact = takeOver ? undefined : await findMailContact(db, target.id);
    const me = (await userDisplayName(db, id)) ?? "";
    const t = careMailTranslator(mailLocale(contact?.locale));
    const mail = contact ? { to: contact.email, subject: t("care.mail.handover.subject"), text: t("care.mail.handover.body", { name: me, link: `${config.publicUrl}/pflegeplaetze/beratung/faelle` }) } : undefined;
    const done = await counsellingHandOver({ actor: req.actor(), db, requestId: req.id }, { object, id: req.params.id, from: current, to: target.id, mail });
    if (!done) return reply.redirect(takeOver ? "/pflegeplaetze/beratung/team?ok=weg" : "/pflegeplaetze/beratung/faelle", 303);
    return reply.redirect(takeOver ? "/pflegeplaetze/beratung/faelle?ok=uebernommen" : `/pflegeplaetze/beratung/faelle?ok=uebergeben&an=${target.id}`, 303);
  }

  app.post<{ Params: { id: string } }>("/pflegeplaetze/beratung/notizen/:id/uebergeben", { preHandler: requireLogin, config: { rateLimit: { max: 60, timeWindow: 60_000 } } }, (req, reply) => handOver(req, reply, "note"));
  app.post<{ Params: { id: string } }>("/pflegeplaetze/beratung/anfragen/:id/uebergeben", { preHandler: requireLogin, config: { rateLimit: { max: 60, timeWindow: 60_000 } } }, (req, reply) => handOver(req, reply, "request"));

  /** The note form's checks (recording and editing). */
  async function checkNote(req: FastifyRequest, values: Record<"gemeinde" | "art" | "weg" | "notiz", string>): Promise<FormState> {
    const form = validate(values, { gemeinde: [rules.required()], weg: [rules.required()], notiz: [rules.required(), rules.maxLength(2000)] }, req.t);
    if (!form.errors.gemeinde && !(await places()).some((p) => p.ags === values.gemeinde)) form.errors.gemeinde = req.t("care.form.municipalityRequired");
    if (values.art && !isCareKind(values.art)) form.errors.art = req.t("care.form.kindsRequired");
    if (!form.errors.weg && !isChannel(values.weg)) form.errors.weg = req.t("care.counsellor.channelRequired");
    return form;
  }

  app.post("/pflegeplaetze/beratung/faelle", { preHandler: requireLogin, config: { rateLimit: { max: 60, timeWindow: 60_000 } } }, async (req, reply) => {
    const id = await counsellor(req);
    const values = readForm(req.body, ["gemeinde", "art", "weg", "notiz", "anfrage"] as const);
    // A request of another counsellor (or an unknown id) is not this counsellor's object: 404.
    if (values.anfrage && !(await isCounselledBy(db, values.anfrage, id))) return reply.callNotFound();
    const form = await checkNote(req, values);
    if (hasErrors(form)) return render(req, reply, id, form, 422);
    await counsellingRecorder({ actor: req.actor(), db, requestId: req.id }, { counsellorId: id, requestId: values.anfrage || null, ags: values.gemeinde, kind: values.art || null, channel: values.weg as never, note: values.notiz });
    return reply.redirect("/pflegeplaetze/beratung/faelle?ok=1", 303);
  });

  app.post<{ Params: { id: string } }>("/pflegeplaetze/beratung/notizen/:id/loeschen", { preHandler: requireLogin }, async (req, reply) => {
    const id = await counsellor(req);
    if (!UUID.test(req.params.id) || !(await counsellingDeleter({ actor: req.actor(), db, requestId: req.id }, { id: req.params.id, counsellorId: id }))) return reply.callNotFound();
    return reply.redirect("/pflegeplaetze/beratung/faelle?ok=geloescht", 303);
  });
}
