import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import { UUID } from "../../platform/keys.js";
import "./db.js";

/** One provider's part of a request: its answer (null: not answered yet). */
export interface RecipientView {
  providerId: string;
  providerName: string;
  providerPhone: string;
  answer: string | null;
  answerNote: string;
  answeredAt: Date | null;
}

/** The need of a request; the person's details are empty without consent. */
export interface RequestNeed {
  kind: string;
  neededFrom: string;
  ags: string;
  specialisations: string[];
  consent: boolean;
  personName: string;
  personContact: string;
  note: string;
}

/** A request as its requester sees it: the need, whether personal details went along, every answer. */
export interface RequestView extends RequestNeed {
  id: string;
  createdAt: Date;
  /** Set when the requester withdrew the request (providers need not answer any more). */
  withdrawnAt: Date | null;
  recipients: RecipientView[];
}

type RawRequest = {
  id: string;
  kind: string;
  needed_from: string;
  ags: string;
  specialisations: string[];
  consent: boolean;
  person_name: string;
  person_contact: string;
  note: string;
  created_at: Date;
  withdrawn_at: Date | null;
  recipients: Array<{ provider_id: string; name: string; phone: string; answer: string | null; answer_note: string; answered_at: string | null }> | null;
};

function requests(db: Db) {
  return db
    .selectFrom("care_requests as r")
    .select(["r.id", "r.kind", sql<string>`to_char(r.needed_from, 'YYYY-MM-DD')`.as("needed_from"), "r.ags", "r.specialisations", "r.consent", "r.person_name", "r.person_contact", "r.note", "r.created_at", "r.withdrawn_at"])
    .select(
      sql<RawRequest["recipients"]>`(SELECT json_agg(json_build_object('provider_id', x.provider_id, 'name', p.name, 'phone', p.phone, 'answer', x.answer, 'answer_note', x.answer_note, 'answered_at', x.answered_at) ORDER BY p.name) FROM care_request_recipients x JOIN care_providers p ON p.id = x.provider_id WHERE x.request_id = r.id)`.as("recipients"),
    );
}

function toView(r: RawRequest): RequestView {
  return {
    id: r.id,
    kind: r.kind,
    neededFrom: r.needed_from,
    ags: r.ags,
    specialisations: r.specialisations,
    consent: r.consent,
    personName: r.person_name,
    personContact: r.person_contact,
    note: r.note,
    createdAt: new Date(r.created_at),
    withdrawnAt: r.withdrawn_at ? new Date(r.withdrawn_at) : null,
    recipients: (r.recipients ?? []).map((x) => ({ providerId: x.provider_id, providerName: x.name, providerPhone: x.phone, answer: x.answer, answerNote: x.answer_note, answeredAt: x.answered_at ? new Date(x.answered_at) : null })),
  };
}

/** The request behind a secret link (its SHA-256). */
export async function requestBySecret(db: Db, secretHash: string): Promise<RequestView | undefined> {
  const r = await requests(db).where("r.secret_hash", "=", secretHash).executeTakeFirst();
  return r ? toView(r as RawRequest) : undefined;
}

/** "Meine Anfragen": the requests of a signed-in requester, newest first. */
export async function requestsOfRequester(db: Db, userId: string): Promise<RequestView[]> {
  const rows = await requests(db).where("r.requester_id", "=", userId).orderBy("r.created_at", "desc").limit(100).execute();
  return rows.map((r) => toView(r as RawRequest));
}

/** The requests sent to a provider (its inbox), newest first; only that provider's answer in `recipients`. */
export async function requestsForProvider(db: Db, providerId: string): Promise<RequestView[]> {
  const rows = await requests(db)
    .where("r.id", "in", (eb) => eb.selectFrom("care_request_recipients").select("request_id").where("provider_id", "=", providerId))
    .orderBy("r.created_at", "desc")
    .limit(200)
    .execute();
  return rows.map((r) => {
    const v = toView(r as RawRequest);
    return { ...v, recipients: v.recipients.filter((x) => x.providerId === providerId) };
  });
}

/** Whether the request went to the provider (the answer form's object check). */
export async function isRecipient(db: Db, requestId: string, providerId: string): Promise<boolean> {
  if (!UUID.test(requestId)) return false;
  return !!(await db.selectFrom("care_request_recipients").select("request_id").where("request_id", "=", requestId).where("provider_id", "=", providerId).executeTakeFirst());
}

