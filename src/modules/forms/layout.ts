import type { FieldDef } from "./definition.js";

/**
 * How many characters the answer to a field is expected to have, for sizing its input (issue 24 item 5):
 * a date "TT.MM.JJJJ" has 10; a number as many as its largest allowed value written the German way
 * ("1.000.000.000,00" for currency), plus a sign when negatives are allowed; a text its maxLength.
 * Undefined: no sensible limit (long or unbounded text) or no text input at all (select, bool, file) —
 * such inputs keep the full width.
 */
export function expectedChars(field: FieldDef): number | undefined {
  switch (field.type) {
    case "date":
      return 10;
    case "number":
    case "currency": {
      const largest = Math.max(Math.abs(field.max ?? 999_999_999), Math.abs(field.min ?? 0));
      const digits = String(Math.floor(largest)).length;
      const grouped = digits + Math.floor((digits - 1) / 3);
      const decimals = field.type === "currency" ? 3 : field.pattern === "integer" ? 0 : 3;
      return grouped + decimals + ((field.min ?? 0) < 0 ? 1 : 0);
    }
    case "text":
      return field.maxLength;
    default:
      return undefined;
  }
}

/**
 * Input widths in characters: 2 and 4 are KERN's own classes (`kern-form-input__input--width-2/-4`), the
 * larger steps the portal's (`kp-input--width-N` in public/app.css, same metric). Longer answers use the
 * full width.
 */
export const INPUT_WIDTHS = [2, 4, 8, 12, 20, 30] as const;
export type InputWidth = (typeof INPUT_WIDTHS)[number];

/** The smallest width step that holds the expected answer; undefined = full width. */
export function inputWidthFor(field: FieldDef): InputWidth | undefined {
  const chars = expectedChars(field);
  if (chars === undefined) return undefined;
  return INPUT_WIDTHS.find((w) => w >= chars);
}
