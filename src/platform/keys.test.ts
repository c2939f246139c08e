import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AGS, agsSchema, isAgs, isLeikaKey, LEIKA_KEY, leikaKeySchema } from "./keys.js";

test("AGS has 8 digits, a LeiKa key 14; schemas carry the same pattern", () => {
  assert.equal(isAgs("08236040"), true);
  for (const v of ["0823604", "082360400", "0823604a", " 08236040", 8236040]) assert.equal(isAgs(v), false, String(v));
  assert.equal(isLeikaKey("99102013000000"), true);
  for (const v of ["9910201300000", "991020130000000", "99102013000000\n"]) assert.equal(isLeikaKey(v), false, JSON.stringify(v));
  assert.equal(agsSchema({ description: "x" }).pattern, AGS.source);
  assert.equal(leikaKeySchema().pattern, LEIKA_KEY.source);
});

test("no module keeps its own copy of the 8- or 14-digit key regex", () => {
  const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const copies: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !p.endsWith(path.join("platform", "keys.ts"))) {
        readFileSync(p, "utf8").split("\n").forEach((line, i) => {
          if (/\^(\\d|\[0-9\])\{(8|14)\}\$/.test(line)) copies.push(`${path.relative(src, p)}:${i + 1}`);
        });
      }
    }
  };
  walk(src);
  assert.deepEqual(copies, []);
});
