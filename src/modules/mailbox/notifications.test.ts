import { test } from "node:test";
import assert from "node:assert/strict";
import { newsLink } from "./notifications.js";

const config = { publicUrl: "https://portal.example" };
const statusUrl = async (id: string, reference: string) => `https://portal.example/antraege/status/${reference}?code=for-${id}`;

test("the news link: the mailbox for account holders, the status link with the receipt code otherwise", async () => {
  assert.equal(await newsLink(config, { id: "9b2f0c1e-0000-4000-8000-000000000001", reference: "EK-2026-000123", userId: "u1" }, statusUrl), "https://portal.example/postfach/EK-2026-000123");
  const anon = await newsLink(config, { id: "9b2f0c1e-0000-4000-8000-000000000001", reference: "EK-2026-000123", userId: null }, statusUrl);
  assert.equal(anon, "https://portal.example/antraege/status/EK-2026-000123?code=for-9b2f0c1e-0000-4000-8000-000000000001");
});
