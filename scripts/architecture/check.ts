/**
 * Architecture check (issue 11, ADR 0027), run by `npm test` before the tests:
 * 1. dependency-cruiser with .dependency-cruiser.cjs (module internals, platform → modules, cycles);
 * 2. table ownership: a table is declared in exactly one db.ts (its owner); code of another module (or of
 *    the platform) that names it in a query (Kysely or raw SQL) is a violation.
 * 3. module-level mutable state: a top-level `let` in src/ (wiring belongs in the module definition and
 *    the app; lazily loaded caches of static files are listed).
 * Known violations are listed in scripts/architecture/allowed.json: the check fails on a new violation
 * and on an entry that no longer occurs (so the list only shrinks). `--print` lists the current ones.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const rel = (p: string) => path.relative(ROOT, p).split(path.sep).join("/");

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

/** "modules/<name>" or "platform" for a source file. */
const ownerOfFile = (file: string) => /^src\/modules\/([^/]+)\//.exec(rel(file))?.[1] ?? "platform";

/** Table name → owner, from every db.ts (interface members `name: {` or `name: SomeType;` inside a *Tables interface). */
export function tableOwners(files: string[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const f of files.filter((x) => /(^|\/)db\.ts$|platform\/db\/schema\.ts$/.test(rel(x)))) {
    const text = readFileSync(f, "utf8");
    for (const block of text.matchAll(/interface \w*Tables\b[^{]*\{([\s\S]*?)\n\}/g)) {
      for (const m of block[1]!.matchAll(/^ {2}([a-z][a-z0-9_]*)\??:/gm)) {
        const owner = ownerOfFile(f);
        const prev = owners.get(m[1]!);
        if (prev && prev !== owner) throw new Error(`table ${m[1]} declared by ${prev} and ${owner}`);
        owners.set(m[1]!, owner);
      }
    }
  }
  return owners;
}

/** Table names a file uses in queries: Kysely builders and raw SQL (FROM/JOIN/INTO/UPDATE). */
export function tablesUsed(text: string): Set<string> {
  const used = new Set<string>();
  for (const m of text.matchAll(/\b(?:selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin|rightJoin|fullJoin|mergeInto)\(\s*["'`]([a-z][a-z0-9_]*)/g)) used.add(m[1]!);
  for (const m of text.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+([a-z][a-z0-9_]*)\b/g)) used.add(m[1]!);
  return used;
}

function depcruiseViolations(): string[] {
  const bin = path.join(ROOT, "node_modules/.bin/depcruise");
  const out = execFileSync(bin, ["src", "--config", ".dependency-cruiser.cjs", "--output-type", "json"], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const summary = (JSON.parse(out) as { summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> } }).summary;
  return summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
}

function tableViolations(): string[] {
  const files = walk(path.join(ROOT, "src"));
  const owners = tableOwners(files);
  const out: string[] = [];
  for (const f of files) {
    if (/(^|\/)db\.ts$/.test(rel(f))) continue;
    const me = ownerOfFile(f);
    for (const table of tablesUsed(readFileSync(f, "utf8"))) {
      const owner = owners.get(table);
      // Platform tables (audit_log, files, mail_queue …) are used through platform functions everywhere.
      if (owner && owner !== me && owner !== "platform") out.push(`table ${table} (owner ${owner}): ${rel(f)}`);
    }
  }
  return out;
}

/** Top-level `let` declarations (module-level mutable state) in a file's text. */
export function moduleLets(text: string): string[] {
  return [...text.matchAll(/^(?:export )?let ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]!);
}

function stateViolations(): string[] {
  return walk(path.join(ROOT, "src")).flatMap((f) => moduleLets(readFileSync(f, "utf8")).map((name) => `module state ${name}: ${rel(f)}`));
}

/** Compares the current violations with the allow-list: new ones and fixed (stale) entries both fail. */
export function compare(current: readonly string[], allowed: ReadonlySet<string>): { fresh: string[]; gone: string[] } {
  return { fresh: current.filter((v) => !allowed.has(v)), gone: [...allowed].filter((v) => !current.includes(v)) };
}

function main() {
  const ALLOWED_FILE = path.join(ROOT, "scripts/architecture/allowed.json");
  const current = [...depcruiseViolations(), ...tableViolations(), ...stateViolations()].sort();
  if (process.argv.includes("--print")) {
    process.stdout.write(`${JSON.stringify(current, null, 2)}\n`);
    return;
  }
  const allowed = new Set<string>(JSON.parse(readFileSync(ALLOWED_FILE, "utf8")) as string[]);
  const { fresh, gone } = compare(current, allowed);
  if (fresh.length) process.stderr.write(`architecture: new violations (fix them; see docs/ARCHITECTURE.md):\n  ${fresh.join("\n  ")}\n`);
  if (gone.length) process.stderr.write(`architecture: fixed, remove from scripts/architecture/allowed.json:\n  ${gone.join("\n  ")}\n`);
  if (fresh.length || gone.length) process.exit(1);
  process.stdout.write(`architecture: ok (${allowed.size} known violations left in scripts/architecture/allowed.json)\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
