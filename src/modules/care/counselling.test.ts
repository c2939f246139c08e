import { test } from "node:test";
import assert from "node:assert/strict";
import { SUPPORT_POINTS } from "./counselling.js";

// No real Pflegestützpunkt data is in the repository or ../shared (issue 17): the entries are made up and must
// never pass for real ones (name marked, .example mail, 000 phone numbers).
test("the support points are marked demo records: '(Demo)' in the name, .example addresses, 000 numbers", () => {
  assert.ok(SUPPORT_POINTS.length > 0);
  for (const p of SUPPORT_POINTS) {
    assert.match(p.name, /\(Demo\)$/);
    assert.match(p.email, /\.example$/);
    assert.match(p.phone, / 000\d{3}$/);
  }
});

test("care counselling: only staff accounts holding care_counsellor may counsel", async () => {
  const { canCounsel } = await import("./policies.js");
  assert.equal(canCounsel({ id: "a", kind: "staff" }, ["care_counsellor"]), true);
  assert.equal(canCounsel({ id: "a", kind: "staff" }, ["admin", "editor", "member"]), false);
  assert.equal(canCounsel({ id: "a", kind: "citizen" }, ["care_counsellor"]), false, "a citizen row with the role (should not exist) gets nothing");
  assert.equal(canCounsel(undefined, ["care_counsellor"]), false);
});
