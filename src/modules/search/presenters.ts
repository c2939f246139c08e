import type { Hit } from "./engine/searcher.js";
import type { Responsible } from "./responsible.js";
import type { SearchResult } from "./schemas.js";

/** The office's name with its authority for departments ("Landratsamt Enzkreis – Führerscheinstelle"). */
export function officeName(r: Responsible): string {
  const { name, parentName } = r.office;
  return parentName && !name.includes(parentName) ? `${parentName} – ${name}` : name;
}

/** Where a service result leads besides its page: the portal's online form and the booking link, when they exist. */
export interface ResultActions {
  formUrl?: string;
  appointmentUrl?: string;
}

/** One API result: type, key (services only), title, url, score and, when known, the office, the online service (own form first, else the external one) and the booking link. */
export function presentResult(hit: Hit, responsible?: Responsible, actions: ResultActions = {}): SearchResult {
  const { doc } = hit;
  return {
    type: doc.type,
    ...(doc.type === "service" && doc.leikaKey ? { leikaKey: doc.leikaKey } : {}),
    title: doc.title,
    url: doc.url,
    score: Math.round(hit.score * 1000) / 1000,
    ...(responsible ? { responsible: { name: officeName(responsible), ars: responsible.ars ?? null } } : {}),
    ...(doc.type === "service" ? serviceActions(actions.formUrl ?? doc.onlineServiceUrl ?? undefined, actions.appointmentUrl) : {}),
    ...(doc.image ? { image: doc.image } : {}),
  };
}

function serviceActions(onlineUrl: string | undefined, appointmentUrl: string | undefined): Pick<SearchResult, "onlineUrl" | "appointmentUrl"> {
  return { ...(onlineUrl ? { onlineUrl } : {}), ...(appointmentUrl ? { appointmentUrl } : {}) };
}
