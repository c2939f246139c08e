import { appendAudit } from "../../platform/audit/index.js";
import type { Config } from "../../platform/config.js";
import type { Db } from "../../platform/db/index.js";
import { bumpCatalogVersion } from "../../platform/db/catalogVersion.js";
import { addDays } from "../../platform/time/berlin.js";
import { findMunicipality } from "../geo/index.js";
import type { ListingKind } from "./db.js";
import { today } from "./queries.js";

interface DemoListing {
  key: string;
  kind: ListingKind;
  ags: string;
  title: string;
  description: string;
  area?: number;
  trees?: number;
  varieties?: string;
  publisher: string;
}

const LISTINGS: DemoListing[] = [
  { key: "l1", kind: "meadow_lease", ags: "08236040", title: "Streuobstwiese am Senderhang zu verpachten", description: "Gepflegte Wiese in Südlage, Zufahrt über Feldweg. Pacht gegen Pflege und Ernte, gerne langfristig.", area: 2400, trees: 35, varieties: "Boskoop, Brettacher, Bittenfelder", publisher: "Familie Beispiel (Demo)" },
  { key: "l2", kind: "meadow_care", ags: "08236038", title: "Alte Obstwiese bei Maulbronn abzugeben zur Pflege", description: "Hochstämme, seit zwei Jahren nicht geschnitten. Wer mäht und schneidet, darf ernten.", area: 1800, trees: 22, varieties: "Gewürzluiken, Schweizer Wasserbirne", publisher: "Obst- und Gartenbauverein Maulbronn (Demo)" },
  { key: "l3", kind: "harvest_wanted", ags: "08236033", title: "Erntehelfer für Apfelernte in Knittlingen gesucht", description: "Samstags im Oktober, Auflesen von Mostobst. Vesper und Saft inklusive.", trees: 40, publisher: "Streuobstinitiative Knittlingen (Demo)" },
  { key: "l4", kind: "pressing", ags: "08236040", title: "Lohnmosterei Mühlacker: Mosttermine im Herbst", description: "Annahme ab 100 kg, Saft im Bag-in-Box. Termine nach Absprache, dienstags und samstags.", publisher: "Mosterei Lomersheim (Demo)" },
  { key: "l5", kind: "fruit", ags: "08236043", title: "Äpfel zum Selbstpflücken in Neuenbürg", description: "Tafeläpfel und Mostobst, gegen kleine Spende in die Kasse am Tor.", trees: 12, varieties: "Topaz, Rewena", publisher: "Familie Muster (Demo)" },
  { key: "l6", kind: "tree_care", ags: "08236050", title: "Obstbaumschnitt für Hochstämme", description: "Zertifizierter Obstbaumwart schneidet Hochstämme im Winter. Auch Jungbaumerziehung.", publisher: "Obstbaumwart Ötisheim (Demo)" },
  { key: "l7", kind: "meadow_sale", ags: "08236071", title: "Streuobstgrundstück in Remchingen zu verkaufen", description: "Grundstück im Außenbereich mit Hütte, Bäume teils überaltert.", area: 3100, trees: 28, publisher: "Privat (Demo)" },
  { key: "l8", kind: "harvest_offered", ags: "08236070", title: "Biete Hilfe bei der Obsternte in Keltern", description: "Familie mit zwei Kindern hilft gern beim Auflesen am Wochenende.", publisher: "Familie Helfer (Demo)" },
  { key: "l9", kind: "meadow_lease", ags: "08236046", title: "Obstwiese in Niefern zu verpachten", description: "Ebene Wiese, gut zu mähen, Wasseranschluss in der Nähe.", area: 1500, trees: 18, varieties: "Jakob Fischer, Gehrers Rambur", publisher: "Privat (Demo)" },
  { key: "l10", kind: "pressing", ags: "08236033", title: "Mobile Saftpresse kommt nach Knittlingen", description: "Am Festplatz, Anmeldung für Pressfenster von 30 Minuten.", publisher: "Landratsamt Enzkreis (Demo)" },
  { key: "l11", kind: "fruit", ags: "08236067", title: "Mostbirnen abzugeben in Wimsheim", description: "Mehrere Zentner Mostbirnen, bitte selbst auflesen.", trees: 6, publisher: "Privat (Demo)" },
  { key: "l12", kind: "tree_care", ags: "08236038", title: "Schnittkurs für Streuobstbäume", description: "Praxiskurs an einem Samstag im Februar, Leitern und Sägen werden gestellt.", publisher: "Obst- und Gartenbauverein Maulbronn (Demo)" },
];

