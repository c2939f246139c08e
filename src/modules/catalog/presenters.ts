import type { OfficeResponse, ServiceResponse } from "./schemas.js";
import type { ServiceRow } from "./queries.js";
import type { ResponsibleOffice } from "./responsible.js";

/** The public view of a responsible office (contact data only, no internal ids). */
export function presentOffice(o: ResponsibleOffice): OfficeResponse {
  const hasAddress = !!(o.street || o.postcode || o.city);
  return {
    name: o.name,
    parentName: o.parentName,
    ars: o.ars,
    role: o.role,
    address: hasAddress ? { street: o.street, postcode: o.postcode, city: o.city } : null,
    phone: o.phone,
    email: o.email,
    website: o.website,
    openingHours: o.openingHours.map((h) => ({ days: h.days, hours: h.hours })),
    accessibility: o.accessibility,
    reason: o.reason,
  };
}

/** Where a service leads besides its page: the portal's online form, the booking link and the bookable locations. */
export interface ServiceActions {
  formUrl?: string;
  appointmentUrl?: string;
  appointments?: ServiceResponse["appointments"];
}

/** The public view of a service (XZuFi Leistung) with the office for a municipality when given; online URL: own form first, else the external online service. */
export function presentService(row: ServiceRow, opts: { municipality?: { ags: string; name: string } | null; responsible?: ResponsibleOffice | null; actions?: ServiceActions } = {}): ServiceResponse {
  const onlineUrl = opts.actions?.formUrl ?? row.online_service?.url;
  const appointmentUrl = opts.actions?.appointmentUrl;
  return {
    leikaKey: row.leika_key,
    name: row.name,
    url: `/leistungen/${row.leika_key}`,
    leikaType: row.leika_type,
    serviceObject: row.service_object,
    activity: row.activity,
    activityDetail: row.activity_detail,
    topic: row.topic_id != null && row.topic_name ? { id: row.topic_id, name: row.topic_name } : null,
    lifeSituation: row.life_situation_id != null && row.life_situation_name ? { id: row.life_situation_id, name: row.life_situation_name } : null,
    ozgService: row.ozg_id != null && row.ozg_name ? { id: row.ozg_id, name: row.ozg_name } : null,
    hasContent: row.has_content,
    shortText: row.short_text,
    fullText: row.full_text,
    requirements: row.requirements ?? [],
    documents: row.documents ?? [],
    fees: row.fees,
    deadlines: row.deadlines,
    processingTime: row.processing_time,
    legalBasis: (row.legal_basis ?? []).map((l) => (l.url ? { title: l.title, url: l.url } : { title: l.title })),
    forms: (row.forms ?? []).map((f) => ({ title: f.title, url: f.url })),
    onlineService: row.online_service ? { url: row.online_service.url, ...(row.online_service.trustLevel ? { trustLevel: row.online_service.trustLevel } : {}) } : null,
    searchTerms: row.search_terms ?? [],
    validityArs: row.validity_ars,
    taskCategory: row.task_category ? { key: row.task_category, name: row.task_category_name ?? row.task_category } : null,
    responsibleDepartment: row.responsible_department,
    popularity: row.popularity,
    version: row.version,
    updatedAt: new Date(row.updated_at).toISOString(),
    municipality: opts.municipality ?? null,
    responsible: opts.responsible ? presentOffice(opts.responsible) : null,
    ...(onlineUrl ? { onlineUrl } : {}),
    ...(appointmentUrl ? { appointmentUrl } : {}),
    appointments: opts.actions?.appointments ?? [],
  };
}
