/**
 * `npm run payment-sandbox`: runs the sandbox payment service on its own.
 *   PAYMENT_SECRET (required, the same as the portal's), PAYMENT_SANDBOX_PORT (3100), PAYMENT_SANDBOX_HOST (127.0.0.1),
 *   PAYMENT_SANDBOX_PUBLIC_URL (what browsers use; default http://host:port).
 * Then start the portal with PAYMENT_PROVIDER=sandbox PAYMENT_URL=http://127.0.0.1:3100 PAYMENT_SECRET=….
 */
import { startSandboxServer } from "./server.js";

const secret = process.env.PAYMENT_SECRET ?? "";
if (secret.length < 32) {
  process.stderr.write("PAYMENT_SECRET muss gesetzt sein (mindestens 32 Zeichen, dieselbe wie im Portal).\n");
  process.exit(1);
}
if (process.env.NODE_ENV === "production") {
  process.stderr.write("Der Sandbox-Bezahldienst läuft nicht mit NODE_ENV=production.\n");
  process.exit(1);
}
const server = await startSandboxServer({
  secret,
  port: Number(process.env.PAYMENT_SANDBOX_PORT ?? 3100),
  host: process.env.PAYMENT_SANDBOX_HOST ?? "127.0.0.1",
  publicUrl: process.env.PAYMENT_SANDBOX_PUBLIC_URL,
  log: (m) => process.stderr.write(`${m}\n`),
});
process.stderr.write(`Sandbox-Bezahldienst (kein echtes Geld) auf ${server.url}\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
