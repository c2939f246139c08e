/** The full check of an XBau message before it is stored as sendable: XSD (XBau 2.6) plus the shipped code lists. */
import { checkCodes } from "./codelists.js";
import { validateXBau, type ValidationResult } from "./validate.js";

export async function checkXBauMessage(xml: string): Promise<ValidationResult> {
  const xsd = await validateXBau(xml);
  const codes = xsd.errors.length > 0 && !xsd.errors.some((e) => e.line) ? [] : checkCodes(xml);
  return { valid: xsd.valid && codes.length === 0, errors: [...xsd.errors, ...codes] };
}
