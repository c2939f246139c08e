import { test } from "node:test";
import assert from "node:assert/strict";
import { newsLink } from "./notifications.js";

const config = { publicUrl: "https://portal.example", sessionSecret: "s".repeat(40) };

test("the news link: the mailbox for account holders, the status link with the receipt code otherwise", () => {
  assert.equal(newsLink(config, { id: "9b2f0c1e-0000-4000-8000-000000000001", reference: "EK-2026-000123", userId: "u1" }), "https://portal.example/postfach/EK-2026-000123");
  const anon = newsLink(config, { id: "9b2f0c1e-0000-4000-8000-000000000001", reference: "EK-2026-000123", userId: null });
  assert.match(anon, /^https:\/\/portal\.example\/antraege\/status\/EK-2026-000123\?code=[\w-]{24}$/);
  // The code depends on the submission, so one receipt's link does not open another case.
  assert.notEqual(anon, newsLink(config, { id: "9b2f0c1e-0000-4000-8000-000000000002", reference: "EK-2026-000123", userId: null }));
});
