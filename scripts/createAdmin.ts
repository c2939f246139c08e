/**
 * `npm run admin:create -- --email it@landkreis.de --name "IT-Administration"`: creates the first
 * administrator of a production installation (no demo data there) and prints the one-time link
 * with which the person sets a password (valid 7 days). The link is also mailed when SMTP_URL is set.
 */
import { parseArgs } from "node:util";
import { withScriptDatabase } from "./scriptDatabase.js";
import { createMailer } from "../src/platform/mail/index.js";
import { systemContext } from "../src/platform/commands.js";
import { staffCreator } from "../src/modules/accounts/index.js";

const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" } } });
if (!values.email || !values.name) {
  process.stderr.write('Aufruf: npm run admin:create -- --email <adresse> --name "<Name>"\n');
  process.exit(2);
}
const { email, name } = values;
const code = await withScriptDatabase(async (db, config) => {
  const result = await staffCreator(systemContext(db), { email, displayName: name, roles: [{ role: "admin", orgUnitId: null }] });
  if (!result.ok) {
    process.stderr.write("Mit dieser E-Mail-Adresse gibt es bereits ein Konto.\n");
    return 1;
  }
  const link = `${config.publicUrl}/passwort-zuruecksetzen?token=${result.inviteToken}`;
  if (config.smtpUrl) {
    const mailer = createMailer(config.smtpUrl, config.mailFrom);
    await mailer.send({ to: email, subject: "Ihr Administrationskonto im Kreisportal", text: `Bitte legen Sie Ihr Passwort fest (7 Tage gültig):\n\n${link}\n` });
    await mailer.close();
  }
  process.stdout.write(`Administrationskonto angelegt. Passwort festlegen: ${link}\n`);
  return 0;
});
process.exit(code);
