import type { FastifyInstance, FastifyRequest } from "fastify";
import { requireLogin, requireStaff, currentUser } from "../../../platform/auth/guards.js";
import { readForm, rules, validate, hasErrors } from "../../../platform/forms.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { isDate, berlinDate, addDays } from "../../../platform/time/berlin.js";
import type { CommandContext } from "../../../platform/commands.js";
import { listMunicipalities, findMunicipality, servedKreise } from "../../geo/index.js";
import { accountIdByEmail, findMailContact } from "../../accounts/index.js";
import { CARE_KINDS, isCareKind, isLanguage, isSpecialisation, isStale, parseFreePlaces, RADII, staleDaysOf } from "../kinds.js";
import { allowTiles } from "../../../platform/http/tiles.js";
import { geocoderOf } from "../../../platform/geo/geocoder.js";
import { runProviderSearch, type CareOrigin } from "../search.js";
import { locateInMunicipality } from "../geocoding.js";

import { findProvider, listAllProviders, membersOf, providerIdsOfMember, providersOfMember, type ProviderRow } from "../queries.js";
import { providerCreator, providerUpdater, type ProviderInput } from "../commands/providerSaver.js";
import { placesConfirmer, placesReporter, type PlaceReport } from "../commands/placesReporter.js";
import { memberAdder, memberRemover } from "../commands/memberChanger.js";
import { MinePage, OverviewPage, ProviderPage, ReportPage, type OverviewRow, type Place } from "./views.js";
import { SearchPage } from "./searchView.js";
import { authorizeManagePage, multi, reportableProvider } from "./pageHelpers.js";
import { ProviderFormPage } from "./providerForm.js";

/** The postal address a geocoder is asked for. */
const addressLine = (p: { street: string; postcode: string; town: string }) => `${p.street}, ${p.postcode} ${p.town}`;

const formLimit = { rateLimit: { max: 30, timeWindow: 60_000 } };
const searchLimit = { rateLimit: { max: 120, timeWindow: 60_000 } };

const ctxOf = (app: FastifyInstance, req: FastifyRequest): CommandContext => ({ actor: req.actor(), db: app.deps.db, requestId: req.id });

/** Validates the report form: a number 0..999 for every kind (required), an optional date within a year. */
export function readReportForm(body: unknown, p: Pick<ProviderRow, "kinds">, t: (k: string) => string, today: string): { form: FormState; reports: PlaceReport[] } {
  const kinds = CARE_KINDS.filter((k) => p.kinds.includes(k));
  const fields = kinds.flatMap((k) => [`n_${k}`, `ab_${k}`]);
  const values = readForm(body, fields);
  const form = validate(values, {}, t as never);
  const reports: PlaceReport[] = [];
  for (const k of kinds) {
    const n = parseFreePlaces(values[`n_${k}`]);
    if (n === undefined) form.errors[`n_${k}`] = t("care.report.badNumber");
    const from = values[`ab_${k}`] ?? "";
    if (from !== "" && (!isDate(from) || from > addDays(today, 366))) form.errors[`ab_${k}`] = t("care.report.badDate");
    if (n !== undefined && !form.errors[`ab_${k}`]) reports.push({ kind: k, freePlaces: n, availableFrom: from === "" || from <= today ? null : from });
  }
  return { form, reports };
}

/** The current numbers as form values (the report form starts with what was reported). */
function reportValues(p: ProviderRow): Record<string, string> {
  const v: Record<string, string> = {};
  for (const pl of p.places) {
    v[`n_${pl.kind}`] = String(pl.freePlaces);
    if (pl.availableFrom) v[`ab_${pl.kind}`] = pl.availableFrom;
  }
  return v;
}

function providerValues(p: ProviderRow): Record<string, string> {
  return { name: p.name, carrier: p.carrier, kinds: p.kinds.join(" "), gemeinde: p.ags, street: p.street, postcode: p.postcode, town: p.town, phone: p.phone, email: p.email, website: p.website, description: p.description, specialisations: p.specialisations.join(" "), languages: p.languages.join(" "), accessible: p.accessible ? "yes" : "no", active: p.active ? "yes" : "no" };
}

