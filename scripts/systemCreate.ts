/**
 * `npm run system:create -- --name "Fachverfahren Bau" --unit lra-08236-baurecht --scopes records:read,records:write [--days 365]`:
 * creates a system account (a staff account without password, member of the org unit) for specialist
 * software and prints its API key once (only its SHA-256 is stored). The key acts with the account's rights
 * under the cases policy (ADR 0034). Administrators list, add and revoke tokens on /verwaltung/akten/systemkonten.
 */
import { parseArgs } from "node:util";
import { withScriptDatabase } from "./scriptDatabase.js";
import { systemContext } from "../src/platform/commands.js";
import { isApiScope, type ApiScope } from "../src/platform/auth/apiTokens.js";
import { systemAccountCreator } from "../src/modules/records/index.js";
import { orgUnitsByKeys } from "../src/modules/responsibility/index.js";

const { values } = parseArgs({ options: { name: { type: "string" }, unit: { type: "string" }, scopes: { type: "string" }, email: { type: "string" }, days: { type: "string" } } });
const scopes = (values.scopes ?? "").split(/[ ,]+/).filter(Boolean);
if (!values.name || !values.unit || !scopes.length || !scopes.every(isApiScope)) {
  process.stderr.write('Aufruf: npm run system:create -- --name "<Name>" --unit <Org-Einheit-Schlüssel> --scopes records:read,records:write,cases:write [--days 365] [--email …]\n');
  process.exit(2);
}
const name = values.name;
const unitKey = values.unit;
const code = await withScriptDatabase(async (db) => {
  try {
    const unit = (await orgUnitsByKeys(db, [unitKey]))[0];
    if (!unit) throw new Error(`Keine Organisationseinheit mit dem Schlüssel ${unitKey}.`);
    const days = Number(values.days ?? 365);
    const created = await systemAccountCreator(systemContext(db), { name, unitId: unit.id, scopes: scopes as ApiScope[], days, ...(values.email ? { email: values.email } : {}) });
    if (!created.ok) throw new Error(created.reason === "email_taken" ? "Es gibt bereits ein Konto mit dieser Adresse." : "Token-Grenze erreicht.");
    const { email, secret } = created;
    process.stdout.write(`Systemkonto ${email} (${unit.name}), Berechtigungen ${scopes.join(", ")}, gültig ${days} Tage.\nAPI-Schlüssel (nur jetzt sichtbar): ${secret}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
});
process.exit(code);
