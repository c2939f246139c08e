/** Company pages: register a company, apply (check step with conflicts and fee, then submit), own applications. */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { requireLogin, currentUser } from "../../../platform/auth/guards.js";
import { readForm, rules, validate, hasErrors } from "../../../platform/forms.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { berlinDate } from "../../../platform/time/berlin.js";
import type { CommandContext } from "../../../platform/commands.js";
import { findFile, refusalMessage, storeUpload, uploadClientKey } from "../../../platform/files/index.js";
import { listMunicipalities, servedKreise } from "../../geo/index.js";
import { resolveAuthority, resolveRoadOwner } from "../authority.js";
import { boundsOf, checkPeriod, feeCents, guessInsideTown, parseAreaM2, specialUseFeeCents, isClosure, isRoadClass, isRsaPlan, MAX_DAYS_WITHOUT_EXTENSION, parseGeometry, roadKey, type Closure, type RoadClass } from "../rules.js";
import { companiesOfMember, findConflicts, findEventConflicts, findRoadwork, grantedChangesOf, refusalFeesOf, refusalOf, roadworksOfCompanies, specialUseOf, specialUsesOf } from "../queries.js";
import { canSeeApplication } from "../policies.js";
import { feePaymentStarter } from "../commands/feePayment.js";
import { applicationSubmitter, type RoadworkInput } from "../commands/applicationSubmitter.js";
import { companyRegistrar } from "../commands/companies.js";
import { euro } from "../presenters.js";
import { ApplyPage, CompanyPage, MinePage, NoCompanyPage, type CheckResult } from "./applyViews.js";
import type { Place } from "./publicViews.js";
import { allowTiles } from "./tiles.js";

const formLimit = { rateLimit: { max: 30, timeWindow: 60_000 } };
const FIELDS = ["firma", "titel", "strasse", "hausVon", "hausBis", "gemeinde", "strassenklasse", "lage", "umleitung", "beginn", "ende", "taeglichVon", "taeglichBis", "fahrstreifen", "sperrung", "regelplan", "bauleitung", "telefon", "ausfuehrende", "auftraggeber", "zeichenplanId", "aktion", "sondernutzung", "sondernutzungArt", "sondernutzungFlaeche", "innerorts"] as const;
const SIGN_PLAN_PURPOSE = "roadworks-sign-plan";
const ACCEPT = ["application/pdf", "image/png", "image/jpeg"] as const;

