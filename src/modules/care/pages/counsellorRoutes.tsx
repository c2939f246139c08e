/**
 * The care counsellors' pages (role `care_counsellor`, Pflegestützpunkt): "Meine Beratungen" with the
 * requests they sent for families and their counselling notes. Everything is checked on the server:
 * other accounts 403, another counsellor's note or request 404.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { currentUser, requireLogin } from "../../../platform/auth/guards.js";
import type { Db } from "../../../platform/db/index.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { hasErrors, readForm, rules, validate } from "../../../platform/forms.js";
import { UUID } from "../../../platform/keys.js";
import { listMunicipalities, servedKreise } from "../../geo/index.js";
import { roleNamesOf } from "../queries.js";
import { isCareKind } from "../kinds.js";
import { authorizeCounsel, canCounsel } from "../policies.js";
import { isCounselledBy, notesOfCounsellor, requestsOfCounsellor } from "../requestQueries.js";
import { counsellingDeleter, counsellingRecorder, isChannel } from "../commands/counsellingNotes.js";
import { CounsellorPage } from "./counsellorViews.js";

/** Whether the signed-in account is a care counsellor (one query; false without login). */
export async function isCounsellor(db: Db, req: FastifyRequest): Promise<boolean> {
  return canCounsel(req.user, await roleNamesOf(db, req.user));
}

export async function careCounsellorPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const places = async () => (await listMunicipalities(db, servedKreise(config))).map((m) => ({ ags: m.ags, name: m.short_name }));

  /** The counsellor's id after the role check (403 for everybody else). */
  async function counsellor(req: FastifyRequest): Promise<string> {
    const user = currentUser(req);
    authorizeCounsel(user, await roleNamesOf(db, user));
    return user.id;
  }

  async function render(req: FastifyRequest, reply: import("fastify").FastifyReply, id: string, form: FormState, status = 200, notice?: "saved" | "deleted") {
    const [requests, notes, all] = await Promise.all([requestsOfCounsellor(db, id), notesOfCounsellor(db, id), places()]);
    return reply.page(req.t("care.counsellor.title"), (ctx) => <CounsellorPage ctx={ctx} requests={requests} notes={notes} places={all} form={form} notice={notice} />, { status, noindex: true });
  }

  app.get<{ Querystring: { ok?: string } }>("/pflegeplaetze/beratung/faelle", { preHandler: requireLogin }, async (req, reply) => {
    const id = await counsellor(req);
    return render(req, reply, id, emptyForm(), 200, req.query.ok === "1" ? "saved" : req.query.ok === "geloescht" ? "deleted" : undefined);
  });

  app.post("/pflegeplaetze/beratung/faelle", { preHandler: requireLogin, config: { rateLimit: { max: 60, timeWindow: 60_000 } } }, async (req, reply) => {
    const id = await counsellor(req);
    const values = readForm(req.body, ["gemeinde", "art", "weg", "notiz", "anfrage"] as const);
    // A request of another counsellor (or an unknown id) is not this counsellor's object: 404.
    if (values.anfrage && !(await isCounselledBy(db, values.anfrage, id))) return reply.callNotFound();
    const form = validate(values, { gemeinde: [rules.required()], weg: [rules.required()], notiz: [rules.required(), rules.maxLength(2000)] }, req.t);
    if (!form.errors.gemeinde && !(await places()).some((p) => p.ags === values.gemeinde)) form.errors.gemeinde = req.t("care.form.municipalityRequired");
    if (values.art && !isCareKind(values.art)) form.errors.art = req.t("care.form.kindsRequired");
    if (!form.errors.weg && !isChannel(values.weg)) form.errors.weg = req.t("care.counsellor.channelRequired");
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
