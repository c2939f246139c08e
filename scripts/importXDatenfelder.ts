/**
 * `npx tsx scripts/importXDatenfelder.ts <schema.xml> [--id <form-id>] [--version 1] [--leika 99…] [--anonymous] [--out data/forms] [--codelists data/codelists]`
 * Converts an XDatenfelder 2.0/3.0.0 message into `data/forms/<id>.form.json` (loaded at the next start)
 * and prints the importer's warnings (code lists neither in the message nor in the local genericode store,
 * older code list versions replaced by the newest in the store, file fields, free-text rules).
 * Review the file before committing it: labels, pages, prefill and LeiKa keys are editorial decisions.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { FORMS_DIR, importXDatenfelder, readCodeListStore } from "../src/modules/forms/index.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { id: { type: "string" }, version: { type: "string" }, leika: { type: "string", multiple: true }, anonymous: { type: "boolean" }, out: { type: "string" }, codelists: { type: "string" } },
});
const file = positionals[0];
if (!file) {
  process.stderr.write("Aufruf: npx tsx scripts/importXDatenfelder.ts <schema.xml> [--id …] [--version 1] [--leika …] [--anonymous] [--out data/forms] [--codelists data/codelists]\n");
  process.exit(2);
}
try {
  const codeLists = await readCodeListStore(values.codelists);
  const result = importXDatenfelder(await readFile(file, "utf8"), { id: values.id, version: values.version ? Number(values.version) : undefined, leikaKeys: values.leika ?? [], anonymous: values.anonymous ?? false, codeLists });
  const out = path.join(values.out ?? FORMS_DIR, `${result.definition.id}.form.json`);
  await writeFile(out, `${JSON.stringify(result.definition, null, 2)}\n`);
  process.stdout.write(`${out}: XDatenfelder ${result.xdfVersion}, ${result.definition.pages.length} Seiten\n`);
  const refs = result.codeListReferences;
  if (refs.length) process.stdout.write(`Codelisten: ${refs.filter((r) => r.list).length} von ${refs.length} Verweisen aufgelöst (${codeLists.size} Listen im Verzeichnis)\n`);
  for (const w of result.warnings) process.stdout.write(`Hinweis: ${w}\n`);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
}
