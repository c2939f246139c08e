import path from "node:path";
import { fileURLToPath } from "node:url";

/** The shipped form definitions and the dog tax rates (data/forms). */
export const FORMS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../data/forms");
