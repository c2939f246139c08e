import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The repository (or image) root: the nearest folder above this file with a package.json. The same
 * from src/platform (tsx) and dist/src/platform (built JavaScript), so data/, migrations/, public/
 * and node_modules/ are found in both without copying them into dist/.
 */
function findRoot(): string {
  const start = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

export const ROOT_DIR = findRoot();

/** A path below the root, e.g. rootPath("data", "forms"). */
export function rootPath(...parts: string[]): string {
  return path.join(ROOT_DIR, ...parts);
}
