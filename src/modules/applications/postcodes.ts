/**
 * Postcode ↔ municipality (issue 24 item 6): an address's postcode (FIM field F60000246) must belong to the
 * municipality chosen on the same page (a select with the code list "gemeinden"), by the shipped postcode
 * data (geo module). A postcode the data does not know is not refused (the data may lag behind the Post).
 */
import type { Db } from "../../platform/db/index.js";
import { findMunicipality, municipalitiesByPostcode } from "../geo/index.js";
import { walkItems, type AnswerError, type Answers, type FormDefinition } from "../forms/index.js";

const POSTCODE_FIM_ID = "F60000246";
const MUNICIPALITY_CODE_LIST = "gemeinden";

/** Pairs of (postcode field path, municipality field path), both outside repeating groups, by page. */
function postcodePairs(def: FormDefinition): Array<{ page: string; postcode: string; municipality: string }> {
  const municipalities = new Map<string, string>();
  const postcodes: Array<{ page: string; path: string }> = [];
  walkItems(def, (item, path, page) => {
    if (item.kind !== "field") return;
    if (item.type === "select" && item.codeList === MUNICIPALITY_CODE_LIST && !municipalities.has(page.id)) municipalities.set(page.id, path);
    if (item.fim?.id === POSTCODE_FIM_ID) postcodes.push({ page: page.id, path });
  });
  return postcodes.flatMap((p) => (municipalities.has(p.page) ? [{ page: p.page, postcode: p.path, municipality: municipalities.get(p.page)! }] : []));
}

/** A value at a dotted path; undefined inside repeating groups (arrays) or when not answered. */
function valueAt(answers: Answers, path: string): string | undefined {
  let node: unknown = answers;
  for (const seg of path.split(".")) {
    if (!node || typeof node !== "object" || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[seg];
  }
  return typeof node === "string" && node ? node : undefined;
}

/** German errors at the postcode field when it belongs to another municipality (only the given page's with `onlyPage`). */
export async function postcodeErrors(db: Db, def: FormDefinition, answers: Answers, onlyPage?: string): Promise<AnswerError[]> {
  const errors: AnswerError[] = [];
  for (const pair of postcodePairs(def)) {
    if (onlyPage && pair.page !== onlyPage) continue;
    const postcode = valueAt(answers, pair.postcode);
    const ags = valueAt(answers, pair.municipality);
    if (!postcode || !ags) continue;
    const owners = await municipalitiesByPostcode(db, postcode);
    if (!owners.length || owners.some((o) => o.ags === ags)) continue;
    const chosen = (await findMunicipality(db, ags))?.short_name ?? ags;
    const names = [...new Set(owners.map((o) => o.short_name))].join(", ");
    errors.push({
      path: `/${pair.postcode.split(".").join("/")}`,
      message: `Die Postleitzahl ${postcode} gehört nicht zu ${chosen}, sondern zu ${names}. Bitte prüfen Sie die Postleitzahl oder die Gemeinde.`,
    });
  }
  return errors;
}
