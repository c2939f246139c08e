import { execFile } from "node:child_process";

export type ScanResult = { status: "clean" } | { status: "infected"; signature: string } | { status: "error"; detail: string };

/**
 * Scans one file with ClamAV's command-line scanner. The protocol is clamscan's: exit code 0 = no
 * virus, 1 = virus found ("<path>: <Signature> FOUND" on stdout), anything else = error. Any error
 * counts as "not checked", and the caller refuses the file (fail closed).
 */
export function scanFile(clamscanPath: string, filePath: string, timeoutMs = 120_000): Promise<ScanResult> {
  return new Promise((resolve) => {
    execFile(clamscanPath, ["--no-summary", "--stdout", "--", filePath], { timeout: timeoutMs, maxBuffer: 1024 * 1024 }, (err, stdout) => {
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? ((err as { code: number }).code) : -1) : 0;
      if (code === 0) return resolve({ status: "clean" });
      if (code === 1) {
        const m = / ([^\s:]+) FOUND\s*$/m.exec(stdout);
        return resolve({ status: "infected", signature: m?.[1] ?? "unknown" });
      }
      resolve({ status: "error", detail: err?.killed ? "timeout" : `exit ${code}` });
    });
  });
}
