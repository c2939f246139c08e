/**
 * HTTP server limits against the real listening server (issue 12 item 3): a slow body is cut off
 * after HTTP_REQUEST_TIMEOUT_MS, and connections beyond HTTP_MAX_CONNECTIONS are refused.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { buildTestApp } from "../helpers.js";

/** Resolves with what the server sent once it closes the socket; rejects if it is still open after `boundMs`. */
function closedWithin(socket: net.Socket, boundMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = "";
    socket.on("data", (d) => (received += d.toString("latin1")));
    socket.on("error", () => undefined);
    const bound = setTimeout(() => reject(new Error(`connection still open after ${boundMs} ms`)), boundMs);
    socket.on("close", () => {
      clearTimeout(bound);
      resolve(received);
    });
  });
}

async function listen(t: { after(fn: () => unknown): void }, env: Record<string, string>) {
  const { app } = await buildTestApp(t, env);
  await app.listen({ port: 0, host: "127.0.0.1" });
  return (app.server.address() as AddressInfo).port;
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });
}

test("a slow-loris body that keeps trickling is cut off after the request timeout", async (t) => {
  // The idle timeout stays long: only the whole-request timeout can end this connection.
  const port = await listen(t, { HTTP_REQUEST_TIMEOUT_MS: "600", HTTP_HEADERS_TIMEOUT_MS: "600", HTTP_CONNECTION_TIMEOUT_MS: "60000" });
  const socket = await connect(port);
  t.after(() => socket.destroy());
  socket.write("POST /api/v1/forms/x/submissions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"a");
  // One byte every 100 ms: never idle, never complete.
  const drip = setInterval(() => {
    if (!socket.destroyed) socket.write("a");
  }, 100);
  t.after(() => clearInterval(drip));
  const reply = await closedWithin(socket, 15_000);
  clearInterval(drip);
  // Node answers 408 when it can, or just closes.
  assert.ok(reply === "" || /^HTTP\/1\.1 408/.test(reply), `unexpected reply: ${reply.slice(0, 80)}`);
});

test("a slow-loris that sends a few bytes and stalls is cut off", async (t) => {
  const port = await listen(t, { HTTP_REQUEST_TIMEOUT_MS: "600", HTTP_HEADERS_TIMEOUT_MS: "600", HTTP_CONNECTION_TIMEOUT_MS: "60000" });
  const socket = await connect(port);
  t.after(() => socket.destroy());
  socket.write("POST /api/v1/forms/x/submissions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"a\":");
  const reply = await closedWithin(socket, 15_000);
  assert.ok(reply === "" || /^HTTP\/1\.1 408/.test(reply), `unexpected reply: ${reply.slice(0, 80)}`);
});

test("connections beyond HTTP_MAX_CONNECTIONS are refused, the open ones are served", async (t) => {
  const port = await listen(t, { HTTP_MAX_CONNECTIONS: "2" });
  const held = [await connect(port), await connect(port)];
  t.after(() => held.forEach((s) => s.destroy()));
  const third = await connect(port);
  t.after(() => third.destroy());
  third.write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
  assert.equal(await closedWithin(third, 15_000), "", "the third connection got an answer");
  // A held connection still gets its answer.
  const first = held[0]!;
  const answer = new Promise<string>((resolve) => first.once("data", (d) => resolve(d.toString("latin1"))));
  first.write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
  assert.match(await answer, /^HTTP\/1\.1 200/);
});
