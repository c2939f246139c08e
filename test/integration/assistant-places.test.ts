/**
 * The assistant's place detection and its single question back, on the real catalogue and master data:
 * a district or a postcode names the municipality, an unsure menu asks for the municipality in the same
 * turn (the place alone answers the first service, "2, in Pforzheim" another), and the answer to the
 * question back may carry more words than the place.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildTestApp } from "../helpers.js";

interface Reply {
  kind: string;
  text: string;
  links: Array<{ kind: string; url: string }>;
  leikaKey?: string;
  place?: { ags: string; name: string };
  options?: Array<{ n: number; leikaKey: string; title: string }>;
  asksPlace?: boolean;
  placeAnswers?: number;
}

test("places: districts, postcodes and one question back before the answer", async (t) => {
  const { app } = await buildTestApp(t);
  const turn = async (text: string, conversation?: string) => {
    const res = await app.inject({ method: "POST", url: "/api/v1/assistant/turns", payload: { text, conversation } });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { conversation: string; reply: Reply };
  };

  // A district: Dürrmenz is part of Mühlacker; answered in one turn with the online form and the source.
  const district = await turn("Ich wohne in Dürrmenz und will meinen Hund anmelden");
  assert.equal(district.reply.kind, "answer", district.reply.text);
  assert.equal(district.reply.leikaKey, "99110009104000");
  assert.equal(district.reply.place?.name, "Mühlacker");
  assert.ok(district.reply.links.some((l) => l.kind === "form"));
  assert.ok(district.reply.links.some((l) => l.kind === "source"));
  assert.match(district.reply.text, /Quelle: Seite/);

  // A postcode, as the answer to the question back.
  const dog = await turn("hund anmelden");
  assert.equal(dog.reply.kind, "ask_place");
  const byPostcode = await turn("PLZ 75417", dog.conversation);
  assert.equal(byPostcode.reply.kind, "answer", byPostcode.reply.text);
  assert.equal(byPostcode.reply.place?.name, "Mühlacker");

  // The answer to the question back with more words than the place.
  const dog2 = await turn("hund anmelden");
  const wordy = await turn("wir kommen aus Eisingen, danke", dog2.conversation);
  assert.equal(wordy.reply.kind, "answer", wordy.reply.text);
  assert.equal(wordy.reply.place?.name, "Eisingen");
  assert.equal(wordy.reply.leikaKey, "99110009104000");

  // Unsure and no place known: one question for both ("Meinen Sie …? Dann nennen Sie Ihre Gemeinde …").
  const unsure = await turn("bescheinigung");
  assert.equal(unsure.reply.kind, "choose", unsure.reply.text);
  assert.equal(unsure.reply.asksPlace, true);
  assert.equal(unsure.reply.placeAnswers, 1);
  const options = unsure.reply.options!;
  assert.ok(options.length >= 2, "the question has more than one candidate");
  assert.match(unsure.reply.text, /Gemeinde/);
  assert.ok(unsure.reply.text.includes(options[0]!.title));
  const first = await turn("Mühlacker", unsure.conversation);
  assert.equal(first.reply.kind, "answer");
  assert.equal(first.reply.leikaKey, options[0]!.leikaKey);
  assert.equal(first.reply.place?.name, "Mühlacker");

  const again = await turn("bescheinigung");
  const second = await turn("2, in Pforzheim", again.conversation);
  assert.equal(second.reply.kind, "answer", second.reply.text);
  assert.equal(second.reply.leikaKey, again.reply.options![1]!.leikaKey);
  assert.equal(second.reply.place?.name, "Pforzheim");

  // With the place known the menu is a plain menu (the number alone answers).
  const known = await turn("bescheinigung", first.conversation);
  assert.equal(known.reply.kind, "choose");
  assert.equal(known.reply.asksPlace, undefined);
  const picked = await turn("1", first.conversation);
  assert.equal(picked.reply.kind, "answer");
  assert.equal(picked.reply.place?.name, "Mühlacker");
});
