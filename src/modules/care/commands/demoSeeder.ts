import { systemContext } from "../../../platform/commands.js";
import type { Db } from "../../../platform/db/index.js";
import { findMunicipality } from "../../geo/index.js";
import { providerCreator } from "./providerSaver.js";
import { placesReporter } from "./placesReporter.js";
import "../db.js";

/**
 * 15 made-up providers of the Enzkreis and Pforzheim (DEMO_DATA=true). Every name ends in "(Demo)" and
 * the rows are marked is_demo, so no one mistakes them for real homes. Places: some fresh, some
 * reported days ago (shown as "nicht aktuell").
 */
const DEMO_PROVIDERS: Array<{
  name: string;
  carrier: string;
  ags: string;
  street: string;
  postcode: string;
  town: string;
  phone: string;
  kinds: string[];
  description: string;
  places: Array<{ kind: string; free: number; daysAgo: number }>;
}> = [
  { name: "Pflegeheim Am Enzufer (Demo)", carrier: "Demo-Diakonie Enz gGmbH", ags: "08236040", street: "Enzstraße 12", postcode: "75417", town: "Mühlacker", phone: "07041 000001", kinds: ["stationaer", "kurzzeit"], description: "Erfundene Einrichtung für die Demo. Wohnbereich für Menschen mit Demenz.", places: [{ kind: "stationaer", free: 1, daysAgo: 0 }, { kind: "kurzzeit", free: 2, daysAgo: 0 }] },
  { name: "Tagespflege Senderhang (Demo)", carrier: "Demo-Sozialstation Mühlacker e. V.", ags: "08236040", street: "Senderstraße 3", postcode: "75417", town: "Mühlacker", phone: "07041 000002", kinds: ["tagespflege"], description: "Erfundene Tagespflege für die Demo, Fahrdienst im Stadtgebiet.", places: [{ kind: "tagespflege", free: 4, daysAgo: 1 }] },
  { name: "Klosterhof-Pflege Maulbronn (Demo)", carrier: "Demo-Stiftung Klosterhof", ags: "08236038", street: "Klosterhof 7", postcode: "75433", town: "Maulbronn", phone: "07043 000003", kinds: ["stationaer", "kurzzeit", "betreutes-wohnen"], description: "Erfundene Einrichtung für die Demo.", places: [{ kind: "stationaer", free: 0, daysAgo: 0 }, { kind: "kurzzeit", free: 1, daysAgo: 5 }, { kind: "betreutes-wohnen", free: 2, daysAgo: 2 }] },
  { name: "Ambulanter Dienst Schlossberg (Demo)", carrier: "Demo-Pflegedienst GmbH", ags: "08236043", street: "Schlossstraße 20", postcode: "75305", town: "Neuenbürg", phone: "07082 000004", kinds: ["ambulant"], description: "Erfundener ambulanter Pflegedienst für die Demo, Touren im oberen Enztal.", places: [{ kind: "ambulant", free: 3, daysAgo: 0 }] },
  { name: "Haus am Schlossberg Neuenbürg (Demo)", carrier: "Demo-Diakonie Enz gGmbH", ags: "08236043", street: "Marktplatz 2", postcode: "75305", town: "Neuenbürg", phone: "07082 000005", kinds: ["stationaer", "kurzzeit", "nachtpflege"], description: "Erfundene Einrichtung für die Demo.", places: [{ kind: "stationaer", free: 2, daysAgo: 8 }, { kind: "kurzzeit", free: 0, daysAgo: 0 }] },
  { name: "Pflegezentrum Kämpfelbach-Aue (Demo)", carrier: "Demo-Pflege Remchingen gGmbH", ags: "08236071", street: "Auenweg 5", postcode: "75196", town: "Remchingen", phone: "07232 000006", kinds: ["stationaer", "kurzzeit", "tagespflege"], description: "Erfundene Einrichtung für die Demo.", places: [{ kind: "kurzzeit", free: 3, daysAgo: 0 }, { kind: "tagespflege", free: 0, daysAgo: 1 }] },
  { name: "Betreutes Wohnen Ispringen (Demo)", carrier: "Demo-Wohnbau Enzkreis", ags: "08236030", street: "Lindenstraße 9", postcode: "75228", town: "Ispringen", phone: "07231 000007", kinds: ["betreutes-wohnen"], description: "Erfundene Wohnanlage für die Demo.", places: [{ kind: "betreutes-wohnen", free: 1, daysAgo: 4 }] },
  { name: "Sozialstation Birkenfeld (Demo)", carrier: "Demo-Sozialstation Birkenfeld e. V.", ags: "08236004", street: "Hauptstraße 40", postcode: "75217", town: "Birkenfeld", phone: "07231 000009", kinds: ["ambulant"], description: "Erfundener ambulanter Pflegedienst für die Demo.", places: [{ kind: "ambulant", free: 2, daysAgo: 1 }] },
  { name: "Seniorenhaus Keltern (Demo)", carrier: "Demo-Seniorenhilfe Keltern gGmbH", ags: "08236070", street: "Weinbergstraße 8", postcode: "75210", town: "Keltern", phone: "07236 000010", kinds: ["stationaer"], description: "Erfundene Einrichtung für die Demo.", places: [{ kind: "stationaer", free: 1, daysAgo: 2 }] },
  { name: "Tagespflege Illingen (Demo)", carrier: "Demo-Diakonie Enz gGmbH", ags: "08236028", street: "Schlossstraße 1", postcode: "75428", town: "Illingen", phone: "07042 000011", kinds: ["tagespflege"], description: "Erfundene Tagespflege für die Demo.", places: [{ kind: "tagespflege", free: 2, daysAgo: 0 }] },
  { name: "Wohnen am Kämpfelbach Königsbach-Stein (Demo)", carrier: "Demo-Wohnbau Enzkreis", ags: "08236076", street: "Bahnhofstraße 15", postcode: "75203", town: "Königsbach-Stein", phone: "07232 000012", kinds: ["betreutes-wohnen", "tagespflege"], description: "Erfundene Wohnanlage mit Tagespflege für die Demo.", places: [{ kind: "betreutes-wohnen", free: 0, daysAgo: 1 }, { kind: "tagespflege", free: 1, daysAgo: 6 }] },
  { name: "Pflegedienst Niefern-Öschelbronn (Demo)", carrier: "Demo-Pflegedienst GmbH", ags: "08236046", street: "Kirchstraße 3", postcode: "75223", town: "Niefern-Öschelbronn", phone: "07233 000013", kinds: ["ambulant"], description: "Erfundener ambulanter Pflegedienst für die Demo.", places: [{ kind: "ambulant", free: 0, daysAgo: 0 }] },
  { name: "Pflegeheim Nordstadt Pforzheim (Demo)", carrier: "Demo-Altenhilfe Pforzheim gGmbH", ags: "08231000", street: "Nordstraße 22", postcode: "75177", town: "Pforzheim", phone: "07231 000014", kinds: ["stationaer", "nachtpflege"], description: "Erfundene Einrichtung für die Demo (Pforzheim, Stadtkreis).", places: [{ kind: "stationaer", free: 3, daysAgo: 0 }, { kind: "nachtpflege", free: 1, daysAgo: 3 }] },
  { name: "Ambulante Pflege Goldstadt (Demo)", carrier: "Demo-Pflegedienst GmbH", ags: "08231000", street: "Westliche Karl-Friedrich-Straße 100", postcode: "75172", town: "Pforzheim", phone: "07231 000015", kinds: ["ambulant"], description: "Erfundener ambulanter Pflegedienst für die Demo.", places: [{ kind: "ambulant", free: 4, daysAgo: 0 }] },
  { name: "Hospiz Goldstadt (Demo)", carrier: "Demo-Hospizverein Pforzheim e. V.", ags: "08231000", street: "Goldweg 1", postcode: "75175", town: "Pforzheim", phone: "07231 000008", kinds: ["hospiz"], description: "Erfundenes Hospiz für die Demo (Pforzheim, Stadtkreis).", places: [{ kind: "hospiz", free: 1, daysAgo: 0 }] },
];

