/**
 * `npm run audit:verify [-- --expect-head <hash>]`: checks the audit log's hash chain and exits 1
 * when an entry was changed, removed or inserted. Prints the head hash; anchor it externally
 * (e.g. in the daily operations report) so that removal of the newest entries is detected too.
 */
import { loadConfig } from "../src/platform/config.js";
import { startEmbeddedDatabase } from "../src/platform/db/embedded.js";
import { createDb } from "../src/platform/db/index.js";
import { sealAuditLog, verifyAuditChain } from "../src/platform/audit/index.js";

const config = loadConfig();
const i = process.argv.indexOf("--expect-head");
const expectedHead = i > 0 ? process.argv[i + 1] : undefined;
const embedded = config.databaseUrl ? undefined : await startEmbeddedDatabase(config.varDir, { log: () => undefined });
const { db } = createDb(config.databaseUrl ?? embedded!.url, { max: 2 });
let ok = false;
try {
  // Entries appended since the last sealing run join the chain first, so the printed head covers them.
  await sealAuditLog(db);
  const result = await verifyAuditChain(db, { expectedHead });
  ok = result.ok;
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.stderr.write(ok ? `Audit-Protokoll unversehrt: ${result.entries} Einträge.\n` : `Audit-Protokoll BESCHÄDIGT:\n- ${result.problems.join("\n- ")}\n`);
} finally {
  await db.destroy();
  await embedded?.stop();
}
process.exit(ok ? 0 : 1);
