/** The road authority's pages: applications, companies, consents, the order. Every write is a command with its audit entry. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireStaff } from "../../../platform/auth/guards.js";
import { readForm, rules, validate, hasErrors } from "../../../platform/forms.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import type { CommandContext } from "../../../platform/commands.js";
import { findFile, fileStoreFor, sendStoredFile } from "../../../platform/files/index.js";
import { translatorFor } from "../../../platform/i18n/index.js";
import { accountIdByEmail, findMailContact } from "../../accounts/index.js";
import { findOfficeRow, orgUnitsByKeys } from "../../responsibility/index.js";
import { authorizeApproveCompanies, authorizeCoordinate, authorizeCoordinateWork, canApproveCompanies } from "../policies.js";
import { unitKeysOf, consentsOf, findCompany, findConflicts, findEventConflicts, findRoadwork, listCompanies, listForStaff, membersOf, openMunicipalityConsents, openMunicipalityChangeConsents, extensionsOf, partyContactsFor, signerOf, specialUseOf, subjectOf, type RoadworkRow } from "../queries.js";
import { companyApprover, companyMemberAdder } from "../commands/companies.js";
import { applicationRefuser, consentRecorder, consentRequester, orderIssuer } from "../commands/coordination.js";
import { boundsOf, checkPeriod, isParty, MAX_DAYS_WITHOUT_EXTENSION, parseGeometry, PARTIES, refusalFeeCents, specialUseFeeCents } from "../rules.js";
import type { ChangeConflict, RoadGeometry } from "../db.js";
import { specialUseDecider } from "../commands/specialUse.js";
import { insideTownCorrector } from "../commands/insideTown.js";
import { earlyEnder, extensionConsentRecorder, extensionDecider, extensionRequester } from "../commands/extensions.js";
import { roadworksSpecialUseMessages } from "../messagesSpecialUse.js";
import { berlinDate } from "../../../platform/time/berlin.js";
import { roadworksMessages } from "../messages.js";
import { roadworksCoordinationMessages } from "../messagesCoordination.js";
import { changeMail, changeNoticePdf, coordinatesText, locationText, orderPdf, partyMail, refusalPdf, specialUsePdf, type ChangeNoticeInput } from "../presenters.js";
import { specialUseRoadOwner } from "../authority.js";
import { StaffDetailPage, StaffListPage } from "./staffViews.js";

const formLimit = { rateLimit: { max: 60, timeWindow: 60_000 } };
const NOTICES: Record<string, string> = { abgelehnt: "roadworks.staff.done.refused", geaendert: "roadworks.staff.done.changed", beteiligt: "roadworks.staff.done.requested", erfasst: "roadworks.staff.done.recorded", angeordnet: "roadworks.staff.done.ordered", freigegeben: "roadworks.staff.done.approved", zugeordnet: "roadworks.staff.done.member", stellungnahme: "roadworks.party.thanks", sondernutzung: "roadworks.su.done", verlaengerung: "roadworks.ext.done.requested", verlaengerungErfasst: "roadworks.ext.done.recorded", verlaengert: "roadworks.ext.done.granted", verlaengerungAbgelehnt: "roadworks.ext.done.refused", vorzeitig: "roadworks.early.done", ortslage: "roadworks.insideTown.done" };
const de = translatorFor(roadworksMessages, roadworksCoordinationMessages, roadworksSpecialUseMessages)("de");

export async function staffPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const ctxOf = (req: FastifyRequest): CommandContext => ({ actor: req.actor(), db, requestId: req.id });

  /** The account's org unit keys after the policy (403 for staff who are no road traffic authority). */
  async function coordinator(req: FastifyRequest): Promise<string[]> {
    const keys = await unitKeysOf(db, req.user);
    authorizeCoordinate(req.user, keys, config.countyKey);
    return keys;
  }

  async function renderList(req: FastifyRequest, reply: FastifyReply, memberForm: FormState, status = 200, notice?: string) {
    const keys = await coordinator(req);
    const units = req.user?.isAdmin ? "all" : (req.user?.orgUnitIds ?? []);
    // The municipalities whose administration the account belongs to (org units gem-<AGS>): their open consents.
    const ownAgs = keys.filter((k) => k.startsWith("gem-")).map((k) => k.slice(4));
    const approver = canApproveCompanies(req.user, keys, config.countyKey);
    const [rows, companies, firstConsents, changeConsents] = await Promise.all([listForStaff(db, units), approver ? listCompanies(db) : [], openMunicipalityConsents(db, ownAgs), openMunicipalityChangeConsents(db, ownAgs)]);
    const municipalityConsents = [...firstConsents, ...changeConsents.map((c) => ({ ...c, change: true }))];
    return reply.page(req.t("roadworks.staff.title"), (ctx) => <StaffListPage ctx={ctx} rows={rows} companies={companies} companiesShown={approver} memberForm={memberForm} municipalityConsents={municipalityConsents} notice={notice ? req.t(notice) : undefined} />, { status, noindex: true });
  }

  /** 403 unless the account approves companies (the county's traffic office, administrators). */
  async function companyKeeper(req: FastifyRequest): Promise<void> {
    authorizeApproveCompanies(req.user, await unitKeysOf(db, req.user), config.countyKey);
  }

  app.get<{ Querystring: { ok?: string } }>("/verwaltung/baustellen", { preHandler: requireStaff }, async (req, reply) => {
    return renderList(req, reply, emptyForm(), 200, NOTICES[req.query.ok ?? ""]);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/baustellen/firmen/:id/freigeben", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    await companyKeeper(req);
    const c = await findCompany(db, req.params.id);
    if (!c) return reply.callNotFound();
    await companyApprover(ctxOf(req), c.id);
    return reply.redirect("/verwaltung/baustellen?ok=freigegeben", 303);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/baustellen/firmen/:id/konten", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    await companyKeeper(req);
    const c = await findCompany(db, req.params.id);
    if (!c) return reply.callNotFound();
    const field = `email-${c.id}`;
    const values = readForm(req.body, [field]);
    const form = validate(values, { [field]: [rules.required(), rules.email()] }, req.t);
    const account = hasErrors(form) ? undefined : await accountIdByEmail(db, values[field] ?? "");
    if (!hasErrors(form) && (!account || account.kind !== "citizen")) form.errors[field] = req.t("roadworks.staff.unknownAccount");
    if (hasErrors(form) || !account) return renderList(req, reply, form, 422);
    await companyMemberAdder(ctxOf(req), c.id, account.id);
    return reply.redirect("/verwaltung/baustellen?ok=zugeordnet", 303);
  });

  /** The work, after the policy: 404 for unknown ids, 403 for staff of another authority. */
  async function load(req: FastifyRequest<{ Params: { id: string } }>): Promise<RoadworkRow | undefined> {
    await coordinator(req);
    const r = await findRoadwork(db, req.params.id);
    if (r) authorizeCoordinateWork(req.user, r);
    return r;
  }

  async function renderDetail(req: FastifyRequest, reply: FastifyReply, r: RoadworkRow, form: FormState, status = 200, notice?: string) {
    const [consents, conflicts, company, file, specialUse, extensions, eventConflicts, roadOwner] = await Promise.all([
      consentsOf(db, r.id),
      findConflicts(db, { ...subjectOf(r), bounds: r }, config.roadworks.conflictMeters),
      r.company_id ? findCompany(db, r.company_id) : undefined,
      r.sign_plan_file ? findFile(db, r.sign_plan_file) : undefined,
      specialUseOf(db, r.id),
      extensionsOf(db, r.id),
      findEventConflicts(db, { ...subjectOf(r), bounds: r }, config.roadworks.conflictMeters),
      specialUseRoadOwner(db, config.countyKey, r),
    ]);
    const signPlan = file ? { id: file.id, name: file.original_name } : undefined;
    // An open change round's conflicts are checked again now (other works and events change after it was requested);
    // the snapshot stored with the round stays the record of the request.
    const open = extensions.open;
    const current = open ? { ...extensions, open: { ...open, conflicts: await changeConflicts(r, open.new_end, open.new_geometry) } } : extensions;
    return reply.page(req.t("roadworks.staff.detail", { reference: r.reference }), (ctx) => <StaffDetailPage ctx={ctx} r={r} company={company?.name ?? "–"} consents={consents} conflicts={conflicts} signPlan={signPlan} specialUse={specialUse} extensions={current} eventConflicts={eventConflicts} roadOwner={roadOwner} form={form} notice={notice ? req.t(notice) : undefined} />, { status, noindex: true });
  }

  app.get<{ Params: { id: string }; Querystring: { ok?: string } }>("/verwaltung/baustellen/:id", { preHandler: requireStaff }, async (req, reply) => {
    const r = await load(req);
    if (!r) return reply.callNotFound();
    return renderDetail(req, reply, r, emptyForm(), 200, NOTICES[req.query.ok ?? ""]);
  });

  app.get<{ Params: { id: string } }>("/verwaltung/baustellen/:id/zeichenplan", { preHandler: requireStaff }, async (req, reply) => {
    const r = await load(req);
    const file = r?.sign_plan_file ? await findFile(db, r.sign_plan_file) : undefined;
    if (!file) return reply.callNotFound();
    return sendStoredFile(reply, file, fileStoreFor(config.files));
  });

  app.post<{ Params: { id: string } }>("/verwaltung/baustellen/:id/beteiligen", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    const r = await load(req);
    if (!r) return reply.callNotFound();
    if (r.status !== "submitted") return reply.redirect(`/verwaltung/baustellen/${r.id}`, 303);
    // The municipality's address: its office's e-mail in the org units, else the configured one; police station and
    // bus operator: the ones staff set for the municipality, else the county-wide configured ones.
    const unit = (await orgUnitsByKeys(db, [`gem-${r.ags}`]))[0];
    const [office, area] = await Promise.all([unit ? findOfficeRow(db, unit.id) : undefined, partyContactsFor(db, r.ags)]);
    const { police, bus, municipality } = config.roadworks.partyEmails;
    const emails = { police: area.police?.email ?? police, bus: area.bus?.email ?? bus, municipality: office?.email || municipality };
    const names = { police: area.police?.name, bus: area.bus?.name, municipality: office?.name };
    await consentRequester(ctxOf(req), r.id, PARTIES, new Date(), { work: r, emails, names, publicUrl: config.publicUrl, graceDays: config.roadworks.answerGraceDays, mail: partyMail(de) });
    return reply.redirect(`/verwaltung/baustellen/${r.id}?ok=beteiligt`, 303);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/baustellen/:id/zustimmung", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    const r = await load(req);
    if (!r) return reply.callNotFound();
    const party = readForm(req.body, ["party"] as const).party;
    if (!isParty(party) || r.status !== "coordination") return reply.callNotFound();
    const values = readForm(req.body, [`antwort-${party}`, `auflage-${party}`]);
    const form = validate(values, { [`auflage-${party}`]: [rules.maxLength(2000)] }, req.t);
    const answer = values[`antwort-${party}`];
    if (answer !== "consent" && answer !== "refusal") form.errors[`antwort-${party}`] = req.t("roadworks.error.choose");
    if (hasErrors(form)) return renderDetail(req, reply, r, form, 422);
    const done = await consentRecorder(ctxOf(req), r.id, party, { kind: answer as "consent" | "refusal", condition: values[`auflage-${party}`] ?? "" });
    if (!done) return reply.callNotFound();
    return reply.redirect(`/verwaltung/baustellen/${r.id}?ok=erfasst`, 303);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/baustellen/:id/anordnen", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    const r = await load(req);
    if (!r) return reply.callNotFound();
    const consents = await consentsOf(db, r.id);
    if (r.status !== "coordination" || consents.length !== PARTIES.length || !consents.every((c) => c.answer === "consent")) return renderDetail(req, reply, r, { values: {}, errors: { beteiligung: req.t("roadworks.staff.notReady") } }, 409);
    const company = r.company_id ? await findCompany(db, r.company_id) : undefined;
    const applicant = r.created_by ? await findMailContact(db, r.created_by) : undefined;
    const to = [company?.email, applicant?.email].filter((x): x is string => !!x);
    const [signPlan, roadOwner, signer] = await Promise.all([r.sign_plan_file ? findFile(db, r.sign_plan_file) : undefined, specialUseRoadOwner(db, config.countyKey, r), signerOf(db, req.user, r.authority_unit)]);
    await orderIssuer(ctxOf(req), r.id, {
      to,
      publicUrl: config.publicUrl,
      signer,
      // The same PDF as /baustellen/:id/anordnung.pdf renders, for the order's moment and with its signer.
      pdf: (orderedAt) => orderPdf({ ...r, ordered_at: orderedAt, order_signed_by: signer.name, order_signed_unit: signer.unit }, consents, de, { company: company?.name ?? "–", signPlanName: signPlan?.original_name, roadOwner }),
      filename: `anordnung-${r.reference}.pdf`,
      subject: de("roadworks.order.mailSubject", { reference: r.reference }),
      text: (url) => de("roadworks.order.mailText", { title: r.title, reference: r.reference, url, authority: r.authority_name }),
    });
    return reply.redirect(`/verwaltung/baustellen/${r.id}?ok=angeordnet`, 303);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/baustellen/:id/ablehnen", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    const r = await load(req);
    if (!r) return reply.callNotFound();
    if (r.status !== "submitted" && r.status !== "coordination") return reply.redirect(`/verwaltung/baustellen/${r.id}`, 303);
    const values = readForm(req.body, ["gruende", "gebuehr"] as const);
    const form = validate(values, { gruende: [rules.required(), rules.maxLength(4000)] }, req.t);
    if (values.gebuehr !== "erheben" && values.gebuehr !== "keine") form.errors.gebuehr = req.t("roadworks.error.choose");
    if (hasErrors(form)) return renderDetail(req, reply, r, form, 422);
    // The fee decision: the refusal's fee by the schedule, or none (e.g. when the authority caused the refusal).
    const feeCents = values.gebuehr === "erheben" ? refusalFeeCents(r.fee_cents) : 0;
    const signedBy = req.user?.displayName || req.user?.email || "–";
    const [consents, company, members] = await Promise.all([consentsOf(db, r.id), r.company_id ? findCompany(db, r.company_id) : undefined, r.company_id ? membersOf(db, r.company_id) : []]);
    // The company's address and every account acting for it (and the applicant, should it have left the company).
    const contacts = await Promise.all([...new Set([...members.map((m) => m.user_id), ...(r.created_by ? [r.created_by] : [])])].map((id) => findMailContact(db, id)));
    const to = [company?.email, ...contacts.map((c) => c?.email)].filter((x): x is string => !!x);
    const reasons = values.gruende.trim();
    const done = await applicationRefuser(ctxOf(req), r.id, {
      reasons,
      feeCents,
      signedBy,
      pdf: (refusedAt) => refusalPdf(r, consents, de, { company: company?.name ?? "–", reasons, refusedAt, feeCents, signedBy }),
      filename: `ablehnung-${r.reference}.pdf`,
      mail: { to, publicUrl: config.publicUrl, subject: de("roadworks.refusal.mailSubject", { reference: r.reference }), text: (url) => de("roadworks.refusal.mailText", { title: r.title, reference: r.reference, url, authority: r.authority_name }) },
    });
    if (!done) return reply.redirect(`/verwaltung/baustellen/${r.id}`, 303);
    return reply.redirect(`/verwaltung/baustellen/${r.id}?ok=abgelehnt`, 303);
  });

  /** Staff correct inside/outside the town (it decides the special use's road owner); audited. */
  app.post<{ Params: { id: string } }>("/verwaltung/baustellen/:id/innerorts", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    const r = await load(req);
    if (!r) return reply.callNotFound();
    const values = readForm(req.body, ["innerorts"] as const);
    if (values.innerorts !== "ja" && values.innerorts !== "nein") return renderDetail(req, reply, r, { values: {}, errors: { innerorts: req.t("roadworks.error.choose") } }, 422);
    await insideTownCorrector(ctxOf(req), r.id, values.innerorts === "ja");
    return reply.redirect(`/verwaltung/baustellen/${r.id}?ok=ortslage#ortslage`, 303);
  });

  /**
   * The special-use permit, decided on its own (ADR 0065): granted (fee by the schedule, optional conditions) or
   * refused (reasons required, no fee), whatever the traffic order's state; the notice is stored and mailed.
   */
  app.post<{ Params: { id: string } }>("/verwaltung/baustellen/:id/sondernutzung", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    const r = await load(req);
    if (!r) return reply.callNotFound();
    const su = await specialUseOf(db, r.id);
    if (!su) return reply.callNotFound();
    if (su.status !== "pending") return reply.redirect(`/verwaltung/baustellen/${r.id}#sondernutzung`, 303);
    const values = readForm(req.body, ["suEntscheidung", "suText"] as const);
    const form = validate(values, { suText: [rules.maxLength(4000)] }, req.t);
    const kind = values.suEntscheidung;
    if (kind !== "granted" && kind !== "refused") form.errors.suEntscheidung = req.t("roadworks.error.choose");
    else if (kind === "refused" && !form.errors.suText && !values.suText.trim()) form.errors.suText = req.t("roadworks.su.reasonsMissing");
    if (hasErrors(form)) return renderDetail(req, reply, r, form, 422);
    const decided = kind as "granted" | "refused";
    const text = values.suText.trim();
    const feeCents = decided === "granted" ? specialUseFeeCents(su.area_m2, r.start_date, r.end_date) : 0;
    const signedBy = req.user?.displayName || req.user?.email || "–";
    const [company, members, roadOwner] = await Promise.all([r.company_id ? findCompany(db, r.company_id) : undefined, r.company_id ? membersOf(db, r.company_id) : [], specialUseRoadOwner(db, config.countyKey, r)]);
    const contacts = await Promise.all([...new Set([...members.map((m) => m.user_id), ...(r.created_by ? [r.created_by] : [])])].map((id) => findMailContact(db, id)));
    const to = [company?.email, ...contacts.map((c) => c?.email)].filter((x): x is string => !!x);
    await specialUseDecider(ctxOf(req), r.id, {
      kind: decided,
      text,
      feeCents,
      signedBy,
      pdf: (decidedAt) => specialUsePdf(r, su, de, { kind: decided, company: company?.name ?? "–", text, feeCents, decidedAt, signedBy, roadOwner }),
      filename: `sondernutzung-${r.reference}.pdf`,
      mail: { to, publicUrl: config.publicUrl, subject: de("roadworks.su.mailSubject", { reference: r.reference }), text: (url) => de("roadworks.su.mailText", { title: r.title, reference: r.reference, status: de(`roadworks.su.status.${decided}`), url, authority: r.authority_name }) },
    });
    return reply.redirect(`/verwaltung/baustellen/${r.id}?ok=sondernutzung`, 303);
  });

  /**
   * Extension or change (ADR 0065): an earlier end with the same area (not before today) applies at once; a later end
   * (within the longest period from the start) or a new area opens a consent round with the parties first.
   */
  app.post<{ Params: { id: string } }>("/verwaltung/baustellen/:id/ende", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    const r = await load(req);
    if (!r || r.status !== "ordered") return reply.callNotFound();
    const values = readForm(req.body, ["neuesEnde", "neueLage", "begruendung"] as const);
    const today = berlinDate(new Date());
    const form = validate(values, { begruendung: [rules.maxLength(2000)] }, req.t);
    const newEnd = values.neuesEnde.trim() || r.end_date;
    const area = values.neueLage.trim() ? parseGeometry(values.neueLage) : undefined;
    if (area && !area.ok) form.errors.neueLage = req.t(`roadworks.error.${area.error}`);
    // One change at a time: while a change round is open neither an early end nor another change (the form is not
    // offered then; this answers a page opened before the round or a second tab) – 409 with the reason.
    const roundOpen = async (early: boolean) => {
      const open = (await extensionsOf(db, r.id)).open;
      const message = req.t(early ? "roadworks.ext.roundOpenEarly" : "roadworks.ext.roundOpenChange", { from: open?.old_end ?? r.end_date, to: open?.new_end ?? "–" });
      return renderDetail(req, reply, r, { values, errors: { verlaengerung: message } }, 409);
    };
    const early = !area && newEnd < r.end_date;
    if ((await extensionsOf(db, r.id)).open) return roundOpen(early);
    if (!values.neuesEnde.trim() && !area) form.errors.neuesEnde = req.t("roadworks.ext.nothing");
    else if (values.neuesEnde.trim()) {
      const err = checkPeriod({ start: r.start_date, end: newEnd, dailyFrom: r.daily_from, dailyTo: r.daily_to }, r.start_date).end;
      if (err) form.errors.neuesEnde = req.t(`roadworks.error.${err}`, { days: MAX_DAYS_WITHOUT_EXTENSION });
      else if ((!area && newEnd === r.end_date) || (newEnd < r.end_date && newEnd < today)) form.errors.neuesEnde = req.t("roadworks.error.newEnd");
    }
    if (hasErrors(form)) return renderDetail(req, reply, r, form, 422);
    // A pure shortening affects nobody more than the order did: it applies at once, as a decision with its notice
    // and a link-only mail to the company (its address and the applying account).
    if (early) {
      const [company, applicant, signer] = await Promise.all([r.company_id ? findCompany(db, r.company_id) : undefined, r.created_by ? findMailContact(db, r.created_by) : undefined, signerOf(db, req.user, r.authority_unit)]);
      const to = [company?.email, applicant?.email].filter((x): x is string => !!x);
      const done = await earlyEnder(ctxOf(req), r.id, {
        end: newEnd,
        reason: values.begruendung.trim(),
        signer,
        mail: { to, publicUrl: config.publicUrl, subject: de("roadworks.early.mailSubject", { reference: r.reference }), text: (url) => de("roadworks.early.mailText", { authority: r.authority_name, title: r.title, reference: r.reference, end: newEnd, from: r.end_date, url, mine: `${config.publicUrl}/baustellen/meine` }) },
      });
      if (done === "round_open") return roundOpen(true);
      if (!done) return reply.redirect(`/verwaltung/baustellen/${r.id}#verlaengerung`, 303);
      return reply.redirect(`/verwaltung/baustellen/${r.id}?ok=vorzeitig`, 303);
    }
    const unit = (await orgUnitsByKeys(db, [`gem-${r.ags}`]))[0];
    const [office, contacts] = await Promise.all([unit ? findOfficeRow(db, unit.id) : undefined, partyContactsFor(db, r.ags)]);
    const { police, bus, municipality } = config.roadworks.partyEmails;
    const emails = { police: contacts.police?.email ?? police, bus: contacts.bus?.email ?? bus, municipality: office?.email || municipality };
    const reason = values.begruendung.trim();
    const newGeometry = area?.ok ? area.geometry : null;
    const conflicts = await changeConflicts(r, newEnd, newGeometry);
    const opened = await extensionRequester(ctxOf(req), r.id, { newEnd, newGeometry, reason, conflicts }, {
      work: { ...r, newEnd, newArea: newGeometry ? coordinatesText(newGeometry) : null, reason },
      emails,
      publicUrl: config.publicUrl,
      graceDays: config.roadworks.answerGraceDays,
      mail: changeMail(de),
    });
    if (!opened) return roundOpen(false); // opened meanwhile (the work is ordered, checked above)
    return reply.redirect(`/verwaltung/baustellen/${r.id}?ok=verlaengerung`, 303);
  });

  /**
   * The changed period and area checked like a first application (findConflicts, findEventConflicts): other works and
   * known events overlapping the work's start to the new end, on the same road or near the (new) site or its detour.
   */
  async function changeConflicts(r: RoadworkRow, newEnd: string, newGeometry: RoadGeometry | null): Promise<ChangeConflict[]> {
    const geometry = newGeometry ?? r.geometry;
    const subject = { ...subjectOf(r), end: newEnd, geometry, bounds: newGeometry ? boundsOf(newGeometry, r.detour) : r };
    const [works, events] = await Promise.all([findConflicts(db, subject, config.roadworks.conflictMeters), findEventConflicts(db, subject, config.roadworks.conflictMeters)]);
    return [
      ...works.map((c): ChangeConflict => ({ kind: "roadwork", id: c.other.id, title: c.other.title, place: locationText(c.other), start: c.other.start_date, end: c.other.end_date, closure: c.other.closure, reason: c.reason })),
      ...events.map((c): ChangeConflict => ({ kind: "event", title: c.event.name, place: `${c.event.road_name}, ${c.event.municipality}`, start: c.event.start_date, end: c.event.end_date, reason: c.reason })),
    ];
  }

  app.post<{ Params: { id: string } }>("/verwaltung/baustellen/:id/verlaengerung/zustimmung", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    const r = await load(req);
    if (!r) return reply.callNotFound();
    const { party, verlaengerung } = readForm(req.body, ["party", "verlaengerung"] as const);
    if (!isParty(party)) return reply.callNotFound();
    const values = readForm(req.body, [`ext-antwort-${party}`, `ext-text-${party}`]);
    const form = validate(values, { [`ext-text-${party}`]: [rules.maxLength(2000)] }, req.t);
    const answer = values[`ext-antwort-${party}`];
    if (answer !== "consent" && answer !== "refusal") form.errors[`ext-antwort-${party}`] = req.t("roadworks.error.choose");
    if (hasErrors(form)) return renderDetail(req, reply, r, form, 422);
    const done = await extensionConsentRecorder(ctxOf(req), r.id, verlaengerung, party, { kind: answer as "consent" | "refusal", text: (values[`ext-text-${party}`] ?? "").trim() });
    if (!done) return reply.callNotFound();
    return reply.redirect(`/verwaltung/baustellen/${r.id}?ok=verlaengerungErfasst`, 303);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/baustellen/:id/verlaengerung/entscheiden", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    const r = await load(req);
    if (!r) return reply.callNotFound();
    const { verlaengerung, entscheidung } = readForm(req.body, ["verlaengerung", "entscheidung"] as const);
    if (entscheidung !== "granted" && entscheidung !== "refused") return reply.callNotFound();
    // The company learns the decision by mail (its address and the applying account), with the link to its list.
    const open = (await extensionsOf(db, r.id)).open;
    const applicant = r.created_by ? await findMailContact(db, r.created_by) : undefined;
    const end = entscheidung === "granted" && open ? open.new_end : r.end_date;
    // Granted: the change notice (Änderungsbescheid), as /baustellen/:id/aenderung/:ext/bescheid.pdf renders it; the order link stays.
    const [consents, company, signer] = await Promise.all([consentsOf(db, r.id), r.company_id ? findCompany(db, r.company_id) : undefined, signerOf(db, req.user, r.authority_unit)]);
    const granted = entscheidung === "granted" && open?.id === verlaengerung ? open : undefined;
    const notice = granted
      ? { filename: `aenderung-${r.reference}.pdf`, pdf: (answers: ChangeNoticeInput["answers"], decidedAt: Date) => changeNoticePdf(r, { kind: "round", old_end: granted.old_end, new_end: granted.new_end, old_geometry: r.geometry, new_geometry: granted.new_geometry, reason: granted.reason, decided_at: decidedAt, answers, signed_by: signer.name, signed_unit: signer.unit }, consents, de, { company: company?.name ?? "–" }) }
      : undefined;
    const to = [company?.email, applicant?.email].filter((x): x is string => !!x);
    const notify = { notice, to, signer, subject: de("roadworks.ext.decidedSubject", { reference: r.reference }), text: de("roadworks.ext.decidedText", { title: r.title, reference: r.reference, status: de(`roadworks.ext.status.${entscheidung}`), end, notice: notice ? `${de("roadworks.ext.decidedNotice")}\n` : "", url: `${config.publicUrl}/baustellen/meine`, authority: r.authority_name }) };
    const out = await extensionDecider(ctxOf(req), r.id, verlaengerung, entscheidung, new Date(), notify);
    if (out === "gone") return reply.callNotFound();
    if (out === "not_ready") return renderDetail(req, reply, r, { values: {}, errors: { verlaengerung: req.t("roadworks.ext.notReady") } }, 409);
    return reply.redirect(`/verwaltung/baustellen/${r.id}?ok=${entscheidung === "granted" ? "verlaengert" : "verlaengerungAbgelehnt"}`, 303);
  });
}