/** Public search, provider pages, the provider's report page, and the county's pages (Pflegestützpunkt). */
export async function carePages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const places = async (): Promise<Place[]> => (await listMunicipalities(db, servedKreise(config))).map((m) => ({ ags: m.ags, name: m.short_name }));

  // ---- public search (no login)
  app.get<{ Querystring: Record<string, string | string[] | undefined> }>("/pflegeplaetze", { config: searchLimit }, async (req, reply) => {
    const t = req.t;
    const all = await places();
    const values = readForm(req.query, ["gemeinde", "plz", "adresse", "art", "umkreis", "ab", "sprache", "barrierefrei"] as const);
    const spez = [...new Set(multi(req.query, "spez"))].filter(isSpecialisation);
    const form = validate(values, {}, t);
    form.values.spez = spez.join(" ");
    form.values.barrierefrei = multi(req.query, "barrierefrei").includes("ja") ? "ja" : "";
    const now = new Date();
    const today = berlinDate(now);
    if (values.gemeinde && !all.some((p) => p.ags === values.gemeinde)) form.errors.gemeinde = t("care.form.municipalityRequired");
    if (values.plz && !/^\d{5}$/.test(values.plz)) form.errors.plz = t("care.form.postcodeInvalid");
    if (values.adresse.length > 200) form.errors.adresse = t("care.address.tooLong");
    if (values.art && !isCareKind(values.art)) form.errors.art = t("care.form.kindsRequired");
    if (values.ab && (!isDate(values.ab) || values.ab > addDays(today, 366))) form.errors.ab = t("care.public.badDate");
    if (values.sprache && !isLanguage(values.sprache)) form.values.sprache = "";
    const radius = RADII.find((r) => String(r) === values.umkreis);
    if (values.umkreis && !radius) form.values.umkreis = "";
    const searched = Object.values(values).some((v) => v !== "") || spez.length > 0;
    // The one search of page and API (search.ts): origin of a radius search, filters, order.
    let results: ProviderRow[] = [];
    let origin: CareOrigin | undefined;
    if (!hasErrors(form)) {
      const found = await runProviderSearch(
        db,
        config,
        { ags: values.gemeinde || undefined, postcode: values.plz || undefined, address: values.adresse || undefined, kind: values.art || undefined, radius, neededFrom: values.ab || undefined, specialisations: spez, language: form.values.sprache || undefined, accessible: form.values.barrierefrei === "ja" },
        new Set(all.map((p) => p.ags)),
        now,
        geocoderOf(config, (m) => req.log.warn(m)),
      );
      if (found.ok) ({ results, origin } = found);
      else if (found.error === "addressUnknown") form.errors.adresse = t("care.address.unknown");
      else if (found.error === "postcodeUnknown" && values.adresse) form.errors.adresse = t("care.public.postcodeUnknown");
      else if (found.error === "postcodeUnknown") form.errors.plz = t("care.public.postcodeUnknown");
      else form.errors.umkreis = t("care.public.radiusNeedsPlace");
    }
    allowTiles(reply, config.roadworks.tileUrl);
    return reply.page(t("care.public.title"), (ctx) => <SearchPage ctx={ctx} form={form} places={all} results={results} searched={searched} now={now} origin={origin} tileUrl={config.roadworks.tileUrl} staleDays={staleDaysOf(config)} dropAfterDays={config.care.dropAfterDays} />, { status: hasErrors(form) ? 422 : 200 });
  });

  app.get<{ Params: { id: string } }>("/pflegeplaetze/anbieter/:id", async (req, reply) => {
    const p = await findProvider(db, req.params.id);
    // Inactive providers are visible to county staff only.
    if (!p || (!p.active && req.user?.kind !== "staff")) return reply.callNotFound();
    return reply.page(p.name, (ctx) => <ProviderPage ctx={ctx} p={p} now={new Date()} />);
  });

  // ---- provider staff
  app.get("/pflegeplaetze/meine", { preHandler: requireLogin }, async (req, reply) => {
    const user = currentUser(req);
    const list = await providersOfMember(db, user.id);
    return reply.page(req.t("care.mine.title"), (ctx) => <MinePage ctx={ctx} providers={list} now={new Date()} />, { noindex: true });
  });

  app.get<{ Params: { id: string }; Querystring: { ok?: string } }>("/pflegeplaetze/anbieter/:id/melden", { preHandler: requireLogin }, async (req, reply) => {
    const p = await reportableProvider(db, req);
    if (!p) return reply.callNotFound();
    const notice = req.query.ok === "gespeichert" ? "saved" : req.query.ok === "bestaetigt" ? "confirmed" : req.query.ok === "nichts" ? "nothing" : req.query.ok === "eingeladen" ? "invited" : undefined;
    return reply.page(req.t("care.report.title"), (ctx) => <ReportPage ctx={ctx} p={p} form={emptyForm(reportValues(p))} now={new Date()} notice={notice} />, { noindex: true });
  });

  app.post<{ Params: { id: string } }>("/pflegeplaetze/anbieter/:id/melden", { preHandler: requireLogin, config: formLimit }, async (req, reply) => {
    const p = await reportableProvider(db, req);
    if (!p) return reply.callNotFound();
    const now = new Date();
    const { form, reports } = readReportForm(req.body, p, req.t, berlinDate(now));
    if (hasErrors(form)) return reply.page(req.t("care.report.title"), (ctx) => <ReportPage ctx={ctx} p={p} form={form} now={now} />, { status: 422, noindex: true });
    await placesReporter(ctxOf(app, req), p.id, reports, now);
    return reply.redirect(`/pflegeplaetze/anbieter/${p.id}/melden?ok=gespeichert`, 303);
  });

  app.post<{ Params: { id: string } }>("/pflegeplaetze/anbieter/:id/bestaetigen", { preHandler: requireLogin, config: formLimit }, async (req, reply) => {
    const p = await reportableProvider(db, req);
    if (!p) return reply.callNotFound();
    if (p.places.length === 0) return reply.redirect(`/pflegeplaetze/anbieter/${p.id}/melden?ok=nichts`, 303);
    await placesConfirmer(ctxOf(app, req), p.id);
    return reply.redirect(`/pflegeplaetze/anbieter/${p.id}/melden?ok=bestaetigt`, 303);
  });

  // ---- county staff (Pflegestützpunkt)
  app.get("/verwaltung/pflege", { preHandler: requireStaff }, async (req, reply) => {
    await authorizeManagePage(db, req);
    const now = new Date();
    const rows: OverviewRow[] = (await listAllProviders(db)).map((p) => {
      const offered = p.places.filter((pl) => p.kinds.includes(pl.kind));
      const fresh = offered.filter((pl) => !isStale(pl.reportedAt, now));
      const last = offered.reduce<Date | undefined>((m, pl) => (!m || pl.reportedAt > m ? pl.reportedAt : m), undefined);
      return { p, freeFresh: fresh.reduce((s, pl) => s + pl.freePlaces, 0), staleKinds: offered.length - fresh.length, lastReport: last };
    });
    return reply.page(req.t("care.staff.title"), (ctx) => <OverviewPage ctx={ctx} rows={rows} />, { noindex: true });
  });

  async function readProviderForm(req: FastifyRequest, all: Place[]): Promise<{ form: FormState; input?: ProviderInput }> {
    const t = req.t;
    const values = readForm(req.body, ["name", "carrier", "gemeinde", "street", "postcode", "town", "phone", "email", "website", "description", "active"] as const);
    const kinds = [...new Set(multi(req.body, "kinds"))];
    const form = validate(
      values,
      {
        name: [rules.required(), rules.maxLength(200)],
        carrier: [rules.maxLength(200)],
        street: [rules.required(), rules.maxLength(200)],
        postcode: [rules.required()],
        town: [rules.required(), rules.maxLength(100)],
        phone: [rules.maxLength(50)],
        email: [rules.email(), rules.maxLength(200)],
        website: [rules.maxLength(300)],
        description: [rules.maxLength(2000)],
      },
      t,
    );
    form.values.kinds = kinds.join(" ");
    const specialisations = [...new Set(multi(req.body, "specialisations"))].filter(isSpecialisation);
    const languages = [...new Set(multi(req.body, "languages"))].filter(isLanguage);
    form.values.specialisations = specialisations.join(" ");
    form.values.languages = languages.join(" ");
    form.values.accessible = multi(req.body, "accessible").includes("yes") ? "yes" : "no";
    if (kinds.length === 0 || !kinds.every(isCareKind)) form.errors.kinds = t("care.form.kindsRequired");
    if (!all.some((p) => p.ags === values.gemeinde)) form.errors.gemeinde = t("care.form.municipalityRequired");
    if (!form.errors.postcode && !/^\d{5}$/.test(values.postcode)) form.errors.postcode = t("care.form.postcodeInvalid");
    if (!form.errors.website && values.website && !/^https:\/\/[^\s]+\.[^\s]+$/.test(values.website)) form.errors.website = t("care.form.websiteInvalid");
    if (values.active !== "no") form.values.active = "yes";
    if (hasErrors(form)) return { form };
    const m = await findMunicipality(db, values.gemeinde);
    if (!m) return { form: { ...form, errors: { gemeinde: t("care.form.municipalityRequired") } } };
    return {
      form,
      input: { name: values.name, carrier: values.carrier, kinds, ags: m.ags, ars: m.ars, street: values.street, postcode: values.postcode, town: values.town, phone: values.phone, email: values.email, website: values.website, description: values.description, specialisations, languages, accessible: form.values.accessible === "yes", active: values.active !== "no" },
    };
  }

  async function memberViews(providerId: string) {
    const rows = await membersOf(db, providerId);
    const out = [];
    for (const r of rows) out.push({ userId: r.user_id, email: (await findMailContact(db, r.user_id))?.email ?? "–" });
    return out;
  }

  app.get("/verwaltung/pflege/neu", { preHandler: requireStaff }, async (req, reply) => {
    await authorizeManagePage(db, req);
    const all = await places();
    return reply.page(req.t("care.form.newTitle"), (ctx) => <ProviderFormPage ctx={ctx} form={emptyForm({ active: "yes" })} places={all} />, { noindex: true });
  });

  app.post("/verwaltung/pflege/neu", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    await authorizeManagePage(db, req);
    const all = await places();
    const { form, input } = await readProviderForm(req, all);
    if (!input) return reply.page(req.t("care.form.newTitle"), (ctx) => <ProviderFormPage ctx={ctx} form={form} places={all} />, { status: 422, noindex: true });
    const hit = await locateInMunicipality(geocoderOf(config, (m) => req.log.warn(m)), config.countyKey, addressLine(input), input.ags);
    const { id } = await providerCreator(ctxOf(app, req), { ...input, point: hit ? { lat: hit.lat, lon: hit.lon } : null });
    return reply.redirect(`/verwaltung/pflege/${id}?ok=gespeichert`, 303);
  });

  app.get<{ Params: { id: string }; Querystring: { ok?: string } }>("/verwaltung/pflege/:id", { preHandler: requireStaff }, async (req, reply) => {
    await authorizeManagePage(db, req);
    const p = await findProvider(db, req.params.id);
    if (!p) return reply.callNotFound();
    const notices: Record<string, string> = { gespeichert: "care.form.saved", zugeordnet: "care.members.added", entfernt: "care.members.removed" };
    const all = await places();
    const members = await memberViews(p.id);
    return reply.page(req.t("care.form.editTitle"), (ctx) => <ProviderFormPage ctx={ctx} form={emptyForm(providerValues(p))} places={all} provider={p} members={members} memberForm={emptyForm()} notice={notices[req.query.ok ?? ""]} />, { noindex: true });
  });

  app.post<{ Params: { id: string } }>("/verwaltung/pflege/:id", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    await authorizeManagePage(db, req);
    const p = await findProvider(db, req.params.id);
    if (!p) return reply.callNotFound();
    const all = await places();
    const { form, input } = await readProviderForm(req, all);
    if (!input) {
      const members = await memberViews(p.id);
      return reply.page(req.t("care.form.editTitle"), (ctx) => <ProviderFormPage ctx={ctx} form={form} places={all} provider={p} members={members} memberForm={emptyForm()} />, { status: 422, noindex: true });
    }
    // Geocoded again when the address changed or has no point yet; a failed lookup keeps an unchanged address's point.
    const moved = addressLine(input) !== addressLine(p) || input.ags !== p.ags;
    const hit = moved || !p.point ? await locateInMunicipality(geocoderOf(config, (m) => req.log.warn(m)), config.countyKey, addressLine(input), input.ags) : undefined;
    await providerUpdater(ctxOf(app, req), p.id, { ...input, ...(hit ? { point: { lat: hit.lat, lon: hit.lon } } : moved ? { point: null } : {}) });
    return reply.redirect(`/verwaltung/pflege/${p.id}?ok=gespeichert`, 303);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/pflege/:id/konten", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    await authorizeManagePage(db, req);
    const p = await findProvider(db, req.params.id);
    if (!p) return reply.callNotFound();
    const t = req.t;
    const values = readForm(req.body, ["memberEmail"] as const);
    const memberForm = validate(values, { memberEmail: [rules.required(), rules.email()] }, t);
    const account = hasErrors(memberForm) ? undefined : await accountIdByEmail(db, values.memberEmail);
    if (!hasErrors(memberForm) && !account) memberForm.errors.memberEmail = t("care.members.unknown");
    else if (account?.kind === "staff") memberForm.errors.memberEmail = t("care.members.staffAccount");
    if (hasErrors(memberForm) || !account) {
      const all = await places();
      const members = await memberViews(p.id);
      return reply.page(t("care.form.editTitle"), (ctx) => <ProviderFormPage ctx={ctx} form={emptyForm(providerValues(p))} places={all} provider={p} members={members} memberForm={memberForm} />, { status: 422, noindex: true });
    }
    await memberAdder(ctxOf(app, req), p.id, account.id);
    return reply.redirect(`/verwaltung/pflege/${p.id}?ok=zugeordnet`, 303);
  });

  app.post<{ Params: { id: string; userId: string } }>("/verwaltung/pflege/:id/konten/:userId/entfernen", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    await authorizeManagePage(db, req);
    const p = await findProvider(db, req.params.id);
    if (!p || !/^[0-9a-f-]{36}$/i.test(req.params.userId)) return reply.callNotFound();
    const removed = await memberRemover(ctxOf(app, req), p.id, req.params.userId);
    if (!removed) return reply.callNotFound();
    return reply.redirect(`/verwaltung/pflege/${p.id}?ok=entfernt`, 303);
  });
}
