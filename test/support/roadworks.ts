/** Shared steps of the road-works tests (issue 15): staff of an org unit, an approved company, an application. */
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { Client, signedIn, signedInMember, type TestApp } from "../helpers.js";
import { multipartBody, PDF } from "./uploads.js";

export const MUEHLACKER = "08236040";
export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

export async function postMultipart(app: FastifyInstance, c: Client, url: string, fields: Record<string, string>, files: Parameters<typeof multipartBody>[1]) {
  const { payload, contentType } = multipartBody(fields, files);
  const res = await app.inject({ method: "POST", url, headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; "), "content-type": contentType }, payload });
  for (const ck of res.cookies as Array<{ name: string; value: string }>) c.cookies.set(ck.name, ck.value);
  return res;
}

/** A staff account that is a member of the org unit with this key, signed in. */
export const staffOf = signedInMember;

/** The county's traffic office, which approves companies (one account per test app). */
const approvers = new WeakMap<TestApp, Promise<Client>>();
function approverOf(ta: TestApp): Promise<Client> {
  let c = approvers.get(ta);
  if (!c) approvers.set(ta, (c = staffOf(ta, "freigabe@enzkreis.example", "lra-08236-ordnung")));
  return c;
}

/** A citizen account that registered a company, approved by the county's traffic office. */
export async function companyAccount(ta: TestApp, email: string, company: string): Promise<{ c: Client; companyId: string }> {
  const staff = await approverOf(ta);
  const c = await signedIn(ta.app, ta.db, { email, kind: "citizen" });
  assert.equal((await c.submit("/baustellen/firma", "/baustellen/firma", { name: company, email: `info@${email.split("@")[1]}`, telefon: "07041 1234" })).statusCode, 303);
  const row = await ta.db.selectFrom("roadworks_companies").select(["id", "status"]).where("name", "=", company).executeTakeFirstOrThrow();
  assert.equal(row.status, "pending");
  assert.match((await c.get("/baustellen/antrag")).body, /noch zu keiner freigegebenen Baufirma/);
  assert.equal((await staff.submit("/verwaltung/baustellen", `/verwaltung/baustellen/firmen/${row.id}/freigeben`, {})).statusCode, 303);
  return { c, companyId: row.id };
}

export function application(companyId: string, start: string, end: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    firma: companyId,
    titel: "Wasserleitung Hauptstraße",
    strasse: "Hauptstraße",
    hausVon: "10",
    hausBis: "30",
    gemeinde: MUEHLACKER,
    strassenklasse: "municipal",
    lage: "48.9489, 8.8395; 48.9494, 8.8420",
    umleitung: "48.9489, 8.8395; 48.9510, 8.8400; 48.9494, 8.8420",
    beginn: start,
    ende: end,
    taeglichVon: "07:00",
    taeglichBis: "18:00",
    fahrstreifen: "1",
    sperrung: "half",
    regelplan: "B I/2",
    bauleitung: "Erika Bauer",
    telefon: "0170 1234567",
    ausfuehrende: "Enz Tiefbau GmbH",
    auftraggeber: "Stadtwerke Mühlacker",
    ...extra,
  };
}

/** Submits an application (check step with a sign plan, then submit) and returns the work's id. */
export async function submitApplication(ta: TestApp, c: Client, fields: Record<string, string>): Promise<string> {
  const form = await c.get("/baustellen/antrag");
  const checked = await postMultipart(ta.app, c, "/baustellen/antrag", { _csrf: csrfOf(form.body), aktion: "pruefen", ...fields }, [{ field: "zeichenplan", name: "zeichenplan.pdf", type: "application/pdf", content: PDF }]);
  assert.equal(checked.statusCode, 200, checked.body.slice(0, 1000));
  const fileId = /name="zeichenplanId" value="([0-9a-f-]{36})"/.exec(checked.body)![1]!;
  const submitted = await postMultipart(ta.app, c, "/baustellen/antrag", { _csrf: csrfOf(checked.body), aktion: "einreichen", zeichenplanId: fileId, ...fields }, []);
  assert.equal(submitted.statusCode, 303, submitted.body.slice(0, 1000));
  return (await ta.db.selectFrom("roadworks").select("id").where("title", "=", fields.titel!).orderBy("submitted_at", "desc").executeTakeFirstOrThrow()).id;
}

type Party = "municipality" | "police" | "bus";

/**
 * What the authority's staff page does for a submitted work: ask the parties, record all three consents (a party in
 * `conditions` also sends its `auflage-…` field, "" included) and issue the order. Each step answers 303.
 */
export async function consentAndOrder(staff: Client, detail: string, conditions: Partial<Record<Party, string>> = {}): Promise<void> {
  assert.equal((await staff.submit(detail, `${detail}/beteiligen`, {})).statusCode, 303);
  for (const party of ["municipality", "police", "bus"] as const) {
    const fields: Record<string, string> = { party, [`antwort-${party}`]: "consent" };
    if (party in conditions) fields[`auflage-${party}`] = conditions[party]!;
    assert.equal((await staff.submit(detail, `${detail}/zustimmung`, fields)).statusCode, 303);
  }
  assert.equal((await staff.submit(detail, `${detail}/anordnen`, {})).statusCode, 303);
}
