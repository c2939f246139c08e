/**
 * The optional language model against a local stub of an OpenAI-compatible server (POST /v1/chat/completions,
 * the protocol's request and response shapes): a rephrased answer with a citation is used; one without a
 * citation, one citing a source it was not given, one adding a number the sources lack, an HTTP error and
 * a malformed body all fall back to the catalogue answer. Off by default: no request without the setting.
 */
import assert from "node:assert/strict";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { buildTestApp } from "../helpers.js";
import { checkRephrased } from "../../src/modules/assistant/llm.js";

interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  temperature?: number;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

/** A stub of /v1/chat/completions; `answer` decides the content (or the status) per request. */
async function startStub(t: { after(fn: () => unknown): void }, answer: (req: ChatRequest) => { status?: number; content?: string; raw?: string }) {
  const seen: Array<{ body: ChatRequest; authorization?: string; path?: string }> = [];
  const server = createServer(async (req, res) => {
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found", type: "invalid_request_error" } }));
      return;
    }
    const body = (await readJson(req)) as ChatRequest;
    seen.push({ body, authorization: req.headers.authorization, path: req.url });
    const a = answer(body);
    if (a.status && a.status !== 200) {
      res.writeHead(a.status, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "overloaded", type: "server_error" } }));
      return;
    }
    if (a.raw !== undefined) {
      res.writeHead(200, { "content-type": "application/json" }).end(a.raw);
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        id: "chatcmpl-stub",
        object: "chat.completion",
        created: 1_765_000_000,
        model: body.model,
        choices: [{ index: 0, message: { role: "assistant", content: a.content }, finish_reason: "stop" }],
        usage: { prompt_tokens: 100, completion_tokens: 40, total_tokens: 140 },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, seen };
}

test("language model: a cited rephrasing is used; without a citation (or with an invented fact) the catalogue answer is used", async (t) => {
  let mode = "cite";
  const stub = await startStub(t, (req) => {
    const sources = req.messages[1]!.content;
    const fee = /rund (\d+) €/.exec(sources)?.[1] ?? "";
    switch (mode) {
      case "cite":
        return { content: `Für einen neuen Führerschein nach Verlust ist die Führerscheinstelle in Pforzheim zuständig [Q1]. Die Gebühr liegt meist bei rund ${fee} Euro [Q1].` };
      case "nocite":
        return { content: "Gehen Sie einfach zum Rathaus, dort hilft man Ihnen sicher weiter." };
      case "foreign":
        return { content: "Zuständig ist die Führerscheinstelle [Q7]." };
      case "invented":
        return { content: "Das kostet 999 Euro und dauert 3 Wochen [Q1]." };
      case "error":
        return { status: 503 };
      default:
        return { raw: "{not json" };
    }
  });
  const { app } = await buildTestApp(t, { ASSISTANT_LLM_URL: stub.url, ASSISTANT_LLM_MODEL: "kreis-llm", ASSISTANT_LLM_KEY: "llm-key" });
  const ask = async () => {
    const res = await app.inject({ method: "POST", url: "/api/v1/assistant/turns", payload: { text: "Ich hab meinen Lappen verloren und wohne in Pforzheim" } });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { reply: { kind: string; text: string; links: Array<{ kind: string }>; leikaKey: string } };
  };

  const cited = await ask();
  assert.match(stub.seen[0]!.body.messages[1]!.content, /rund \d+ €/, "the sources carry the fee");
  assert.equal(cited.reply.kind, "answer");
  assert.match(cited.reply.text, /^Für einen neuen Führerschein nach Verlust ist die Führerscheinstelle in Pforzheim zuständig\. Die Gebühr liegt meist bei rund \d+ Euro\. Quelle: Seite „Führerschein Ersatz wegen Verlust“ in diesem Portal\.$/);
  assert.doesNotMatch(cited.reply.text, /\[Q1\]/, "the marker becomes the named source");
  assert.ok(cited.reply.links.some((l) => l.kind === "appointment"), "links stay the engine's");
  // What the stub received: the protocol's shape, the model, the key, the retrieved service text.
  const req = stub.seen[0]!;
  assert.equal(req.path, "/v1/chat/completions");
  assert.equal(req.authorization, "Bearer llm-key");
  assert.equal(req.body.model, "kreis-llm");
  assert.deepEqual(req.body.messages.map((m) => m.role), ["system", "user"]);
  assert.match(req.body.messages[1]!.content, /\[Q1\] Führerschein Ersatz wegen Verlust: „Führerschein Ersatz wegen Verlust“ in Pforzheim: .*Zuständig ist/);
  assert.match(req.body.messages[1]!.content, /Frage: Ich hab meinen Lappen verloren und wohne in Pforzheim$/);

  // The catalogue answer, as without the model.
  mode = "nocite";
  const fallback = await ask();
  assert.match(fallback.reply.text, /^„Führerschein Ersatz wegen Verlust“ in Pforzheim: .*Zuständig ist .*Quelle: Seite „Führerschein Ersatz wegen Verlust“/);
  assert.doesNotMatch(fallback.reply.text, /Rathaus/);
  for (const m of ["foreign", "invented", "error", "garbage"]) {
    mode = m;
    const r = await ask();
    assert.equal(r.reply.text, fallback.reply.text, `mode ${m}: the catalogue answer`);
  }
  assert.equal(stub.seen.length, 6);

  // Only answers are rephrased: a question back goes without the model.
  await app.inject({ method: "POST", url: "/api/v1/assistant/turns", payload: { text: "hund anmelden" } });
  assert.equal(stub.seen.length, 6);
});

test("language model off by default: no request; the check itself", async (t) => {
  const stub = await startStub(t, () => ({ content: "x [Q1]" }));
  const { app } = await buildTestApp(t);
  const res = await app.inject({ method: "POST", url: "/api/v1/assistant/turns", payload: { text: "Ich hab meinen Lappen verloren und wohne in Pforzheim" } });
  assert.equal(res.json().reply.kind, "answer");
  assert.equal(stub.seen.length, 0);

  const sources = [{ title: "Hundehaltung Anmeldung", text: "Telefon: 07041 876-0. Öffnungszeiten: Mo–Fr: 8–12 Uhr." }];
  assert.equal(checkRephrased("Rufen Sie 07041 876-0 an, Mo bis Fr 8 bis 12 Uhr [Q1].", sources), "Rufen Sie 07041 876-0 an, Mo bis Fr 8 bis 12 Uhr.");
  assert.equal(checkRephrased("Rufen Sie an.", sources), undefined);
  assert.equal(checkRephrased("Rufen Sie 07041 999 an [Q1].", sources), undefined);
  assert.equal(checkRephrased("Siehe [Q2].", sources), undefined);
});
