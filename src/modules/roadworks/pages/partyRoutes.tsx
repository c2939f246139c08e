/**
 * The consulted parties answer themselves (ADR 0051): police and bus operator (and the municipality) through the
 * mailed link `/baustellen/stellungnahme?t=…` (the token is sent as a query parameter, which the request log
 * leaves out, and posted back as a form field); municipality staff signed in at
 * `/verwaltung/baustellen/:id/stellungnahme-gemeinde` (a change round: `…/stellungnahme-gemeinde/aenderung`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireStaff } from "../../../platform/auth/guards.js";
import type { CommandContext } from "../../../platform/commands.js";
import { fileStoreFor, findFile, sendStoredFile } from "../../../platform/files/index.js";
import { readForm, rules, validate, hasErrors } from "../../../platform/forms.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { orgUnitsByKeys } from "../../responsibility/index.js";
import { linkState, municipalityAnswerByLogin, partyAnswerByLink, type PartyAnswer } from "../commands/partyAnswers.js";
import { changeAnswerByLink, changeLinkState, municipalityChangeAnswerByLogin, openChangeConsentOfMunicipality } from "../commands/changeAnswers.js";
import { authorizeAnswerForMunicipality } from "../policies.js";
import { consentsOf, extensionsOf, findRoadwork, type RoadworkRow } from "../queries.js";
import { coordinatesText } from "../presenters.js";
import type { Party } from "../rules.js";
import { PartyAnswerPage, PartyMessagePage } from "./partyViews.js";

const formLimit = { rateLimit: { max: 30, timeWindow: 60_000 } };
const STATUS = { unknown: 404, expired: 410, answered: 409, closed: 409 } as const;

/** Reads and checks the statement form: a choice, conditions or a reason where the choice needs them, a name. */
function readAnswer(req: FastifyRequest): { form: FormState; answer?: PartyAnswer } {
  const values = readForm(req.body, ["antwort", "auflagen", "begruendung", "name"] as const);
  const form = validate(values, { name: [rules.required(), rules.maxLength(200)], auflagen: [rules.maxLength(2000)], begruendung: [rules.maxLength(2000)] }, req.t);
  const kind = values.antwort;
  if (kind !== "agree" && kind !== "conditions" && kind !== "objection") form.errors.antwort = req.t("roadworks.error.choose");
  if (kind === "conditions" && values.auflagen.trim() === "") form.errors.auflagen = req.t("roadworks.error.conditions");
  if (kind === "objection" && values.begruendung.trim() === "") form.errors.begruendung = req.t("roadworks.error.reason");
  if (hasErrors(form)) return { form };
  const text = kind === "conditions" ? values.auflagen.trim() : kind === "objection" ? values.begruendung.trim() : "";
  return { form, answer: { kind: kind as PartyAnswer["kind"], text, name: values.name.trim() } };
}

