/**
 * Interop bench:  npx tsx bench/interop.ts
 *
 * Prints one JSON object (progress on stderr). No database: the parts that cost CPU.
 *  1. XBau 0200: build from the building-permit fixture answers (3 attachments) and check it against the
 *     XBau 2.6 XSDs with xmllint-wasm plus the code lists, one after another for 20 s: messages/s, p50/p99.
 *  2. FIT-Connect-shaped delivery of a dog-tax submission to the local sandbox receiver (127.0.0.1): JSON
 *     Schema check, metadata, JWE (RSA-OAEP-256/A256GCM, 4096-bit key) of metadata and data, announce +
 *     submit over HTTP, the receiver decrypts and validates; 4 in flight for 20 s: deliveries/s, p50/p99.
 */
import { buildAntrag0200 } from "../src/modules/interop/xbau/build.js";
import { checkXBauMessage } from "../src/modules/interop/xbau/check.js";
import { encryptFor, generateDestinationKeys } from "../src/modules/interop/fitconnect/crypto.js";
import { buildPlainSubmission } from "../src/modules/interop/fitconnect/submission.js";
import { startSandboxReceiver } from "../src/modules/interop/providers/fitconnect-sandbox/server.js";
import { generateJsonSchema, readFormFiles } from "../src/modules/forms/index.js";
import { validAnswers } from "../test/fixtures/formAnswers.js";
import { log, pct, runBench } from "./support.js";

async function main() {
  const DURATION = 20_000;
  const files = ["lageplan", "bauzeichnungen", "baubeschreibung"].map((f, i) => ({ fieldPath: `/${f}`, label: f, fileId: `3f2504e0-4f89-41d3-9a0c-0305e82c330${i}`, filename: `${f}.pdf`, size: 100_000, sha256: "a".repeat(64), mediaType: "application/pdf" }));
  const header = { author: { key: "kreisportal:antragsservice", name: "Kreisportal" }, reader: { key: "kreisportal:lra-08236-baurecht", name: "Baurechtsamt" } };
  const xbauLat: number[] = [];
  let invalid = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < DURATION) {
    const s = performance.now();
    const m = buildAntrag0200({ ...header, createdAt: new Date(), submissionId: "3f2504e0-4f89-41d3-9a0c-0305e82c3399", answers: validAnswers.bauantrag!, files });
    if (!(await checkXBauMessage(m.xml)).valid) invalid++;
    xbauLat.push(performance.now() - s);
  }
  const xbauSecs = (performance.now() - t0) / 1000;
  log(`xbau: ${xbauLat.length} messages, ${invalid} invalid`);

  const forms = await readFormFiles();
  const dogForm = forms.find((f) => f.id === "hundesteuer-anmeldung")!;
  const schema = generateJsonSchema(dogForm) as Record<string, unknown>;
  const { publicJwk, privateJwk } = await generateDestinationKeys("bench", 4096);
  const receiver = await startSandboxReceiver({ privateJwk, schemaFor: async () => schema });
  const deliveryLat: number[] = [];
  const t1 = performance.now();
  const worker = async () => {
    while (performance.now() - t1 < DURATION) {
      const s = performance.now();
      const plain = buildPlainSubmission({ reference: "EK-2026-000001", formId: dogForm.id, formVersion: dogForm.version, title: dogForm.title, leikaKey: "99102013000000", answers: validAnswers["hundesteuer-anmeldung"]!, jsonSchema: schema, schemaUri: "bench", attachments: [] });
      const ann = await fetch(`${receiver.url}/v1/submissions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ destinationId: "bench", announcedAttachments: [] }) });
      const { submissionId } = (await ann.json()) as { submissionId: string };
      const body = { encryptedMetadata: await encryptFor(publicJwk, JSON.stringify(plain.metadata)), encryptedData: await encryptFor(publicJwk, plain.data) };
      const res = await fetch(`${receiver.url}/v1/submissions/${submissionId}`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      if (res.status !== 202) throw new Error(`HTTP ${res.status}`);
      deliveryLat.push(performance.now() - s);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  const deliverySecs = (performance.now() - t1) / 1000;
  const rejected = [...receiver.received.values()].filter((r) => r.status !== "submitted").length;
  await receiver.close();

  console.log(
    JSON.stringify({
      xbau0200: { messages: xbauLat.length, perSecond: Number((xbauLat.length / xbauSecs).toFixed(2)), p50ms: pct(xbauLat, 50), p99ms: pct(xbauLat, 99), invalid },
      fitConnectDelivery: { deliveries: deliveryLat.length, perSecond: Number((deliveryLat.length / deliverySecs).toFixed(2)), p50ms: pct(deliveryLat, 50), p99ms: pct(deliveryLat, 99), rejectedByReceiver: rejected, keyBits: 4096, inFlight: 4 },
    }),
  );
}

runBench(main);
