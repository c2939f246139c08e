/**
 * `npm run bench`: runs every benchmark one after another (they must not compete for the two
 * cores) and prints one JSON object, one key per benchmark. Each benchmark is also runnable alone
 * (`npm run bench:platform`, `npm run bench:search`, …).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

const BENCHES: Array<{ name: string; file: string; nodeArgs?: string[] }> = [
  { name: "platform", file: "bench/run.ts" },
  { name: "search", file: "bench/search.ts", nodeArgs: ["--expose-gc"] },
  { name: "appointments", file: "bench/appointments.ts" },
  { name: "applications", file: "bench/applications.ts" },
  { name: "cases", file: "bench/cases.ts" },
  { name: "uploads", file: "bench/uploads.ts" },
  { name: "mailbox", file: "bench/mailbox.ts" },
  { name: "care", file: "bench/care.ts" },
  { name: "audit", file: "bench/audit.ts" },
  { name: "figures", file: "bench/figures.ts" },
  { name: "learning", file: "bench/learning.ts" },
  { name: "interop", file: "bench/interop.ts" },
  { name: "pwa", file: "bench/pwa.ts" },
  { name: "assistant", file: "bench/assistant.ts" },
  { name: "assistantLive", file: "bench/assistant-live.ts" },
  { name: "payments", file: "bench/payments.ts" },
  { name: "orchards", file: "bench/orchards.ts" },
  { name: "participation", file: "bench/participation.ts" },
  { name: "roadworks", file: "bench/roadworks.ts" },
  { name: "records", file: "bench/records.ts" },
  { name: "login", file: "bench/login.ts" },
  { name: "cluster", file: "bench/cluster.ts" },
  { name: "worstBody", file: "bench/worstBody.ts" },
];

function run(file: string, nodeArgs: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", file], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`${file} exited with ${code}`));
      // The JSON document is the last thing a benchmark prints.
      const start = out.indexOf("{");
      try {
        resolve(JSON.parse(out.slice(start)));
      } catch {
        reject(new Error(`${file} did not print JSON`));
      }
    });
  });
}

const results: Record<string, unknown> = {};
for (const b of BENCHES) {
  if (!existsSync(b.file)) continue;
  process.stderr.write(`bench: ${b.name} …\n`);
  results[b.name] = await run(b.file, b.nodeArgs ?? []);
}
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
