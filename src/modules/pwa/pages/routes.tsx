/**
 * Routes of the app module: manifest, service worker, icons, offline page, push settings in Mein Konto
 * (topics without JavaScript; the browser subscription from pwa.js) and the waste calendar with its iCal
 * subscription per street.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireLogin, currentUser } from "../../../platform/auth/guards.js";
import { readForm } from "../../../platform/forms.js";
import { berlinDate } from "../../../platform/time/berlin.js";
import type { FormState } from "../../../platform/views/components.js";
import { listMunicipalities, servedKreise } from "../../geo/index.js";
import { BRAND_BLUE, ICON_SIZES, buildServiceWorker, drawIcon, precacheEntries } from "../assets.js";
import { PUSH_TOPICS, type PushTopic } from "../db.js";
import { vapidKeys } from "../push.js";
import { pushPreferencesSaver, pushSubscriptionAdder, pushSubscriptionsRemover, wastePlaceSaver } from "../commands/pushSettings.js";
import { allWasteStreets, pushSettingsOf, wasteDates, wasteMunicipalities, wasteStreet, wasteStreets } from "../queries.js";
import { wasteCalendar } from "../ical.js";
import { OfflinePage, PushSettingsPage, WastePage } from "./views.js";
import { sortGerman } from "../../../platform/i18n/format.js";
import type { Translate } from "../../../platform/i18n/index.js";
import { wasteStreetLabel } from "../presenters.js";
import { matchHouseSection, type HouseMatch } from "../wasteFormats.js";

/** The message at the house-number field for a number that picks no section. */
function houseError(t: Translate, kind: Exclude<HouseMatch<unknown>["kind"], "match">, number: string, street: string): string {
  if (kind === "none") return t("pwa.waste.houseNoSection", { number, street });
  if (kind === "range") return t("pwa.waste.houseRange");
  if (kind === "split") return t("pwa.waste.houseSplit", { number, street, first: /\d+/.exec(number)?.[0] ?? number });
  return t("pwa.waste.houseInvalid");
}

const formLimit = { rateLimit: { max: 30, timeWindow: 60_000 } };
const icsLimit = { rateLimit: { max: 60, timeWindow: 60_000 } };
const ICON_FILES = ICON_SIZES.flatMap((s) => [`icon-${s}.png`, `icon-maskable-${s}.png`]);
const B64URL = /^[A-Za-z0-9_-]+=*$/;

const userCtx = (req: FastifyRequest) => ({ actor: req.actor(), db: req.server.deps.db, requestId: req.id });