export async function partyPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const ctxOf = (req: FastifyRequest): CommandContext => ({ actor: req.actor(), db, requestId: req.id });
  const tokenOf = (v: unknown) => (typeof v === "string" ? v : "");

  function refuse(req: FastifyRequest, reply: FastifyReply, state: keyof typeof STATUS) {
    return reply.page(req.t("roadworks.party.unavailable"), () => <PartyMessagePage kind="warning" title={req.t("roadworks.party.unavailable")} text={req.t(`roadworks.party.${state}`)} />, { status: STATUS[state], noindex: true });
  }

  async function renderForm(req: FastifyRequest, reply: FastifyReply, r: RoadworkRow, party: Party, dueOn: string, form: FormState, target: { action: string; token?: string; signPlanHref: string; change?: { from: string; to: string; area: string | null; reason: string } }, status = 200) {
    const file = r.sign_plan_file ? await findFile(db, r.sign_plan_file) : undefined;
    const signPlan = file ? { name: file.original_name, href: target.signPlanHref } : undefined;
    reply.header("Referrer-Policy", "no-referrer");
    return reply.page(req.t(target.change ? "roadworks.ext.party.title" : "roadworks.party.title", { reference: r.reference }), (ctx) => <PartyAnswerPage ctx={ctx} r={r} party={party} dueOn={dueOn} signPlan={signPlan} form={form} action={target.action} token={target.token} change={target.change} />, { status, noindex: true });
  }

  // ---- by the mailed link ----

  app.get<{ Querystring: { t?: string } }>("/baustellen/stellungnahme", { config: formLimit }, async (req, reply) => {
    const token = tokenOf(req.query.t);
    const s = await linkState(db, token);
    if (s.state !== "open") return refuse(req, reply, s.state);
    const r = (await findRoadwork(db, s.roadworkId))!;
    return renderForm(req, reply, r, s.party, s.dueOn, emptyForm(), { action: "/baustellen/stellungnahme", token, signPlanHref: `/baustellen/stellungnahme/zeichenplan?t=${encodeURIComponent(token)}` });
  });

  /** The sign plan, for the holder of a link that is still valid (open or answered). */
  /** The work's sign plan for the holder of a link that is still valid (open or answered); 404 otherwise. */
  async function sendSignPlan(reply: FastifyReply, s: { state: "unknown" | "expired" } | { state: string; roadworkId: string }) {
    if (s.state === "unknown" || s.state === "expired" || !("roadworkId" in s)) return reply.callNotFound();
    const r = await findRoadwork(db, s.roadworkId);
    const file = r?.sign_plan_file ? await findFile(db, r.sign_plan_file) : undefined;
    if (!file) return reply.callNotFound();
    reply.header("Referrer-Policy", "no-referrer");
    return sendStoredFile(reply, file, fileStoreFor(config.files));
  }

  app.get<{ Querystring: { t?: string } }>("/baustellen/stellungnahme/zeichenplan", { config: formLimit }, async (req, reply) => sendSignPlan(reply, await linkState(db, tokenOf(req.query.t))));

  app.post("/baustellen/stellungnahme", { config: formLimit }, async (req, reply) => {
    const token = readForm(req.body, ["t"] as const).t;
    const s = await linkState(db, token);
    if (s.state !== "open") return refuse(req, reply, s.state);
    const { form, answer } = readAnswer(req);
    if (!answer) {
      const r = (await findRoadwork(db, s.roadworkId))!;
      return renderForm(req, reply, r, s.party, s.dueOn, form, { action: "/baustellen/stellungnahme", token, signPlanHref: `/baustellen/stellungnahme/zeichenplan?t=${encodeURIComponent(token)}` }, 422);
    }
    const out = await partyAnswerByLink(ctxOf(req), token, answer);
    if (!out.ok) return refuse(req, reply, out.state);
    return reply.redirect(`/baustellen/stellungnahme/eingegangen${out.late ? "?verspaetet=1" : ""}`, 303);
  });

  app.get<{ Querystring: { verspaetet?: string } }>("/baustellen/stellungnahme/eingegangen", async (req, reply) =>
    reply.page(req.t("roadworks.party.thanks"), () => <PartyMessagePage kind="success" title={req.t("roadworks.party.thanks")} text={req.query.verspaetet ? req.t("roadworks.party.thanksLate") : undefined} />, { noindex: true }),
  );

  // ---- a change round (extension, changed end or area) by its mailed link (migration 0076) ----

  /** The work and the open round's change as the page shows it. */
  async function changeTarget(roadworkId: string, extensionId: string, token: string) {
    const r = (await findRoadwork(db, roadworkId))!;
    const ext = (await extensionsOf(db, roadworkId)).open;
    const change = ext && ext.id === extensionId ? { from: ext.old_end, to: ext.new_end, area: ext.new_geometry ? coordinatesText(ext.new_geometry) : null, reason: ext.reason } : undefined;
    return { r, target: { action: "/baustellen/stellungnahme/aenderung", token, signPlanHref: `/baustellen/stellungnahme/aenderung/zeichenplan?t=${encodeURIComponent(token)}`, change } };
  }

  app.get<{ Querystring: { t?: string } }>("/baustellen/stellungnahme/aenderung", { config: formLimit }, async (req, reply) => {
    const token = tokenOf(req.query.t);
    const s = await changeLinkState(db, token);
    if (s.state !== "open") return refuse(req, reply, s.state);
    const { r, target } = await changeTarget(s.roadworkId, s.extensionId, token);
    return renderForm(req, reply, r, s.party, s.dueOn, emptyForm(), target);
  });

  app.get<{ Querystring: { t?: string } }>("/baustellen/stellungnahme/aenderung/zeichenplan", { config: formLimit }, async (req, reply) => sendSignPlan(reply, await changeLinkState(db, tokenOf(req.query.t))));

  app.post("/baustellen/stellungnahme/aenderung", { config: formLimit }, async (req, reply) => {
    const token = readForm(req.body, ["t"] as const).t;
    const s = await changeLinkState(db, token);
    if (s.state !== "open") return refuse(req, reply, s.state);
    const { form, answer } = readAnswer(req);
    if (!answer) {
      const { r, target } = await changeTarget(s.roadworkId, s.extensionId, token);
      return renderForm(req, reply, r, s.party, s.dueOn, form, target, 422);
    }
    const out = await changeAnswerByLink(ctxOf(req), token, answer);
    if (!out.ok) return refuse(req, reply, out.state);
    return reply.redirect(`/baustellen/stellungnahme/eingegangen${out.late ? "?verspaetet=1" : ""}`, 303);
  });

  // ---- municipality staff, signed in ----

  /** The work and the municipality's consent, after the policy (404 unknown, 403 not the municipality's staff). */
  async function loadForMunicipality(req: FastifyRequest<{ Params: { id: string } }>) {
    const r = await findRoadwork(db, req.params.id);
    if (!r) return undefined;
    const unit = (await orgUnitsByKeys(db, [`gem-${r.ags}`]))[0];
    authorizeAnswerForMunicipality(req.user, unit?.id);
    const consent = (await consentsOf(db, r.id)).find((c) => c.party === "municipality");
    return consent ? { r, consent } : undefined;
  }

  const loginTarget = (r: RoadworkRow) => ({ action: `/verwaltung/baustellen/${r.id}/stellungnahme-gemeinde`, signPlanHref: `/verwaltung/baustellen/${r.id}/stellungnahme-gemeinde/zeichenplan` });

  app.get<{ Params: { id: string } }>("/verwaltung/baustellen/:id/stellungnahme-gemeinde", { preHandler: requireStaff }, async (req, reply) => {
    const found = await loadForMunicipality(req);
    if (!found) return reply.callNotFound();
    const { r, consent } = found;
    if (consent.answer !== null) return refuse(req, reply, "answered");
    if (r.status !== "coordination") return refuse(req, reply, "closed");
    return renderForm(req, reply, r, "municipality", consent.due_on, emptyForm(), loginTarget(r));
  });

  app.get<{ Params: { id: string } }>("/verwaltung/baustellen/:id/stellungnahme-gemeinde/zeichenplan", { preHandler: requireStaff }, async (req, reply) => {
    const found = await loadForMunicipality(req);
    const file = found?.r.sign_plan_file ? await findFile(db, found.r.sign_plan_file) : undefined;
    if (!file) return reply.callNotFound();
    return sendStoredFile(reply, file, fileStoreFor(config.files));
  });

  app.post<{ Params: { id: string } }>("/verwaltung/baustellen/:id/stellungnahme-gemeinde", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    const found = await loadForMunicipality(req);
    if (!found) return reply.callNotFound();
    const { r, consent } = found;
    const { form, answer } = readAnswer(req);
    if (!answer) {
      if (consent.answer !== null) return refuse(req, reply, "answered");
      return renderForm(req, reply, r, "municipality", consent.due_on, form, loginTarget(r), 422);
    }
    const out = await municipalityAnswerByLogin(ctxOf(req), r.id, answer);
    if (!out.ok) return refuse(req, reply, out.state);
    return reply.redirect("/verwaltung/baustellen?ok=stellungnahme", 303);
  });

  // ---- municipality staff, signed in, on a change round (the same policy as the first round) ----

  /** The work and the open round's municipality consent, after the policy (404 unknown or no round, 403 others). */
  async function loadChangeForMunicipality(req: FastifyRequest<{ Params: { id: string } }>) {
    const r = await findRoadwork(db, req.params.id);
    if (!r) return undefined;
    const unit = (await orgUnitsByKeys(db, [`gem-${r.ags}`]))[0];
    authorizeAnswerForMunicipality(req.user, unit?.id);
    const consent = await openChangeConsentOfMunicipality(db, r.id);
    return consent ? { r, consent } : undefined;
  }

  async function changeLoginTarget(r: RoadworkRow, extensionId: string) {
    const { target } = await changeTarget(r.id, extensionId, "");
    return { ...target, action: `/verwaltung/baustellen/${r.id}/stellungnahme-gemeinde/aenderung`, token: undefined, signPlanHref: `/verwaltung/baustellen/${r.id}/stellungnahme-gemeinde/zeichenplan` };
  }

  app.get<{ Params: { id: string } }>("/verwaltung/baustellen/:id/stellungnahme-gemeinde/aenderung", { preHandler: requireStaff }, async (req, reply) => {
    const found = await loadChangeForMunicipality(req);
    if (!found) return reply.callNotFound();
    const { r, consent } = found;
    if (consent.answer !== null) return refuse(req, reply, "answered");
    if (r.status !== "ordered") return refuse(req, reply, "closed");
    return renderForm(req, reply, r, "municipality", consent.due_on, emptyForm(), await changeLoginTarget(r, consent.extension_id));
  });

  app.post<{ Params: { id: string } }>("/verwaltung/baustellen/:id/stellungnahme-gemeinde/aenderung", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    const found = await loadChangeForMunicipality(req);
    if (!found) return reply.callNotFound();
    const { r, consent } = found;
    const { form, answer } = readAnswer(req);
    if (!answer) {
      if (consent.answer !== null) return refuse(req, reply, "answered");
      return renderForm(req, reply, r, "municipality", consent.due_on, form, await changeLoginTarget(r, consent.extension_id), 422);
    }
    const out = await municipalityChangeAnswerByLogin(ctxOf(req), r.id, answer);
    if (!out.ok) return refuse(req, reply, out.state);
    return reply.redirect("/verwaltung/baustellen?ok=stellungnahme", 303);
  });
}
