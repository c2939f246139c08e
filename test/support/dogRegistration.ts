import type { Config } from "../../src/platform/config.js";
import type { Db } from "../../src/platform/db/index.js";
import { systemContext } from "../../src/platform/commands.js";
import { submitApplication } from "../../src/modules/applications/service.js";
import { findForm } from "../../src/modules/applications/queries.js";
import { validAnswers } from "../fixtures/formAnswers.js";

/** A dog registration by a citizen account through the service the web flow uses (the fixture's answers, the dog named `dog`); returns its reference. */
export async function submitDogRegistration(db: Db, config: Config, userId: string, dog = "Bello"): Promise<string> {
  const form = (await findForm(db, "hundesteuer-anmeldung"))!;
  const answers = validAnswers["hundesteuer-anmeldung"] as { hunde: Array<Record<string, unknown>> };
  const out = await submitApplication({ ...systemContext(db), actor: { type: "user", id: userId } }, config, form, { ...answers, hunde: [{ ...answers.hunde[0], name: dog }] }, { source: "json", userId, channel: "web" });
  if (out.kind !== "created") throw new Error(`not created: ${out.kind}`);
  return out.reference;
}
