import type { FormRow } from "./queries.js";
import type { FormSummary } from "./schemas.js";

/** A form in lists: id, title and the LeiKa keys of its services. */
export const presentFormSummary = (f: FormRow): FormSummary => ({ id: f.id, title: f.title, leikaKeys: f.leikaKeys });

/** A form's definition with its JSON Schema. */
export const presentForm = (f: FormRow) => ({ ...f.definition, id: f.id, version: f.version, title: f.title, leikaKeys: f.leikaKeys, jsonSchema: f.jsonSchema });
