/**
 * Participation bench:  npx tsx bench/participation.ts
 *
 * Prints one JSON object (progress on stderr). In-process app on a fresh embedded PostgreSQL:
 *  1. 500 statements through the command (reference number, period trigger, audit entry), sequential and
 *     4 at a time: statements/s, p50/p99.
 *  2. The public procedure page (GET /beteiligung/:slug) 1,000 times, 10 at a time: p50/p99, requests/s.
 *  3. The staff CSV export of the 500 statements (incl. its audit entry): ms and bytes.
 *  4. Search documents: `load` of the source with 200 procedures: ms.
 *  5. XPlanGML: XSD check (xmllint-wasm, XPlanGML 6.0.2) and parsing of the two sample plans, 3 rounds: ms each.
 *  6. Agencies: 50 invitations (token, hash, queued mail, audit), each drafted and released through the
 *     commands: p50/p99 of the release (row lock, two-person check, trigger, audit).
 *  7. The weighing table of the 500 statements + 50 agency statements as PDF (renderPdf): ms, bytes, pages.
 */
import os from "node:os";
import { systemContext } from "../src/platform/commands.js";
import { procedureCreator, seedParticipationDemo, statementSubmitter, DEMO_PROCEDURES } from "../src/modules/participation/index.js";
import { loadProcedureDocuments } from "../src/modules/participation/search.js";
import { log, pct, runBench, withBenchApp, withBenchRuntime } from "./support.js";

