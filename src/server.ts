import { loadConfig, ConfigError } from "./platform/config.js";
import { openRuntime } from "./platform/runtime.js";
import { EmbeddedDatabaseError } from "./platform/db/embedded.js";
import { appModules, buildApp } from "./app.js";
import { importMasterData, listMunicipalities, loadCounty, servedKreise } from "./modules/geo/index.js";
import { ensureMunicipalAuthorities } from "./modules/responsibility/index.js";
import { startJobs } from "./platform/jobs/index.js";
import { importCatalog, seedServiceUsage } from "./modules/catalog/index.js";
import { importOffices } from "./modules/responsibility/index.js";
import { seedAppointments } from "./modules/appointments/index.js";
import { seedDemoOpenItems } from "./modules/payments/index.js";

const log = (m: string) => process.stderr.write(`${m}\n`);

/** Start-up phases with their milliseconds, printed once the server listens (issue 13: what to skip or cache). */
function phaseTimer() {
  const phases: string[] = [];
  let start = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    phases.push(`${name} ${Math.round(now - start)}`);
    start = now;
  };
  return { phase, phases };
}

async function main() {
  const { phase, phases } = phaseTimer();
  const config = loadConfig();
  const runtime = await openRuntime(config, log);
  phase("database");
  const imported = await importMasterData(runtime.db);
  if (imported.imported) log(`master data loaded: ${imported.areas} areas, ${imported.postcodes} postcodes in ${imported.ms} ms`);
  await ensureMunicipalAuthorities(runtime.db, config);
  await importOffices(runtime.db, config, log);
  phase("masterData+offices");
  const county = await loadCounty(runtime.db, config.countyKey);
  if (config.demoData) {
    const fines = await seedDemoOpenItems(runtime.db);
    if (fines) log(`demo data loaded: ${fines} open fines (docs/modules/payments.md)`);
  }
  await importCatalog(runtime.db);
  phase("catalog");
  if (config.demoData) await seedServiceUsage(runtime.db, (await listMunicipalities(runtime.db, servedKreise(config))).map((m) => m.ags));
  await seedAppointments(runtime.db);
  phase("appointments");
  if (config.demoData) {
    for (const m of appModules) {
      await m.demoData?.({ db: runtime.db, config, log });
      phase(`demo:${m.name}`);
    }
  }
  const app = await buildApp({ config, db: runtime.db, mailer: runtime.mailer, county });
  phase("buildApp");
  // The job queue and the app's ready hooks (search index, schemas) are independent.
  // Each side's own time goes into the phase line (ADR 0061: which of the two holds start-up up).
  const since = performance.now();
  const timed = <T,>(p: Promise<T>, name: string) => p.then((v) => (parts.push(`${name} ${Math.round(performance.now() - since)}`), v));
  const parts: string[] = [];
  const [jobs] = await Promise.all([timed(startJobs(runtime.databaseUrl, app), "jobs"), timed(Promise.resolve(app.ready()), "ready")]);
  phase(`jobs+ready (${parts.join(", ")})`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down");
    // Stop taking requests, let in-flight ones finish, then release resources.
    const timer = setTimeout(() => process.exit(1), 15_000);
    timer.unref();
    try {
      await app.close();
      await jobs.stop();
      await runtime.close();
    } finally {
      process.exit(0);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  await app.listen({ port: config.port, host: config.host });
  phase("listen");
  log(`start-up in ${Math.round(performance.now())} ms since process start (phases, ms: ${phases.join(", ")})`);
  log(`Kreisportal läuft auf ${config.publicUrl}`);
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof EmbeddedDatabaseError) {
    process.stderr.write(`\nFehler beim Start: ${err.message}\n`);
  } else {
    process.stderr.write(`\nFehler beim Start: ${err instanceof Error ? err.stack : String(err)}\n`);
  }
  process.exit(1);
});