const ITEMS = [
  { key: "i1", ags: "08236040", name: "Mobile Saftpresse des Landkreises", description: "Hydraulische Packpresse mit Obstmühle, auf Anhänger. Einweisung bei Abholung.", deposit: 30000, publisher: "Landratsamt Enzkreis (Demo)" },
  { key: "i2", ags: "08236038", name: "Apfelpflücker mit Teleskopstange", description: "Obstpflücker mit Korb, Stange bis 4 m.", deposit: 0, publisher: "Obst- und Gartenbauverein Maulbronn (Demo)" },
  { key: "i3", ags: "08236033", name: "Obstbaumleiter 10 Sprossen", description: "Dreibein-Stehleiter aus Holz, für Hochstämme.", deposit: 2000, publisher: "Streuobstinitiative Knittlingen (Demo)" },
  { key: "i4", ags: "08236043", name: "Mulcher (Schlegelmulcher, Benzin)", description: "Für Wiesen mit Gefälle, Arbeitsbreite 60 cm.", deposit: 10000, publisher: "Privat (Demo)" },
  { key: "i5", ags: "08236040", name: "Auflesenetz und Obstauflesegerät", description: "Netz 6 × 8 m und Rollsammler für Äpfel.", deposit: 0, publisher: "Mosterei Lomersheim (Demo)" },
  { key: "i6", ags: "08236050", name: "Astschere und Baumsäge", description: "Zweihand-Astschere und Bügelsäge, frisch geschärft.", deposit: 1000, publisher: "Obstbaumwart Ötisheim (Demo)" },
];

/** Demo listings and equipment across the Enzkreis (DEMO_DATA=true); idempotent, keeps demo listings from expiring. */
export async function seedOrchardDemo({ db, log }: { db: Db; config: Config; log: (m: string) => void }): Promise<void> {
  const places = new Map<string, { ags: string; ars: string; name: string }>();
  for (const ags of new Set([...LISTINGS, ...ITEMS].map((x) => x.ags))) {
    const m = await findMunicipality(db, ags);
    if (m) places.set(ags, { ags, ars: m.ars, name: m.short_name });
  }
  const expires = addDays(today(), 120);
  let added = 0;
  await db.transaction().execute(async (tx) => {
    for (const l of LISTINGS) {
      const p = places.get(l.ags);
      if (!p) continue;
      const r = await tx
        .insertInto("orchard_listings")
        .values({ kind: l.kind, title: l.title, description: l.description, ags: p.ags, ars: p.ars, municipality_name: p.name, area_m2: l.area ?? null, trees: l.trees ?? null, varieties: l.varieties ?? null, expires_on: expires, owner_id: null, publisher: l.publisher, hidden_reason: null, demo_key: l.key })
        .onConflict((oc) => oc.column("demo_key").doNothing())
        .executeTakeFirst();
      added += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    for (const i of ITEMS) {
      const p = places.get(i.ags);
      if (!p) continue;
      const r = await tx
        .insertInto("orchard_items")
        .values({ name: i.name, description: i.description, ags: p.ags, ars: p.ars, municipality_name: p.name, deposit_cents: i.deposit, owner_id: null, publisher: i.publisher, demo_key: i.key })
        .onConflict((oc) => oc.column("demo_key").doNothing())
        .executeTakeFirst();
      added += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    // Demo listings stay visible: their expiry moves forward when it comes near.
    const renewed = await tx.updateTable("orchard_listings").set({ expires_on: expires }).where("demo_key", "is not", null).where("status", "=", "active").where("expires_on", "<", addDays(today(), 30)).executeTakeFirst();
    added += Number(renewed.numUpdatedRows);
    if (added > 0) {
      await appendAudit(tx, { type: "system", id: null }, { action: "orchards.demo_seeded", details: { rows: added } });
      await bumpCatalogVersion(tx);
    }
  });
  if (added > 0) log(`orchards: ${added} demo rows`);
}
