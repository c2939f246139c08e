/**
 * The two keys every module meets, defined once: the Amtlicher Gemeindeschlüssel (AGS, 8 digits) of a
 * municipality and the LeiKa-Leistungsschlüssel (14 digits) of a service. Regexes for code, patterns
 * and TypeBox schemas for routes and data files.
 */
import { Type, type StringOptions } from "@sinclair/typebox";

export const AGS_PATTERN = "^[0-9]{8}$";
/** The 14 digits without anchors, for patterns that list several keys. */
export const LEIKA_KEY_DIGITS = "[0-9]{14}";
export const LEIKA_KEY_PATTERN = `^${LEIKA_KEY_DIGITS}$`;

export const AGS = new RegExp(AGS_PATTERN);
/** A UUID (database ids in URLs); PostgreSQL accepts either case. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const LEIKA_KEY = new RegExp(LEIKA_KEY_PATTERN);

export const isUuid = (v: unknown): v is string => typeof v === "string" && UUID.test(v);
export const isAgs = (v: unknown): v is string => typeof v === "string" && AGS.test(v);
/**
 * The AGS of a 12-digit ARS (Land 2, Regierungsbezirk 1, Kreis 2, Verband 4, Gemeinde 3), or undefined. The ARS of
 * a Kreis itself gives "<Kreis>000", which is no municipality (a kreisfreie Stadt's Gemeinde part is 000 too).
 */
export function agsOfArs(ars: string | null | undefined): string | undefined {
  return ars && /^[0-9]{12}$/.test(ars) ? ars.slice(0, 5) + ars.slice(9) : undefined;
}
export const isLeikaKey = (v: unknown): v is string => typeof v === "string" && LEIKA_KEY.test(v);

/** A TypeBox string schema for an AGS (description and examples per use). */
export const agsSchema = (opts: StringOptions = {}) => Type.String({ pattern: AGS_PATTERN, ...opts });
/** A TypeBox string schema for a LeiKa key (description and examples per use). */
export const leikaKeySchema = (opts: StringOptions = {}) => Type.String({ pattern: LEIKA_KEY_PATTERN, ...opts });
