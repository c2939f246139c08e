import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";
import type { Config } from "../../platform/config.js";
import { systemContext } from "../../platform/commands.js";
import type { Db } from "../../platform/db/index.js";
import { storeUpload } from "../../platform/files/index.js";
import { renderPdf } from "../../platform/pdf/renderPdf.js";
import { addDays, berlinDate, berlinToUtc } from "../../platform/time/berlin.js";
import { findMunicipality } from "../geo/index.js";
import { authorityKey, orgUnitsByKeys } from "../responsibility/index.js";
import { documentAdder } from "./commands/documentAdder.js";
import { pdfPageTexts } from "./pdfText.js";
import { procedureCreator } from "./commands/procedureCreator.js";
import { planStorer } from "./commands/planStorer.js";
import { parseXPlan } from "./xplan/parse.js";
import { XPLAN_DIR, validateXPlan } from "./xplan/validate.js";
import type { PhaseKind, ProcedureKind } from "./db.js";

interface DemoProcedure {
  slug: string;
  ags: string;
  kind: ProcedureKind;
  title: string;
  description: string;
  phase: PhaseKind;
  /** Days before today the period started, and its length in days. */
  startedDaysAgo: number;
  days: number;
  announcement: string;
  document: { title: string; lines: string[] };
  /** XPlanGML sample from data/xplanung/samples (xPlanBox test plans, located in Hamburg: the map shows them there). */
  xplan: string;
}

/** Two plans with a running period (Mühlacker: public display, Remchingen: early participation). Fictitious content. */
export const DEMO_PROCEDURES: readonly DemoProcedure[] = [
  {
    slug: "bebauungsplan-lindach-sued-muehlacker",
    ags: "08236040",
    kind: "bebauungsplan",
    title: "Bebauungsplan „Lindach-Süd“",
    description:
      "Die Stadt Mühlacker will am südlichen Ortsrand von Lindach ein Wohngebiet mit etwa 40 Bauplätzen für Einzel-, Doppel- und Reihenhäuser ausweisen.\n\nDer Entwurf des Bebauungsplans mit textlichen Festsetzungen, Begründung und Umweltbericht liegt öffentlich aus. Sie können dazu Stellung nehmen. (Demodaten, frei erfunden.)",
    phase: "display",
    startedDaysAgo: 7,
    days: 37,
    announcement: "Der Gemeinderat hat am Entwurf festgehalten und die öffentliche Auslegung nach § 3 Abs. 2 BauGB beschlossen.",
    xplan: "BP_6.0.gml",
    document: {
      title: "Entwurf mit textlichen Festsetzungen",
      lines: ["§ 1 Art der baulichen Nutzung: Allgemeines Wohngebiet (WA) nach § 4 BauNVO.", "§ 2 Maß der baulichen Nutzung: Grundflächenzahl 0,4; höchstens zwei Vollgeschosse.", "§ 3 Bauweise: offene Bauweise; Einzel- und Doppelhäuser.", "§ 4 Dachform: Satteldach oder begrüntes Flachdach.", "(Demodaten, frei erfunden.)"],
    },
  },
  {
    slug: "bebauungsplan-ortsmitte-wilferdingen-remchingen",
    ags: "08236071",
    kind: "bebauungsplan",
    title: "Bebauungsplan „Ortsmitte Wilferdingen“",
    description:
      "Die Gemeinde Remchingen plant die Neuordnung der Ortsmitte von Wilferdingen: ein Platz, Geschäfte im Erdgeschoss, Wohnungen darüber und weniger Durchgangsverkehr.\n\nIn der frühzeitigen Beteiligung stellt die Gemeinde die Ziele und zwei Varianten vor und bittet um Anregungen. (Demodaten, frei erfunden.)",
    phase: "early",
    startedDaysAgo: 3,
    days: 28,
    announcement: "Frühzeitige Unterrichtung der Öffentlichkeit über die allgemeinen Ziele und Zwecke der Planung.",
    xplan: "BP_6.0.2_valide.gml",
    document: { title: "Vorentwurf mit zwei Varianten", lines: ["Variante A: Platz an der Hauptstraße, Verkehr über die Bahnhofstraße.", "Variante B: Platz am Rathaus, Tempo 20 in der Ortsmitte.", "(Demodaten, frei erfunden.)"] },
  },
];

