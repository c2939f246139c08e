import { test } from "node:test";
import assert from "node:assert/strict";
import type { Db } from "./index.js";
import { readCache } from "./readCache.js";

const dbA = {} as Db;
const dbB = {} as Db;

test("readCache: one read per key and database within the TTL, shared by concurrent misses; cleared per database", async () => {
  const cache = readCache<number>(60_000);
  let reads = 0;
  const load = async () => ++reads;
  assert.deepEqual(await Promise.all([cache.get(dbA, "k", load), cache.get(dbA, "k", load)]), [1, 1]);
  assert.equal(await cache.get(dbB, "k", load), 2, "another database reads for itself");
  assert.equal(await cache.get(dbA, "other", load), 3);
  cache.clear(dbA);
  assert.equal(await cache.get(dbA, "k", load), 4);
  assert.equal(await cache.get(dbB, "k", load), 2);
});

test("readCache: expired entries are read again, failed reads are not kept", async () => {
  const expired = readCache<number>(0);
  let reads = 0;
  await expired.get(dbA, "k", async () => ++reads);
  assert.equal(await expired.get(dbA, "k", async () => ++reads), 2);
  const cache = readCache<number>(60_000);
  await assert.rejects(cache.get(dbA, "k", async () => Promise.reject(new Error("down"))), /down/);
  assert.equal(await cache.get(dbA, "k", async () => 7), 7);
});
