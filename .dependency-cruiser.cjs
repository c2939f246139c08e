/**
 * Module boundaries (issue 11, ADR 0027), checked by `npm test` (scripts/architecture/check.ts):
 * - a module imports another module only through its index.ts(x);
 * - src/platform never imports a module;
 * - no import cycles.
 * Known violations are listed in scripts/architecture/allowed.json (a shrinking list; never add to it).
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "module-internals",
      comment: "Modules import each other only through src/modules/<x>/index.ts(x).",
      severity: "error",
      from: { path: "^src/modules/([^/]+)/" },
      to: { path: "^src/modules/([^/]+)/", pathNot: ["^src/modules/$1/", "^src/modules/[^/]+/index\\.tsx?$"] },
    },
    {
      name: "platform-imports-module",
      comment: "The platform is what every module uses; it never knows a module.",
      severity: "error",
      from: { path: "^src/platform/" },
      to: { path: "^src/modules/" },
    },
    {
      name: "no-cycles",
      severity: "error",
      from: { path: "^src/" },
      // Also through `import type`: erased at runtime, but still a knot in the design (issue 11: madge finds none).
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.test\\.tsx?$" },
    // TypeScript 7 has no compiler API dependency-cruiser can use; swc parses the sources.
    parser: "swc",
    // Type-only imports are kept (tagged "type-only") so the cycle rule can tell them apart.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js"] },
  },
};
