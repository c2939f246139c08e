import { test } from "node:test";
import assert from "node:assert/strict";
import { identityFromClaims, OidcLoginError } from "./oidcClient.js";

test("claims: name from name, else given + family name; e-mail and its flag from one source", () => {
  assert.deepEqual(identityFromClaims({ sub: "a", email: "a@example.org", email_verified: true, name: "Anna A" }), {
    subject: "a",
    email: "a@example.org",
    emailVerified: true,
    displayName: "Anna A",
  });
  const fromUserinfo = identityFromClaims({ sub: "b" }, { sub: "b", email: "b@example.org", email_verified: "true", given_name: "Bea", family_name: "Beispiel" });
  assert.equal(fromUserinfo.email, "b@example.org");
  assert.equal(fromUserinfo.emailVerified, true, "AD FS style string flag");
  assert.equal(fromUserinfo.displayName, "Bea Beispiel");
  // The ID token's address wins, and the userinfo's flag does not vouch for it.
  const mixed = identityFromClaims({ sub: "c", email: "c@example.org" }, { email: "other@example.org", email_verified: true });
  assert.equal(mixed.email, "c@example.org");
  assert.equal(mixed.emailVerified, false);
});

test("claims: a malformed e-mail counts as missing and is never verified; no sub is an error", () => {
  const bad = identityFromClaims({ sub: "d", email: "not an address", email_verified: true });
  assert.equal(bad.email, undefined);
  assert.equal(bad.emailVerified, false);
  assert.equal(identityFromClaims({ sub: "e", email_verified: "yes" }).emailVerified, false);
  assert.throws(() => identityFromClaims({ email: "x@example.org" }), OidcLoginError);
});
