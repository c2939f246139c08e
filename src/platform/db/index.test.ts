import { test } from "node:test";
import assert from "node:assert/strict";
import { isDatabaseUnavailable, type Database } from "./index.js";

test("gh-12 item 1: connection losses count as 'database unavailable', query errors do not", () => {
  assert.ok(isDatabaseUnavailable(new Error("Connection terminated unexpectedly")));
  assert.ok(isDatabaseUnavailable(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })));
  assert.ok(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })));
  assert.ok(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect")));
  assert.ok(isDatabaseUnavailable(new Error('database "x" is not currently accepting connections')));
  assert.ok(isDatabaseUnavailable(new Error("wrapped", { cause: Object.assign(new Error("x"), { code: "08006" }) })));
  assert.ok(!isDatabaseUnavailable(Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505" })));
  assert.ok(!isDatabaseUnavailable(Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: "22021" })));
  assert.ok(!isDatabaseUnavailable(new Error("boom")));
  // A payment provider or SMTP server being down is not the database (fetch wraps the socket error).
  assert.ok(!isDatabaseUnavailable(new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) })));
  assert.ok(isDatabaseUnavailable(new AggregateError([Object.assign(new Error("connect ECONNREFUSED ::1:5432"), { code: "ECONNREFUSED" })])));
  assert.ok(!isDatabaseUnavailable(undefined));
});

test("preparedStatement refuses a placeholder that is not a query parameter (it would be frozen into the SQL text)", async () => {
  const { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql } = await import("kysely");
  const { preparedStatement } = await import("./index.js");
  const db = new Kysely<Database>({ dialect: { createAdapter: () => new PostgresAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (k) => new PostgresIntrospector(k), createQueryCompiler: () => new PostgresQueryCompiler() } });
  const inlined = preparedStatement(db, 1, (p) => sql`SELECT ${sql.lit(p!)} AS x`.compile(db));
  await assert.rejects(inlined("a"), /placeholder/);
  const unused = preparedStatement(db, 2, (p) => sql`SELECT ${p!} AS x`.compile(db));
  await assert.rejects(unused("a", "b"), /placeholder/);
  const fine = preparedStatement(db, 1, (p) => sql`SELECT ${p!} AS x, ${"fixed"} AS y`.compile(db));
  assert.deepEqual(await fine("a"), []);
});
