/** What a draft page posts: field names, repeating-group instances, cleaned text, prefill from the account. */
import type { FastifyRequest } from "fastify";
import { stripControlChars } from "../../../platform/controlChars.js";
import { instanceCount, isRepeatingGroup, type FormDefinition, type ItemDef, type PageDef } from "../../forms/index.js";

/** Every form field name a page posts, for the instance counts given. */
export function pageFieldNames(page: PageDef, counts: Record<string, string>): string[] {
  const names: string[] = [];
  const walk = (items: ItemDef[], prefix: string) => {
    for (const item of items) {
      const name = prefix ? `${prefix}.${item.id}` : item.id;
      if (item.kind === "field") names.push(name);
      else if (isRepeatingGroup(item)) {
        names.push(`${name}.__count`);
        const n = instanceCount(item, counts, name);
        for (let i = 0; i < n; i++) walk(item.children, `${name}.${i}`);
      } else walk(item.children, name);
    }
  };
  walk(page.items, "");
  return names;
}

/** Removes instance `i` of a repeating group and renumbers the following ones. */
export function removeInstance(values: Record<string, string>, group: string, i: number): Record<string, string> {
  const out: Record<string, string> = {};
  const re = new RegExp(`^${group.replace(/\./g, "\\.")}\\.(\\d+)\\.(.*)$`);
  for (const [k, v] of Object.entries(values)) {
    const m = re.exec(k);
    if (!m) out[k] = v;
    else if (Number(m[1]) < i) out[k] = v;
    else if (Number(m[1]) > i) out[`${group}.${Number(m[1]) - 1}.${m[2]}`] = v;
  }
  const n = Number(values[`${group}.__count`] ?? "1");
  out[`${group}.__count`] = String(Math.max(1, n - 1));
  return out;
}

export function clean(v: unknown): string {
  // Drafts are stored as they are typed: control characters never reach them (nor the database).
  return typeof v === "string" ? stripControlChars(v.normalize("NFC")).slice(0, 5000) : "";
}

/** Prefill from the account: name, e-mail, municipality of residence (only if the code list has it). */
export function prefill(def: FormDefinition, user: FastifyRequest["user"]): Record<string, string> {
  const values: Record<string, string> = {};
  if (!user) return values;
  for (const page of def.pages)
    for (const item of page.items) {
      if (item.kind !== "field" || !item.prefill) continue;
      if (item.prefill === "account.displayName") values[item.id] = user.displayName;
      if (item.prefill === "account.email") values[item.id] = user.email;
      if (item.prefill === "account.homeAgs" && user.homeAgs && def.codeLists[item.codeList ?? ""]?.some((e) => e.value === user.homeAgs)) values[item.id] = user.homeAgs;
    }
  return values;
}