/** Specialisations, languages and access of some demo providers (by name; the rest: none stated). */
const DEMO_FEATURES: Record<string, { specialisations: string[]; languages: string[]; accessible: boolean }> = {
  "Pflegeheim Am Enzufer (Demo)": { specialisations: ["demenz"], languages: ["tr", "it"], accessible: true },
  "Klosterhof-Pflege Maulbronn (Demo)": { specialisations: ["demenz", "palliativ"], languages: ["en"], accessible: true },
  "Haus am Schlossberg Neuenbürg (Demo)": { specialisations: ["beatmung"], languages: ["ru"], accessible: true },
  "Pflegezentrum Kämpfelbach-Aue (Demo)": { specialisations: ["junge-pflege", "demenz"], languages: ["pl", "en"], accessible: true },
  "Pflegeheim Nordstadt Pforzheim (Demo)": { specialisations: ["beatmung", "junge-pflege"], languages: ["tr", "ar", "uk"], accessible: true },
  "Hospiz Goldstadt (Demo)": { specialisations: ["palliativ"], languages: ["en"], accessible: true },
  "Seniorenhaus Keltern (Demo)": { specialisations: ["demenz"], languages: [], accessible: false },
};

/** Creates the demo providers that do not exist yet (by name); idempotent. Returns how many were created. */
export async function seedCareDemo(db: Db, now = new Date()): Promise<number> {
  const existing = new Set((await db.selectFrom("care_providers").select("name").where("is_demo", "=", true).execute()).map((r) => r.name));
  const ctx = systemContext(db);
  let created = 0;
  for (const p of DEMO_PROVIDERS) {
    if (existing.has(p.name)) continue;
    const m = await findMunicipality(db, p.ags);
    if (!m) continue;
    const { id } = await providerCreator(ctx, { name: p.name, carrier: p.carrier, kinds: p.kinds, ags: p.ags, ars: m.ars, street: p.street, postcode: p.postcode, town: p.town, phone: p.phone, email: "", website: "", description: p.description, ...(DEMO_FEATURES[p.name] ?? { specialisations: [], languages: [], accessible: false }), active: true, isDemo: true });
    for (const pl of p.places) await placesReporter(ctx, id, [{ kind: pl.kind, freePlaces: pl.free, availableFrom: null }], new Date(now.getTime() - pl.daysAgo * 86_400_000 - 3_600_000));
    created++;
  }
  return created;
}