export async function pwaRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  // Generated once per app, on first request (icons drawn, service worker bundled).
  const icons = new Map<string, Promise<Buffer>>();
  const icon = (file: string) => {
    if (!icons.has(file)) icons.set(file, drawIcon(Number(/(\d+)\.png$/.exec(file)![1]), file.includes("maskable")));
    return icons.get(file)!;
  };
  const swPromise = precacheEntries().then((precache) => buildServiceWorker(config.varDir, precache));
  swPromise.catch((err) => app.log.error({ err }, "service worker bundle failed"));

  app.get("/manifest.webmanifest", async (req, reply) => {
    const t = req.t;
    return reply
      .type("application/manifest+json; charset=utf-8")
      .header("Cache-Control", "public, max-age=3600")
      .header("Vary", "Accept-Language, Cookie")
      .send({
        id: "/",
        lang: req.locale,
        dir: "ltr",
        name: t("pwa.name", { county: app.deps.county.name }),
        short_name: t("pwa.shortName"),
        description: t("pwa.description"),
        start_url: "/",
        scope: "/",
        display: "standalone",
        background_color: "#ffffff",
        theme_color: BRAND_BLUE,
        icons: ICON_SIZES.flatMap((s) => [
          { src: `/pwa/icon-${s}.png`, sizes: `${s}x${s}`, type: "image/png", purpose: "any" },
          { src: `/pwa/icon-maskable-${s}.png`, sizes: `${s}x${s}`, type: "image/png", purpose: "maskable" },
        ]),
        shortcuts: [
          { name: t("nav.waste"), url: "/abfuhrkalender" },
          { name: t("pwa.settings.title"), url: "/konto/benachrichtigungen" },
        ],
      });
  });

  app.get<{ Params: { file: string } }>("/pwa/:file", async (req, reply) => {
    if (!ICON_FILES.includes(req.params.file)) return reply.code(404).send();
    return reply.type("image/png").header("Cache-Control", "public, max-age=86400").send(await icon(req.params.file));
  });

  app.get("/sw.js", async (_req, reply) =>
    reply.type("text/javascript; charset=utf-8").header("Cache-Control", "no-cache").header("Service-Worker-Allowed", "/").send(await swPromise),
  );

  app.get("/offline", (req, reply) => reply.page(req.t("pwa.offline.title"), (ctx) => <OfflinePage ctx={ctx} />, { noindex: true }));

  // ---- push settings (Mein Konto)
  const streetOptions = async (t: Translate) => {
    const [streets, places] = await Promise.all([allWasteStreets(db), listMunicipalities(db, servedKreise(config))]);
    const name = new Map(places.map((p) => [p.ags, p.short_name]));
    return sortGerman(
      streets.map((s) => ({ value: s.id, label: `${name.get(s.ags) ?? s.ags}: ${wasteStreetLabel(s, t)}` })),
      (o) => o.label,
    );
  };
  const renderSettings = async (req: FastifyRequest, reply: FastifyReply, state: { form?: FormState; saved?: boolean; removed?: boolean }, status = 200) => {
    const user = currentUser(req);
    const [settings, streets, keys] = await Promise.all([pushSettingsOf(db, user.id), streetOptions(req.t), vapidKeys(db, config)]);
    const form = state.form ?? { values: { topics: settings.topics.join(" "), wasteStreet: settings.wasteStreetId ?? "", wasteHouseNumber: settings.wasteHouseNumber ?? "" }, errors: {} };
    return reply.page(req.t("pwa.settings.title"), (ctx) => <PushSettingsPage ctx={ctx} view={{ form, devices: settings.devices, saved: !!state.saved, removed: !!state.removed, streets, vapidPublicKey: keys.publicKey }} />, { noindex: true, status });
  };

  app.get<{ Querystring: { gespeichert?: string; aus?: string } }>("/konto/benachrichtigungen", { preHandler: requireLogin }, (req, reply) =>
    renderSettings(req, reply, { saved: req.query.gespeichert === "1", removed: req.query.aus === "1" }),
  );

  app.post("/konto/benachrichtigungen", { preHandler: requireLogin, config: formLimit }, async (req, reply) => {
    const user = currentUser(req);
    const raw = req.body && typeof req.body === "object" ? (req.body as Record<string, unknown>).topics : undefined;
    const asked = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String);
    const { wasteStreet: streetId, wasteHouseNumber: typed } = readForm(req.body, ["wasteStreet", "wasteHouseNumber"] as const);
    const houseNumber = typed.trim().slice(0, 20);
    const form: FormState = { values: { topics: asked.join(" "), wasteStreet: streetId, wasteHouseNumber: houseNumber }, errors: {} };
    if (asked.some((a) => !(PUSH_TOPICS as readonly string[]).includes(a))) form.errors.topics = req.t("pwa.settings.topicInvalid");
    let street = streetId ? await wasteStreet(db, streetId) : undefined;
    if (streetId && !street) form.errors.wasteStreet = req.t("pwa.settings.streetInvalid");
    if (!streetId && houseNumber) form.errors.wasteStreet = req.t("pwa.waste.streetRequired");
    // The house number picks the section of the chosen street name, as on the calendar page.
    if (street && houseNumber) {
      const match = matchHouseSection((await wasteStreets(db, street.ags)).filter((s) => s.street === street!.street), houseNumber);
      if (match.kind === "match") street = match.section;
      else form.errors.wasteHouseNumber = houseError(req.t, match.kind, houseNumber, street.street);
    }
    if (Object.keys(form.errors).length) return renderSettings(req, reply, { form }, 422);
    await pushPreferencesSaver(userCtx(req), { userId: user.id, topics: [...new Set(asked)] as PushTopic[], wasteStreetId: street?.id ?? null, wasteHouseNumber: houseNumber || null });
    return reply.redirect("/konto/benachrichtigungen?gespeichert=1", 303);
  });

  // From pwa.js: the browser's PushSubscription.toJSON() (CSRF token in the body).
  app.post("/konto/benachrichtigungen/geraet", { preHandler: requireLogin, config: formLimit }, async (req, reply) => {
    const user = currentUser(req);
    const body = (req.body ?? {}) as { endpoint?: unknown; keys?: { p256dh?: unknown; auth?: unknown } };
    const endpoint = typeof body.endpoint === "string" ? body.endpoint : "";
    const p256dh = typeof body.keys?.p256dh === "string" ? body.keys.p256dh.replace(/=+$/, "") : "";
    const auth = typeof body.keys?.auth === "string" ? body.keys.auth.replace(/=+$/, "") : "";
    let ok = false;
    try {
      const u = new URL(endpoint);
      ok = (u.protocol === "https:" || (config.env !== "production" && u.protocol === "http:")) && endpoint.length <= 1000;
    } catch {
      ok = false;
    }
    if (!ok || !B64URL.test(p256dh) || p256dh.length < 40 || p256dh.length > 200 || !B64URL.test(auth) || auth.length < 16 || auth.length > 64) {
      return reply.code(422).send({ error: "invalid_subscription" });
    }
    await pushSubscriptionAdder(userCtx(req), { userId: user.id, endpoint, p256dh, auth });
    return reply.code(201).send({ status: "subscribed" });
  });

  app.post("/konto/benachrichtigungen/aus", { preHandler: requireLogin, config: formLimit }, async (req, reply) => {
    await pushSubscriptionsRemover(userCtx(req), { userId: currentUser(req).id });
    return reply.redirect("/konto/benachrichtigungen?aus=1", 303);
  });

  // ---- waste calendar
  const wastePlaces = async () => {
    const [withData, places] = await Promise.all([wasteMunicipalities(db), listMunicipalities(db, servedKreise(config))]);
    return places.filter((p) => withData.includes(p.ags)).map((p) => ({ value: p.ags, label: p.short_name }));
  };

  /**
   * The waste calendar's choice: municipality, street (or section) and the typed house number, which picks the
   * section of the chosen street name (whichever of its sections was chosen). Errors at the fields.
   */
  const resolveWaste = async (t: Translate, input: { ags?: string; streetId: string; houseNumber: string }) => {
    const municipalities = await wastePlaces();
    const { ags, streetId, houseNumber } = input;
    const form: FormState = { values: { gemeinde: ags ?? "", strasse: streetId, hausnummer: houseNumber }, errors: {} };
    const place = municipalities.find((m) => m.value === ags);
    if (ags !== undefined && !place) form.errors.gemeinde = t("pwa.waste.required");
    const all = place ? await wasteStreets(db, place.value) : [];
    const streets = all.map((s) => ({ value: s.id, label: wasteStreetLabel(s, t) }));
    let street = place && streetId ? all.find((s) => s.id === streetId) : undefined;
    if (place && streetId && !street) form.errors.strasse = t("pwa.waste.streetRequired");
    if (place && !streetId && houseNumber) form.errors.strasse = t("pwa.waste.streetRequired");
    let sections: Array<{ href: string; label: string }> | undefined;
    if (street && houseNumber) {
      const siblings = all.filter((s) => s.street === street!.street);
      const match = matchHouseSection(siblings, houseNumber);
      if (match.kind === "match") {
        street = match.section;
        form.values.strasse = street.id;
      } else {
        form.errors.hausnummer = houseError(t, match.kind, houseNumber, street.street);
        if (match.kind === "none") sections = siblings.map((s) => ({ href: `/abfuhrkalender?gemeinde=${encodeURIComponent(s.ags)}&strasse=${s.id}#termine`, label: wasteStreetLabel(s, t) }));
        street = undefined;
      }
    }
    return { form, municipalities, streets, street, place, sections };
  };

  const renderWaste = async (req: FastifyRequest, reply: FastifyReply, input: { ags?: string; streetId: string; houseNumber: string }, saved = false) => {
    const t = req.t;
    const { form, municipalities, streets, street, place, sections } = await resolveWaste(t, input);
    const chosen =
      street && place
        ? { streetId: street.id, street: wasteStreetLabel(street, t), place: place.label, demo: street.isDemo, dates: await wasteDates(db, street.id, berlinDate(new Date())), icsUrl: `${config.publicUrl}/abfuhrkalender/${street.id}.ics` }
        : undefined;
    const status = Object.keys(form.errors).length ? 422 : 200;
    return reply.page(t("pwa.waste.title"), (ctx) => <WastePage ctx={ctx} view={{ form, municipalities, streets, chosen, sections, canSave: !!req.user, saved }} />, { status });
  };

  app.get<{ Querystring: { gemeinde?: string; strasse?: string; hausnummer?: string; gemerkt?: string } }>("/abfuhrkalender", async (req, reply) => {
    let ags = typeof req.query.gemeinde === "string" ? req.query.gemeinde.trim() : undefined;
    let streetId = typeof req.query.strasse === "string" ? req.query.strasse.trim() : "";
    // Kept as typed (bounded) so the person can correct it.
    let houseNumber = typeof req.query.hausnummer === "string" ? req.query.hausnummer.trim().slice(0, 20) : "";
    // Nothing chosen yet: a signed-in person sees the place they saved (section and house number).
    if (ags === undefined && req.user) {
      const saved = await pushSettingsOf(db, req.user.id);
      const street = saved.wasteStreetId ? await wasteStreet(db, saved.wasteStreetId) : undefined;
      if (street) [ags, streetId, houseNumber] = [street.ags, street.id, saved.wasteHouseNumber ?? ""];
    }
    return renderWaste(req, reply, { ags, streetId, houseNumber }, req.query.gemerkt === "1");
  });

  // Saves the shown place (the section matched again from street and house number) for the reminder and the next visit.
  app.post("/abfuhrkalender/merken", { preHandler: requireLogin, config: formLimit }, async (req, reply) => {
    const { strasse, hausnummer } = readForm(req.body, ["strasse", "hausnummer"] as const);
    const houseNumber = hausnummer.trim().slice(0, 20);
    const chosen = await wasteStreet(db, strasse.trim());
    const input = { ags: chosen?.ags ?? "", streetId: strasse.trim(), houseNumber };
    const { form, street } = await resolveWaste(req.t, input);
    if (!street || Object.keys(form.errors).length) return renderWaste(req, reply, input);
    await wastePlaceSaver(userCtx(req), { userId: currentUser(req).id, streetId: street.id, houseNumber: houseNumber || null });
    const query = `gemeinde=${street.ags}&strasse=${street.id}${houseNumber ? `&hausnummer=${encodeURIComponent(houseNumber)}` : ""}`;
    return reply.redirect(`/abfuhrkalender?${query}&gemerkt=1#termine`, 303);
  });

  app.get<{ Params: { id: string } }>("/abfuhrkalender/:id.ics", { config: icsLimit }, async (req, reply) => {
    const street = await wasteStreet(db, req.params.id);
    if (!street) return reply.code(404).type("text/plain; charset=utf-8").send("Not found");
    const place = (await listMunicipalities(db, servedKreise(config))).find((p) => p.ags === street.ags)?.short_name ?? street.ags;
    const dates = await wasteDates(db, street.id, berlinDate(Date.now() - 60 * 86400_000), 500);
    const ics = wasteCalendar({ t: req.t, street: wasteStreetLabel(street, req.t), place, streetId: street.id, host: new URL(config.publicUrl).hostname, dates, demo: street.isDemo });
    return reply.type("text/calendar; charset=utf-8").header("Cache-Control", "public, max-age=3600").header("Content-Disposition", `inline; filename="abfuhrkalender.ics"`).send(ics);
  });
}