export async function applyPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const ctxOf = (req: FastifyRequest): CommandContext => ({ actor: req.actor(), db, requestId: req.id });
  const places = async (): Promise<Place[]> => (await listMunicipalities(db, servedKreise(config))).map((m) => ({ ags: m.ags, name: m.short_name }));

  /** Reads and checks the application form; stores a new sign plan at once so it survives a re-render. */
  async function readApplication(req: FastifyRequest, approved: Set<string>): Promise<{ form: FormState; keptName?: string; input?: RoadworkInput; check?: CheckResult; specialUse?: { purpose: string; areaM2: number } }> {
    const t = req.t;
    const user = currentUser(req);
    const values = readForm(req.body, FIELDS);
    const required = [rules.required()];
    const form = validate(values, { titel: [...required, rules.maxLength(200)], strasse: [...required, rules.maxLength(120)], hausVon: [rules.maxLength(10)], hausBis: [rules.maxLength(10)], bauleitung: [...required, rules.maxLength(120)], telefon: [...required], ausfuehrende: [...required, rules.maxLength(200)], auftraggeber: [...required, rules.maxLength(200)], sondernutzungArt: [rules.maxLength(2000)] }, t);
    const e = form.errors;
    if (!approved.has(values.firma)) e.firma = t("roadworks.error.choose");
    const all = await places();
    if (!all.some((p) => p.ags === values.gemeinde)) e.gemeinde = t("roadworks.public.badMunicipality");
    if (!isRoadClass(values.strassenklasse)) e.strassenklasse = t("roadworks.error.choose");
    if (!isClosure(values.sperrung)) e.sperrung = t("roadworks.error.choose");
    if (!isRsaPlan(values.regelplan)) e.regelplan = t("roadworks.error.choose");
    if (!/^[0-8]$/.test(values.fahrstreifen)) e.fahrstreifen = t("roadworks.error.lanes");
    if (!e.telefon && !/^\+?[0-9 ()/-]{5,40}$/.test(values.telefon)) e.telefon = t("roadworks.error.phone");
    const site = parseGeometry(values.lage);
    if (!site.ok) e.lage = t(`roadworks.error.${site.error}`);
    const detour = values.umleitung ? parseGeometry(values.umleitung, { lineOnly: true }) : undefined;
    if (detour && !detour.ok) e.umleitung = t(`roadworks.error.${detour.error}`);
    const period = checkPeriod({ start: values.beginn, end: values.ende, dailyFrom: values.taeglichVon, dailyTo: values.taeglichBis }, berlinDate(new Date()));
    const periodFields = { start: "beginn", end: "ende", dailyFrom: "taeglichVon", dailyTo: "taeglichBis" } as const;
    for (const [k, err] of Object.entries(period)) e[periodFields[k as keyof typeof periodFields]] = t(`roadworks.error.${err}`, { days: MAX_DAYS_WITHOUT_EXTENSION });

    // Inside or outside the town (innerorts/außerorts), as the applicant states it; unstated: guessed from house numbers
    // and preselected for the check step, so the applicant sees and can change it before submitting.
    if (values.innerorts && values.innerorts !== "ja" && values.innerorts !== "nein") e.innerorts = t("roadworks.error.choose");
    const insideTown = values.innerorts === "ja" ? true : values.innerorts === "nein" ? false : guessInsideTown(values.hausVon);
    if (!e.innerorts) form.values.innerorts = insideTown ? "ja" : "nein";

    // The special-use permit (optional; absent counts as "no"): what is placed on the road and how many m².
    if (values.sondernutzung && values.sondernutzung !== "ja" && values.sondernutzung !== "nein") e.sondernutzung = t("roadworks.error.choose");
    const wantsSpecialUse = values.sondernutzung === "ja";
    const areaM2 = wantsSpecialUse ? parseAreaM2(values.sondernutzungFlaeche) : undefined;
    if (wantsSpecialUse && !e.sondernutzungArt && !values.sondernutzungArt.trim()) e.sondernutzungArt = t("roadworks.su.purposeMissing");
    if (wantsSpecialUse && areaM2 === undefined) e.sondernutzungFlaeche = t("roadworks.su.areaInvalid");

    // The sign plan: a new upload (checked by content), else the one kept from the check step (own uploads only).
    let keptName: string | undefined;
    const upload = (req.uploads ?? []).find((f) => f.field === "zeichenplan");
    if (upload) {
      const stored = await storeUpload(ctxOf(req), config, upload, { accept: ACCEPT, uploaderId: user.id, purpose: SIGN_PLAN_PURPOSE, retainUntil: new Date(Date.now() + 86_400_000), client: uploadClientKey(req.actor(), req.ip) });
      if (stored.ok) {
        form.values.zeichenplanId = stored.file.id;
        keptName = stored.file.name;
      } else {
        form.values.zeichenplanId = "";
        e.zeichenplan = refusalMessage(t, stored.reason, { accept: ACCEPT, maxBytes: config.files.maxBytes, maxRequestBytes: config.files.maxRequestBytes });
      }
    } else if (values.zeichenplanId) {
      const f = await findFile(db, values.zeichenplanId);
      if (f && f.uploader_id === user.id && f.purpose === SIGN_PLAN_PURPOSE) keptName = f.original_name;
      else form.values.zeichenplanId = "";
    }
    if (!form.values.zeichenplanId && !e.zeichenplan) e.zeichenplan = t("roadworks.error.signPlanMissing");
    if (hasErrors(form) || !site.ok || (detour && !detour.ok)) return { form, keptName };

    const roadClass = values.strassenklasse as RoadClass;
    const authority = await resolveAuthority(db, config.countyKey, roadClass, values.gemeinde);
    if (!authority) return { form: { ...form, errors: { gemeinde: t("roadworks.public.badMunicipality") } }, keptName };
    const closure = values.sperrung as Closure;
    const detourGeometry = detour?.ok ? detour.geometry : null;
    const bounds = boundsOf(site.geometry, detourGeometry);
    const key = roadKey(values.strasse);
    const fee = feeCents(closure, values.beginn, values.ende);
    const subject = { ags: values.gemeinde, roadKey: key, start: values.beginn, end: values.ende, geometry: site.geometry, detour: detourGeometry, bounds };
    const [conflicts, eventConflicts] = await Promise.all([findConflicts(db, subject, config.roadworks.conflictMeters), findEventConflicts(db, subject, config.roadworks.conflictMeters)]);
    const m = authority.municipality;
    const input: RoadworkInput = {
      company_id: values.firma,
      created_by: user.id,
      title: values.titel,
      road_name: values.strasse,
      road_key: key,
      house_from: values.hausVon,
      house_to: values.hausBis,
      road_class: roadClass,
      ags: m.ags,
      ars: m.ars,
      municipality: m.short_name,
      authority_kind: authority.kind,
      authority_name: authority.name,
      authority_unit: authority.unitId,
      geometry: site.geometry,
      detour: detourGeometry,
      ...bounds,
      start_date: values.beginn,
      end_date: values.ende,
      daily_from: values.taeglichVon,
      daily_to: values.taeglichBis,
      lanes: Number(values.fahrstreifen),
      closure,
      rsa_plan: values.regelplan,
      sign_plan_file: form.values.zeichenplanId!,
      site_manager: values.bauleitung,
      site_phone: values.telefon,
      contractor: values.ausfuehrende,
      client: values.auftraggeber,
      fee_cents: fee,
      inside_town: insideTown,
    };
    const specialUse = wantsSpecialUse && areaM2 !== undefined ? { purpose: values.sondernutzungArt.trim(), areaM2 } : undefined;
    // The special use is granted by the road owner (not always the traffic authority); inside the town: the through road.
    const roadOwner = specialUse ? (await resolveRoadOwner(db, config.countyKey, roadClass, values.gemeinde, insideTown))?.name : undefined;
    return { form, keptName, input, specialUse, check: { feeCents: fee, authority: authority.name, conflicts, eventConflicts, specialUseFeeCents: specialUse ? specialUseFeeCents(specialUse.areaM2, values.beginn, values.ende) : undefined, roadOwner } };
  }

  async function approvedCompanies(userId: string) {
    const companies = await companiesOfMember(db, userId);
    return companies.filter((c) => c.status === "approved");
  }

  app.get("/baustellen/antrag", { preHandler: requireLogin }, async (req, reply) => {
    const user = currentUser(req);
    const companies = user.kind === "citizen" ? await approvedCompanies(user.id) : [];
    if (companies.length === 0) return reply.page(req.t("roadworks.apply.title"), (ctx) => <NoCompanyPage ctx={ctx} />, { noindex: true });
    const form = emptyForm({ firma: companies.length === 1 ? companies[0]!.id : "", taeglichVon: "07:00", taeglichBis: "18:00", fahrstreifen: "1" });
    const all = await places();
    allowTiles(reply, config.roadworks.tileUrl);
    return reply.page(req.t("roadworks.apply.title"), (ctx) => <ApplyPage ctx={ctx} tileUrl={config.roadworks.tileUrl} form={form} companies={companies} places={all} />, { noindex: true });
  });

  app.post("/baustellen/antrag", { preHandler: requireLogin, config: formLimit }, async (req, reply) => {
    const user = currentUser(req);
    const companies = user.kind === "citizen" ? await approvedCompanies(user.id) : [];
    if (companies.length === 0) return reply.page(req.t("roadworks.apply.title"), (ctx) => <NoCompanyPage ctx={ctx} />, { status: 403, noindex: true });
    const all = await places();
    allowTiles(reply, config.roadworks.tileUrl);
    const { form, keptName, input, check, specialUse } = await readApplication(req, new Set(companies.map((c) => c.id)));
    if (!input || !check) return reply.page(req.t("roadworks.apply.title"), (ctx) => <ApplyPage ctx={ctx} tileUrl={config.roadworks.tileUrl} form={form} companies={companies} places={all} keptName={keptName} />, { status: 422, noindex: true });
    if (form.values.aktion !== "einreichen") return reply.page(req.t("roadworks.apply.title"), (ctx) => <ApplyPage ctx={ctx} tileUrl={config.roadworks.tileUrl} form={form} companies={companies} places={all} keptName={keptName} check={check} />, { noindex: true });
    const { reference } = await applicationSubmitter(ctxOf(req), input, specialUse);
    return reply.redirect(`/baustellen/meine?eingereicht=${encodeURIComponent(reference)}&gebuehr=${input.fee_cents}`, 303);
  });

  app.get<{ Querystring: { eingereicht?: string; gebuehr?: string; zahlung?: string } }>("/baustellen/meine", { preHandler: requireLogin }, async (req, reply) => {
    const user = currentUser(req);
    const companies = await companiesOfMember(db, user.id);
    const rows = await roadworksOfCompanies(db, companies.map((c) => c.id));
    const [refusalFees, specialUses, changes] = await Promise.all([refusalFeesOf(db, rows.filter((r) => r.status === "refused").map((r) => r.id)), specialUsesOf(db, rows.map((r) => r.id)), grantedChangesOf(db, rows.filter((r) => r.status === "ordered").map((r) => r.id))]);
    const ref = req.query.eingereicht && /^BS-\d{4}-[0-9A-F]{6}$/.test(req.query.eingereicht) ? req.query.eingereicht : undefined;
    const payment = ["unavailable", "paid", "not_payable"].includes(req.query.zahlung ?? "") ? req.t(`roadworks.pay.${req.query.zahlung}`) : undefined;
    const notice = ref ? req.t("roadworks.apply.submitted", { reference: ref, fee: euro(Number(req.query.gebuehr) || 0) }) : payment;
    return reply.page(req.t("roadworks.mine.title"), (ctx) => <MinePage ctx={ctx} companies={companies} rows={rows} refusalFees={refusalFees} specialUses={specialUses} changes={changes} notice={notice} />, { noindex: true });
  });

  /** Pay the fee of one of the account's companies' applications (payment port; back to /baustellen/meine). */
  app.post<{ Params: { id: string } }>("/baustellen/:id/bezahlen", { preHandler: requireLogin, config: formLimit }, async (req, reply) => {
    const user = currentUser(req);
    const r = await findRoadwork(db, req.params.id);
    const memberOf = new Set((await companiesOfMember(db, user.id)).map((c) => c.id));
    if (!r || !canSeeApplication(user, r, memberOf)) return reply.callNotFound();
    // A refused application: the refusal's fee (its notice's fee decision), if one was set.
    const refusal = r.status === "refused" ? await refusalOf(db, r.id) : undefined;
    if (r.status === "refused" && !refusal) return reply.callNotFound();
    const out = await feePaymentStarter(app, ctxOf(req), r, refusal);
    if ("redirect" in out) return reply.redirect(out.redirect, 303);
    return reply.redirect(`/baustellen/meine?zahlung=${out.error}`, 303);
  });

  /** Pay the fee of a granted special-use permit (its own payment subject; back to /baustellen/meine). */
  app.post<{ Params: { id: string } }>("/baustellen/:id/sondernutzung/bezahlen", { preHandler: requireLogin, config: formLimit }, async (req, reply) => {
    const user = currentUser(req);
    const r = await findRoadwork(db, req.params.id);
    const memberOf = new Set((await companiesOfMember(db, user.id)).map((c) => c.id));
    if (!r || !canSeeApplication(user, r, memberOf)) return reply.callNotFound();
    const su = await specialUseOf(db, r.id);
    if (!su || su.status !== "granted") return reply.callNotFound();
    const out = await feePaymentStarter(app, ctxOf(req), r, undefined, su);
    if ("redirect" in out) return reply.redirect(out.redirect, 303);
    return reply.redirect(`/baustellen/meine?zahlung=${out.error}`, 303);
  });

  app.get("/baustellen/firma", { preHandler: requireLogin }, async (req, reply) => reply.page(req.t("roadworks.company.title"), (ctx) => <CompanyPage ctx={ctx} form={emptyForm()} />, { noindex: true }));

  app.post("/baustellen/firma", { preHandler: requireLogin, config: formLimit }, async (req, reply) => {
    const user = currentUser(req);
    const values = readForm(req.body, ["name", "email", "telefon"] as const);
    const form = validate(values, { name: [rules.required(), rules.maxLength(200)], email: [rules.required(), rules.email(), rules.maxLength(200)], telefon: [rules.maxLength(50)] }, req.t);
    if (user.kind !== "citizen") form.errors.name = req.t("roadworks.apply.noCompany");
    if (hasErrors(form)) return reply.page(req.t("roadworks.company.title"), (ctx) => <CompanyPage ctx={ctx} form={form} />, { status: 422, noindex: true });
    await companyRegistrar(ctxOf(req), { name: values.name, email: values.email, phone: values.telefon }, user.id);
    return reply.redirect("/baustellen/meine", 303);
  });
}
