import { rootPath } from "../../platform/paths.js";

/** The shipped form definitions and the dog tax rates (data/forms). */
export const FORMS_DIR = rootPath("data", "forms");
