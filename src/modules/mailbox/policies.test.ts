import { test } from "node:test";
import assert from "node:assert/strict";
import type { SessionUser } from "../../platform/auth/session.js";
import { canMailbox, canReadDocument, type MailboxAction } from "./policies.js";

const user = (id: string, kind: "citizen" | "staff", extra: Partial<SessionUser> = {}): SessionUser => ({ id, kind, email: `${id}@example.org`, displayName: id, homeAgs: null, isAdmin: false, isEditor: false, orgUnitIds: [], roles: [], sessionHash: "x", ...extra });
const sub = { userId: "applicant" };
const actions: MailboxAction[] = ["read", "answer", "send", "readFile"];

test("mailbox policy matrix: applicant, other citizen, staff with read/write access, staff without, admin, anonymous", () => {
  const matrix: Array<[string, SessionUser | undefined, boolean, Record<MailboxAction, boolean>]> = [
    ["applicant", user("applicant", "citizen"), false, { read: true, answer: true, send: false, readFile: true }],
    ["other citizen", user("other", "citizen"), false, { read: false, answer: false, send: false, readFile: false }],
    ["staff with access", user("s1", "staff"), true, { read: true, answer: false, send: true, readFile: true }],
    ["staff without access", user("s2", "staff"), false, { read: false, answer: false, send: false, readFile: false }],
    ["admin without case access", user("adm", "staff", { isAdmin: true }), false, { read: false, answer: false, send: false, readFile: false }],
    ["anonymous", undefined, false, { read: false, answer: false, send: false, readFile: false }],
    // A staff account with the applicant's id is still not the applicant (citizen accounts only).
    ["staff with applicant id", user("applicant", "staff"), false, { read: false, answer: false, send: false, readFile: false }],
  ];
  for (const [who, u, access, expected] of matrix) {
    for (const a of actions) assert.equal(canMailbox(u, a, sub, access), expected[a], `${who} ${a}`);
  }
  assert.equal(canMailbox(user("applicant", "citizen"), "read", undefined, true), false);
  assert.equal(canMailbox(user("x", "citizen"), "read", { userId: null }, false), false, "anonymous submissions have no mailbox");
});

test("documents: applicants read only applicant-visible ones; staff with access read internal ones too", () => {
  assert.equal(canReadDocument(user("applicant", "citizen"), sub, "applicant", false), true);
  assert.equal(canReadDocument(user("applicant", "citizen"), sub, "internal", false), false);
  assert.equal(canReadDocument(user("other", "citizen"), sub, "applicant", false), false);
  assert.equal(canReadDocument(user("s1", "staff"), sub, "internal", true), true);
  assert.equal(canReadDocument(user("s2", "staff"), sub, "applicant", false), false);
});
