/**
 * Route schemas compiled on first use (production only, issue 13 start-up). Fastify compiles a validator
 * (Ajv) and a response serializer (fast-json-stringify) for every route when the app gets ready: about
 * 200 ms of a warm start for ~300 routes, most of which a node never serves before it is restarted.
 * Here each route's validator and serializer are compiled the first time a request needs them, with
 * Fastify's own compilers and options. Outside production the compilation stays eager, so a broken
 * schema fails at start-up in every test run rather than at a first request in production.
 */
import { createRequire } from "node:module";
import type { FastifyServerOptions } from "fastify";

// Fastify's own compilers, resolved from Fastify's package: the same versions it would use itself.
const require = createRequire(createRequire(import.meta.url).resolve("fastify"));

type RouteSchema = { schema: unknown; method?: string; url?: string; httpPart?: string; httpStatus?: string; contentType?: string };
type Validator = ((data: unknown, dataCxt?: unknown) => unknown) & { errors?: unknown; schemaEnv?: unknown };
type Serializer = (data: unknown) => string;
type Factory<F> = (externalSchemas: unknown, options: unknown) => (route: RouteSchema) => F;

function lazyValidatorFactory(): Factory<Validator> {
  // One selector per app: it pools Ajv instances by schemas and options, as Fastify's default does.
  let selector: Factory<Validator> | undefined;
  return (externalSchemas, options) => {
    let compile: ((route: RouteSchema) => Validator) | undefined;
    return (route) => {
      let compiled: Validator | undefined;
      const validate: Validator = (data, dataCxt) => {
        if (!compiled) {
          selector ??= (require("@fastify/ajv-compiler") as () => Factory<Validator>)();
          compile ??= selector(externalSchemas, options);
          compiled = compile(route);
        }
        // Ajv mutates a root value (coercion, defaults) only when given its parent; Fastify passes it when
        // the validator has a schemaEnv, which this wrapper always claims and forwards only to Ajv's.
        const result = compiled.schemaEnv && dataCxt ? compiled(data, dataCxt) : compiled(data);
        validate.errors = compiled.errors;
        return result;
      };
      validate.schemaEnv = true;
      return validate;
    };
  };
}

function lazySerializerFactory(): Factory<Serializer> {
  return (externalSchemas, options) => {
    let compile: ((route: RouteSchema) => Serializer) | undefined;
    return (route) => {
      let serialize: Serializer | undefined;
      return (data) => {
        if (!serialize) {
          compile ??= (require("@fastify/fast-json-stringify-compiler") as () => Factory<Serializer>)()(externalSchemas, options);
          serialize = compile(route);
        }
        return serialize(data);
      };
    };
  };
}

/** The `schemaController` option for Fastify: lazy compilers in production, Fastify's defaults otherwise. */
export function schemaControllerOptions(env: string): FastifyServerOptions["schemaController"] {
  if (env !== "production") return undefined;
  return { compilersFactory: { buildValidator: lazyValidatorFactory() as never, buildSerializer: lazySerializerFactory() as never } };
}