/** Renders a small PDF and stores it through the platform file service (checked like any upload); returns the file id. */
async function storeDemoPdf(db: Db, config: Pick<Config, "files">, title: string, lines: string[]): Promise<{ fileId: string; pages: string[] | undefined }> {
  const bytes = renderPdf([{ kind: "title", text: title }, ...lines.map((text) => ({ text, gap: 6 }))], { title, issuer: "Kreisportal (Demodaten)" });
  const dir = await mkdtemp(path.join(os.tmpdir(), "kp-participation-"));
  try {
    const tempPath = path.join(dir, "demo.pdf");
    await writeFile(tempPath, bytes);
    const stored = await storeUpload(systemContext(db), config, { field: "datei", fileName: `${title}.pdf`, tempPath, size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex"), head: bytes.subarray(0, 4100), truncated: false }, { accept: ["application/pdf"], uploaderId: null, purpose: "participation-document", retainUntil: new Date(Date.now() + 3_600_000) });
    if (!stored.ok) throw new Error(`demo PDF refused: ${stored.reason}`);
    return { fileId: stored.file.id, pages: await pdfPageTexts(bytes) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Idempotent demo data (DEMO_DATA=true): the procedures above, each with a PDF, created once (by slug). */
export async function seedParticipationDemo({ db, config, log }: { db: Db; config: Config; log: (m: string) => void }): Promise<number> {
  let created = 0;
  const today = berlinDate(new Date());
  for (const d of DEMO_PROCEDURES) {
    if (await db.selectFrom("participation_procedures").select("id").where("slug", "=", d.slug).executeTakeFirst()) continue;
    const [m, unit] = await Promise.all([findMunicipality(db, d.ags), orgUnitsByKeys(db, [authorityKey(d.ags)]).then((u) => u[0])]);
    if (!m || !unit) continue;
    const start = addDays(today, -d.startedDaysAgo);
    const ctx = systemContext(db);
    const p = await procedureCreator(ctx, {
      slug: d.slug,
      kind: d.kind,
      title: d.title,
      description: d.description,
      ags: d.ags,
      ars: m.ars,
      orgUnitId: unit.id,
      phases: [{ kind: d.phase, startsAt: berlinToUtc(start, 0), endsAt: berlinToUtc(addDays(start, d.days), 0), announcement: d.announcement }],
    });
    const { fileId, pages } = await storeDemoPdf(db, config, d.document.title, d.document.lines);
    await documentAdder(ctx, { procedureId: p.id, fileId, title: d.document.title, addedBy: null, pages });
    created++;
  }
  const plans = await seedDemoPlans(db);
  if (created || plans) log(`demo data loaded: ${created} participation procedures, ${plans} XPlanGML plans (docs/modules/participation.md)`);
  return created;
}

/** Each demo procedure without a plan gets its sample XPlanGML plan, checked like an upload (XSD, then parsed). */
async function seedDemoPlans(db: Db): Promise<number> {
  let n = 0;
  for (const d of DEMO_PROCEDURES) {
    const p = await db.selectFrom("participation_procedures").select("id").where("slug", "=", d.slug).executeTakeFirst();
    if (!p || (await db.selectFrom("participation_plans").select("procedure_id").where("procedure_id", "=", p.id).executeTakeFirst())) continue;
    const gml = (await readFile(path.join(XPLAN_DIR, "samples", d.xplan), "utf8")).replace(/^\uFEFF/, "");
    const check = await validateXPlan(gml);
    if (!check.valid) throw new Error(`demo XPlanGML ${d.xplan} invalid: ${check.errors[0]?.message}`);
    await planStorer(systemContext(db), { procedureId: p.id, gml, plan: parseXPlan(gml), warnings: check.warnings, uploadedBy: null });
    n++;
  }
  return n;
}