async function main() {
  await withBenchRuntime("participation", {}, async (bench) => {
    const { config, runtime } = bench;
    const db = runtime.db;
    await seedParticipationDemo({ db, config, log });
    const slug = DEMO_PROCEDURES[0]!.slug;
    const proc = await db.selectFrom("participation_procedures").select(["id"]).where("slug", "=", slug).executeTakeFirstOrThrow();
    const phase = await db.selectFrom("participation_phases").select("id").where("procedure_id", "=", proc.id).executeTakeFirstOrThrow();
    const submit = (i: number) =>
      statementSubmitter(systemContext(db), { procedureId: proc.id, phaseId: phase.id, userId: null, name: `Bench ${i}`, street: "Bahnhofstraße 1", postcode: "75417", city: "Mühlacker", email: null, body: `Stellungnahme Nummer ${i}: Bitte die Bäume am Nordrand erhalten.` });

    const seqLat: number[] = [];
    const SEQ = 250;
    const s0 = performance.now();
    for (let i = 0; i < SEQ; i++) {
      const a = performance.now();
      const r = await submit(i);
      if (!r.ok) throw new Error("refused");
      seqLat.push(performance.now() - a);
    }
    const seqWall = performance.now() - s0;
    const parLat: number[] = [];
    const PAR = 250;
    let next = 0;
    const p0 = performance.now();
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < PAR) {
          const i = SEQ + next++;
          const a = performance.now();
          const r = await submit(i);
          if (!r.ok) throw new Error("refused");
          parLat.push(performance.now() - a);
        }
      }),
    );
    const parWall = performance.now() - p0;
    log("statements done");

    const unit = await db.selectFrom("participation_procedures").select("org_unit_id").where("id", "=", proc.id).executeTakeFirstOrThrow();
    for (let i = 0; i < 198; i++) {
      await procedureCreator(systemContext(db), { kind: "bebauungsplan", title: `Bebauungsplan Bench ${i}`, description: "Bench", ags: "08236040", ars: "082365004040", orgUnitId: unit.org_unit_id, phases: [{ kind: "display", startsAt: new Date(Date.now() - 86_400_000), endsAt: new Date(Date.now() + 86_400_000 * 30) }] });
    }
    const l0 = performance.now();
    const docs = await loadProcedureDocuments(db);
    const loadMs = performance.now() - l0;

    await withBenchApp(bench, { listen: false }, async (app) => {
      const REQUESTS = 1000;
      const lat: number[] = [];
      const statuses: Record<string, number> = {};
      let n = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          while (n < REQUESTS) {
            n++;
            const a = performance.now();
            const res = await app.inject({ url: `/beteiligung/${slug}` });
            lat.push(performance.now() - a);
            statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          }
        }),
      );
      const pageWall = performance.now() - t0;
      log("pages done");

      // The export through its route needs a signed-in administrator: measure the same work the route does.
      const { listStatements } = await import("../src/modules/participation/queries.js");
      const { statementAccessRecorder } = await import("../src/modules/participation/commands/considerationRecorder.js");
      const { toCsv } = await import("../src/platform/csv.js");
      const e0 = performance.now();
      const rows = await listStatements(db, proc.id);
      await statementAccessRecorder(systemContext(db), { procedureId: proc.id, action: "exported", count: rows.length });
      const csv = toCsv(["reference", "submitted", "name", "body"], rows.map((r) => [r.reference, r.submittedAt.toISOString(), r.name, r.body]));
      const exportMs = performance.now() - e0;

      const { readFileSync } = await import("node:fs");
      const { XPLAN_DIR, validateXPlan } = await import("../src/modules/participation/xplan/validate.js");
      const { parseXPlan } = await import("../src/modules/participation/xplan/parse.js");
      const xplan: Record<string, { bytes: number; validateMs: number[]; parseMs: number; valid: boolean }> = {};
      for (const f of ["BP_6.0.gml", "BP_6.0.2_valide.gml"]) {
        const gml = readFileSync(`${XPLAN_DIR}/samples/${f}`, "utf8");
        const times: number[] = [];
        let valid = true;
        for (let i = 0; i < 3; i++) {
          const v0 = performance.now();
          valid = (await validateXPlan(gml)).valid && valid;
          times.push(Math.round(performance.now() - v0));
        }
        const p0 = performance.now();
        parseXPlan(gml);
        xplan[f] = { bytes: Buffer.byteLength(gml), validateMs: times, parseMs: Math.round((performance.now() - p0) * 10) / 10, valid };
      }
      log("xplan done");

      const { agencyInviter, agencyDraftSaver, agencyReleaser } = await import("../src/modules/participation/commands/agencyWork.js");
      const { weighingItems } = await import("../src/modules/participation/queries.js");
      const { weighingPdf } = await import("../src/modules/participation/pages/agencyRoutes.js");
      const { translatorFor } = await import("../src/platform/i18n/index.js");
      const { participationMessages } = await import("../src/modules/participation/messages.js");
      const { participationAgencyMessages } = await import("../src/modules/participation/agencyMessages.js");
      const lastDay = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
      const releaseLat: number[] = [];
      for (let i = 0; i < 50; i++) {
        const inv = await agencyInviter(systemContext(db), { procedureId: proc.id, agencyName: `Behörde ${i}`, email: `toeb${i}@example.org`, lastDay, graceDays: 30, invitedBy: null, mail: () => ({ subject: "Einladung", text: "Link" }) });
        const d = await agencyDraftSaver(systemContext(db), { invitationId: inv.id, body: `Stellungnahme der Behörde ${i}: keine Bedenken.`, authorName: "Anna Berg" });
        const a = performance.now();
        const r = await agencyReleaser(systemContext(db), { invitationId: inv.id, releasedByName: "Jonas Ott" });
        releaseLat.push(performance.now() - a);
        if (!d.ok || !r.ok) throw new Error("agency refused");
      }
      log("agencies done");
      const w0 = performance.now();
      const items = await weighingItems(db, proc.id);
      const pdf = weighingPdf(translatorFor(participationMessages, participationAgencyMessages)("de"), (await import("../src/modules/participation/queries.js").then((q) => q.findProcedure(db, { id: proc.id })))!, "Mühlacker", items);
      const pdfMs = performance.now() - w0;
      const pdfPages = (pdf.toString("latin1").match(/\/Type\s*\/Page\b/g) ?? []).length;
      log("weighing pdf done");

      const result = {
        statements: {
          sequential: { count: SEQ, perSecond: Math.round(SEQ / (seqWall / 1000)), p50Ms: pct(seqLat, 50), p99Ms: pct(seqLat, 99) },
          concurrent4: { count: PAR, perSecond: Math.round(PAR / (parWall / 1000)), p50Ms: pct(parLat, 50), p99Ms: pct(parLat, 99) },
        },
        procedurePage: { requests: REQUESTS, concurrency: 10, statuses, p50Ms: pct(lat, 50), p99Ms: pct(lat, 99), requestsPerSecond: Math.round(REQUESTS / (pageWall / 1000)) },
        csvExport: { statements: rows.length, ms: Math.round(exportMs), bytes: Buffer.byteLength(csv) },
        searchLoad: { procedures: docs.length, ms: Math.round(loadMs) },
        xplan,
        agencyRelease: { agencies: releaseLat.length, p50Ms: pct(releaseLat, 50), p99Ms: pct(releaseLat, 99) },
        weighingPdf: { items: items.length, ms: Math.round(pdfMs), bytes: pdf.length, pages: pdfPages },
        loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
      };
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      if ((statuses["200"] ?? 0) !== REQUESTS || rows.length !== SEQ + PAR || Object.values(xplan).some((x) => !x.valid)) process.exitCode = 1;
    });
  });
}

runBench(main);
