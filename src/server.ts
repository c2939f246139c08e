import { loadConfig, ConfigError } from "./platform/config.js";
import { openRuntime } from "./platform/runtime.js";
import { EmbeddedDatabaseError } from "./platform/db/embedded.js";
import type { Jobs } from "./platform/jobs/index.js";

/**
 * The application's code (every module), loaded while the database starts and migrates (issue 13: loading the
 * code and starting PostgreSQL were done one after the other; the database mostly waits for its own process).
 */
async function loadServerCode() {
  const [app, geo, responsibility, jobs, catalog, appointments, payments] = await Promise.all([
    import("./app.js"),
    import("./modules/geo/index.js"),
    import("./modules/responsibility/index.js"),
    import("./platform/jobs/index.js"),
    import("./modules/catalog/index.js"),
    import("./modules/appointments/index.js"),
    import("./modules/payments/index.js"),
  ]);
  return { ...app, ...geo, ...responsibility, ...jobs, ...catalog, ...appointments, ...payments };
}

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
  const code = loadServerCode();
  // Awaited below; a failure to load is reported there (not as an unhandled rejection while the database starts).
  code.catch(() => undefined);
  const runtime = await openRuntime(config, log);
  phase("database");
  const { appModules, buildApp, importMasterData, listMunicipalities, loadCounty, servedKreise, ensureMunicipalAuthorities, startJobs, importCatalog, seedServiceUsage, importOffices, seedAppointments, seedDemoOpenItems } = await code;
  phase("code");
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
  await app.ready();
  phase("ready");
  let jobs: Jobs | undefined;
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
      await jobs?.stop(); // a queue still starting stops itself (startJobsUntilRunning)
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
  // The job queue starts after the node takes requests (ADR 0074): requests queue jobs only once it runs
  // (triggerJob), and the cron sweeps pick up what was written meanwhile. A queue that cannot start (the
  // database went away) is tried again with a growing pause, as the node's requests recover by themselves.
  void startJobsUntilRunning(() => startJobs(runtime.databaseUrl, app), () => closing).then((started) => (jobs = started));
  log(`Kreisportal läuft auf ${config.publicUrl}`);
}

async function startJobsUntilRunning(start: () => Promise<Jobs>, closing: () => boolean): Promise<Jobs | undefined> {
  const since = performance.now();
  for (let attempt = 1; !closing(); attempt++) {
    try {
      const started = await start();
      log(`job queue started in ${Math.round(performance.now() - since)} ms${attempt > 1 ? ` (attempt ${attempt})` : ""}`);
      if (closing()) return void (await started.stop());
      return started;
    } catch (err) {
      const pause = Math.min(30_000, 1_000 * 2 ** Math.min(attempt - 1, 5));
      log(`Auftragswarteschlange startet nicht (Versuch ${attempt}, nächster in ${pause / 1000} s): ${err instanceof Error ? err.message : String(err)}`);
      await new Promise((r) => setTimeout(r, pause).unref());
    }
  }
  return undefined;
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof EmbeddedDatabaseError) {
    process.stderr.write(`\nFehler beim Start: ${err.message}\n`);
  } else {
    process.stderr.write(`\nFehler beim Start: ${err instanceof Error ? err.stack : String(err)}\n`);
  }
  process.exit(1);
});