/** Requests sent since `since` by the account or (anonymous) by the client: the request flood limit. */
export async function countRequestsSince(db: Db, by: { requesterId?: string; clientHash: string }, since: Date): Promise<number> {
  let q = db.selectFrom("care_requests").select(sql<string>`count(*)`.as("n")).where("created_at", ">=", since);
  q = by.requesterId ? q.where((eb) => eb.or([eb("requester_id", "=", by.requesterId!), eb("client_hash", "=", by.clientHash)])) : q.where("client_hash", "=", by.clientHash);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** The requester of a request (for the answer notice; null: anonymous). */
export async function requesterOf(db: Db, requestId: string): Promise<string | null> {
  return (await db.selectFrom("care_requests").select("requester_id").where("id", "=", requestId).executeTakeFirst())?.requester_id ?? null;
}

/** The accounts linked to a provider (user ids). */
export async function memberIdsOf(db: Db, providerId: string): Promise<string[]> {
  return (await db.selectFrom("care_provider_members").select("user_id").where("provider_id", "=", providerId).execute()).map((r) => r.user_id);
}

/** Whether the request was withdrawn (providers' answers are refused then). */
export async function isWithdrawn(db: Db, requestId: string): Promise<boolean> {
  if (!UUID.test(requestId)) return false;
  return !!(await db.selectFrom("care_requests").select("id").where("id", "=", requestId).where("withdrawn_at", "is not", null).executeTakeFirst());
}

/** The providers a request went to (ids; for the withdrawal notices). */
export async function recipientProviderIds(db: Db, requestId: string): Promise<string[]> {
  return (await db.selectFrom("care_request_recipients").select("provider_id").where("request_id", "=", requestId).execute()).map((r) => r.provider_id);
}

/** The requests a care counsellor sent on behalf of families, newest first (only their own). */
export async function requestsOfCounsellor(db: Db, counsellorId: string): Promise<RequestView[]> {
  const rows = await requests(db).where("r.counsellor_id", "=", counsellorId).orderBy("r.created_at", "desc").limit(100).execute();
  return rows.map((r) => toView(r as RawRequest));
}

/** Whether the counsellor sent the request (the object check for linking a counselling note to it). */
export async function isCounselledBy(db: Db, requestId: string, counsellorId: string): Promise<boolean> {
  if (!UUID.test(requestId)) return false;
  return !!(await db.selectFrom("care_requests").select("id").where("id", "=", requestId).where("counsellor_id", "=", counsellorId).executeTakeFirst());
}

/** A recorded counselling contact (only its counsellor sees it). */
export interface CounsellingNote {
  id: string;
  requestId: string | null;
  ags: string;
  kind: string | null;
  channel: string;
  note: string;
  createdAt: Date;
}

/** The counsellor's own counselling notes, newest first. */
export async function notesOfCounsellor(db: Db, counsellorId: string): Promise<CounsellingNote[]> {
  const rows = await db
    .selectFrom("care_counselling_notes")
    .select(["id", "request_id as requestId", "ags", "kind", "channel", "note", "created_at as createdAt"])
    .where("counsellor_id", "=", counsellorId)
    .orderBy("created_at", "desc")
    .limit(200)
    .execute();
  return rows;
}

/** A note or request of a colleague on the team page: with its counsellor. */
export interface TeamNote extends CounsellingNote {
  counsellorId: string;
}
export type TeamRequest = RequestView & { counsellorId: string };

/** The counselling notes of the other counsellors (the team page), newest first. */
export async function teamNotes(db: Db, exceptCounsellorId: string): Promise<TeamNote[]> {
  return db
    .selectFrom("care_counselling_notes")
    .select(["id", "counsellor_id as counsellorId", "request_id as requestId", "ags", "kind", "channel", "note", "created_at as createdAt"])
    .where("counsellor_id", "<>", exceptCounsellorId)
    .orderBy("created_at", "desc")
    .limit(300)
    .execute();
}

/** The requests the other counsellors sent for families (the team page), newest first. */
export async function teamRequests(db: Db, exceptCounsellorId: string): Promise<TeamRequest[]> {
  const rows = await requests(db).select("r.counsellor_id").where("r.counsellor_id", "is not", null).where("r.counsellor_id", "<>", exceptCounsellorId).orderBy("r.created_at", "desc").limit(100).execute();
  return rows.map((r) => ({ ...toView(r as RawRequest), counsellorId: (r as { counsellor_id: string }).counsellor_id }));
}

/** A counselling note with its counsellor (the object check of editing and handing over); undefined for unknown ids. */
export async function findNote(db: Db, id: string): Promise<(CounsellingNote & { counsellorId: string }) | undefined> {
  if (!UUID.test(id)) return undefined;
  return db
    .selectFrom("care_counselling_notes")
    .select(["id", "counsellor_id as counsellorId", "request_id as requestId", "ags", "kind", "channel", "note", "created_at as createdAt"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The counsellor of a request sent for a family; undefined for unknown ids and requests of families themselves. */
export async function counsellorOfRequest(db: Db, requestId: string): Promise<string | undefined> {
  if (!UUID.test(requestId)) return undefined;
  return (await db.selectFrom("care_requests").select("counsellor_id").where("id", "=", requestId).where("counsellor_id", "is not", null).executeTakeFirst())?.counsellor_id ?? undefined;
}
