/** Pure helpers for LeiKa keys, names and legal references (shared by the data build and the importer). */

export interface LegalReference {
  title: string;
  url?: string;
}

const clean = (s: string) => s.replace(/\s+/g, " ").trim();

/**
 * Splits the LeiKa "Rechtsgrundlage" text – `§ 2 StVG [http://…], § 3 … [http://…]` – into
 * references. Text without a link becomes a reference without url; http links to
 * gesetze-im-internet.de are upgraded to https.
 */
export function parseLegalBasis(text: string): LegalReference[] {
  const out: LegalReference[] = [];
  const src = clean(text);
  if (!src) return out;
  const re = /([^[\]]*?)\s*\[(https?:\/\/[^\]\s]+)\]\s*(?:,\s*|;\s*|$)/gy;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) {
    const title = clean(m[1] ?? "").replace(/^[,;]\s*/, "");
    const url = (m[2] ?? "").replace(/^http:\/\/(www\.)?gesetze-im-internet\.de/, "https://www.gesetze-im-internet.de");
    if (title) out.push({ title, url });
    last = re.lastIndex;
    if (last >= src.length) break;
  }
  const rest = clean(src.slice(last)).replace(/^[,;]\s*/, "");
  if (rest) out.push({ title: rest });
  return out;
}

/** The Leistungsobjekt part of a key (digits 1–8), padded to a full key. */
export const objectKeyOf = (key: string) => `${key.slice(0, 8)}000000`;
/** The key of the Verrichtung without detail (digits 1–11). */
export const activityKeyOf = (key: string) => `${key.slice(0, 11)}000`;

export interface DerivedParts {
  serviceObject: string | null;
  activity: string | null;
  activityDetail: string | null;
}

/**
 * Derives Leistungsobjekt, Verrichtung and Verrichtungsdetail from the key structure
 * (99 + group + object | Verrichtung | Detail) and the names of the parent entries:
 * "Abbruchgenehmigung Erteilung" below "Abbruchgenehmigung" → object "Abbruchgenehmigung",
 * activity "Erteilung". When the names do not nest, only what is certain is returned.
 */
export function deriveParts(key: string, name: string, nameOf: (key: string) => string | undefined): DerivedParts {
  const objectKey = objectKeyOf(key);
  const objectName = key === objectKey ? name : nameOf(objectKey);
  const parts: DerivedParts = { serviceObject: objectName ?? null, activity: null, activityDetail: null };
  if (key === objectKey || !objectName) return parts;
  const activityKey = activityKeyOf(key);
  const suffix = (full: string, prefix: string) => {
    const f = clean(full);
    const p = clean(prefix);
    return f.toLowerCase().startsWith(p.toLowerCase()) && f.length > p.length ? clean(f.slice(p.length)).replace(/^[-–,:]\s*/, "") : null;
  };
  if (key === activityKey) {
    parts.activity = suffix(name, objectName);
    return parts;
  }
  const activityName = nameOf(activityKey);
  if (activityName) {
    parts.activity = suffix(activityName, objectName);
    parts.activityDetail = suffix(name, activityName);
  } else {
    parts.activity = suffix(name, objectName);
  }
  return parts;
}
