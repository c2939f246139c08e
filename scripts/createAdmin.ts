/**
 * `npm run admin:create -- --email it@landkreis.de --name "IT-Administration"`: creates the first
 * administrator of a production installation (no demo data there) and prints the one-time link
 * with which the person sets a password (valid 7 days). The link is also mailed when SMTP_URL is set.
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../src/platform/config.js";
import { startEmbeddedDatabase } from "../src/platform/db/embedded.js";
import { createDb } from "../src/platform/db/index.js";
import { migrate } from "../src/platform/db/migrate.js";
import { createMailer } from "../src/platform/mail/index.js";
import { systemContext } from "../src/platform/commands.js";
import { staffCreator } from "../src/modules/accounts/index.js";

const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" } } });
if (!values.email || !values.name) {
  process.stderr.write('Aufruf: npm run admin:create -- --email <adresse> --name "<Name>"\n');
  process.exit(2);
}
const config = loadConfig();
const embedded = config.databaseUrl ? undefined : await startEmbeddedDatabase(config.varDir, { log: () => undefined });
const url = config.databaseUrl ?? embedded!.url;
await migrate(url);
const { db } = createDb(url, { max: 2 });
let code = 0;
try {
  const result = await staffCreator(systemContext(db), { email: values.email, displayName: values.name, roles: [{ role: "admin", orgUnitId: null }] });
  if (!result.ok) {
    process.stderr.write("Mit dieser E-Mail-Adresse gibt es bereits ein Konto.\n");
    code = 1;
  } else {
    const link = `${config.publicUrl}/passwort-zuruecksetzen?token=${result.inviteToken}`;
    if (config.smtpUrl) {
      const mailer = createMailer(config.smtpUrl, config.mailFrom);
      await mailer.send({ to: values.email, subject: "Ihr Administrationskonto im Kreisportal", text: `Bitte legen Sie Ihr Passwort fest (7 Tage gültig):\n\n${link}\n` });
      await mailer.close();
    }
    process.stdout.write(`Administrationskonto angelegt. Passwort festlegen: ${link}\n`);
  }
} finally {
  await db.destroy();
  await embedded?.stop();
}
process.exit(code);
