/**
 * A real OpenID Connect issuer for tests: oidc-provider on 127.0.0.1 (random port) with one
 * confidential client, PKCE required, and a tiny login/consent interaction that a test drives
 * over HTTP like a browser would (`authorize`).
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

type After = { after(fn: () => unknown): void };

/** Claims the issuer hands out for an account (`sub` is the map key). */
export interface IssuerAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  given_name?: string;
  family_name?: string;
}

/** What the person does on the issuer's login page. */
export type IssuerAction = { login: string } | { deny: true };

export interface OidcIssuer {
  /** Issuer identifier, e.g. http://127.0.0.1:41234 */
  url: string;
  clientId: string;
  clientSecret: string;
  /** Accounts by `sub`; add or change them at any time. */
  accounts: Map<string, IssuerAccount>;
  /** Env for buildTestApp. */
  env: Record<string, string>;
  /** Every request path the issuer saw (for asserting that the token endpoint was called etc.). */
  requests: string[];
  /**
   * Plays the browser at the issuer: opens `authorizationUrl` with a fresh cookie jar, performs
   * `action` on the login page, consents, and returns the URL the issuer redirects back to.
   */
  authorize(authorizationUrl: string, action: IssuerAction): Promise<URL>;
}

async function readBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/** Per-issuer in-memory storage for oidc-provider's models (the built-in one is process-wide and warns). */
function memoryAdapter() {
  const store = new Map<string, { payload: Record<string, unknown>; exp: number }>();
  return class {
    constructor(private readonly model: string) {}
    private key(id: string) {
      return `${this.model}:${id}`;
    }
    async upsert(id: string, payload: Record<string, unknown>, expiresIn?: number) {
      store.set(this.key(id), { payload, exp: expiresIn ? Date.now() + expiresIn * 1000 : Infinity });
    }
    async find(id: string) {
      const e = store.get(this.key(id));
      return e && e.exp > Date.now() ? e.payload : undefined;
    }
    async findByUid(uid: string) {
      for (const [k, e] of store) if (k.startsWith(`${this.model}:`) && e.payload.uid === uid && e.exp > Date.now()) return e.payload;
      return undefined;
    }
    async findByUserCode(userCode: string) {
      for (const [k, e] of store) if (k.startsWith(`${this.model}:`) && e.payload.userCode === userCode && e.exp > Date.now()) return e.payload;
      return undefined;
    }
    async consume(id: string) {
      const e = store.get(this.key(id));
      if (e) e.payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      store.delete(this.key(id));
    }
    async revokeByGrantId(grantId: string) {
      for (const [k, e] of store) if (e.payload.grantId === grantId) store.delete(k);
    }
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startOidcIssuer(t: After, opts: { redirectUri: string; clientId?: string; clientSecret?: string }): Promise<OidcIssuer> {
  const clientId = opts.clientId ?? "kreisportal";
  const clientSecret = opts.clientSecret ?? randomBytes(24).toString("hex");
  const accounts = new Map<string, IssuerAccount>();
  const requests: string[] = [];
  let provider!: Provider;
  let callback!: (req: IncomingMessage, res: ServerResponse) => void;

  async function interaction(req: IncomingMessage, res: ServerResponse, path: string) {
    const details = await provider.interactionDetails(req, res);
    const m = /^\/interaction\/[^/]+(?:\/(login|abort))?$/.exec(path);
    const step = m?.[1];
    if (req.method === "GET" && !step) {
      if (details.prompt.name === "consent") {
        // First-party client: consent is granted without asking.
        const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: details.session!.accountId!, clientId: String(details.params.client_id) });
        if (!grant) throw new Error("grant vanished");
        const d = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
        if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(" "));
        if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
        for (const [resource, scopes] of Object.entries(d.missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(" "));
        const grantId = await grant.save();
        return provider.interactionFinished(req, res, { consent: details.grantId ? {} : { grantId } }, { mergeWithLastSubmission: true });
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(
        `<!doctype html><title>Test-IdP</title><form method="post" action="/interaction/${escapeHtml(details.uid)}/login"><input name="login"><button>Anmelden</button></form>` +
          `<form method="post" action="/interaction/${escapeHtml(details.uid)}/abort"><button>Abbrechen</button></form>`,
      );
      return;
    }
    if (req.method === "POST" && step === "login") {
      const login = (await readBody(req)).get("login") ?? "";
      if (!accounts.has(login)) {
        res.writeHead(401, { "content-type": "text/plain" });
        res.end("unknown account");
        return;
      }
      return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    }
    if (req.method === "POST" && step === "abort") {
      return provider.interactionFinished(req, res, { error: "access_denied", error_description: "End-User aborted interaction" }, { mergeWithLastSubmission: false });
    }
    res.writeHead(404).end();
  }

  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    requests.push(`${req.method} ${path}`);
    if (path.startsWith("/interaction/")) {
      interaction(req, res, path).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end(String(err));
      });
      return;
    }
    callback(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.after(() => {
    // The app's fetch keeps connections alive; do not wait for them.
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  provider = new Provider(url, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [opts.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    async findAccount(_ctx: unknown, sub: string) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...account }) };
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "given_name", "family_name"] },
    features: { devInteractions: { enabled: false } },
    // The relying party must send a PKCE challenge even though it is a confidential client.
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    adapter: memoryAdapter(),
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    jwks: { keys: [{ ...privateKey.export({ format: "jwk" }), kid: "test", use: "sig", alg: "RS256" }] },
  });
  callback = provider.callback();

  async function authorize(authorizationUrl: string, action: IssuerAction): Promise<URL> {
    const jar = new Map<string, string>();
    const send = async (target: string, init: { method?: string; body?: string } = {}) => {
      const res = await fetch(new URL(target, url), {
        method: init.method ?? "GET",
        body: init.body,
        redirect: "manual",
        headers: {
          cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
          ...(init.body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        },
      });
      for (const line of res.headers.getSetCookie()) {
        const [pair = "", ...attrs] = line.split(";");
        const eq = pair.indexOf("=");
        const name = pair.slice(0, eq).trim();
        const value = pair.slice(eq + 1).trim();
        const expired = attrs.some((a) => /^\s*expires=/i.test(a) && new Date(a.split("=")[1]!).getTime() < Date.now()) || attrs.some((a) => /^\s*max-age=0/i.test(a));
        if (!value || expired) jar.delete(name);
        else jar.set(name, value);
      }
      return res;
    };
    let res = await send(authorizationUrl);
    for (let hops = 0; hops < 10; hops++) {
      const location = res.headers.get("location");
      if (res.status >= 300 && res.status < 400 && location) {
        const next = new URL(location, url);
        if (next.origin !== url) return next;
        res = await send(next.href);
        continue;
      }
      if (res.status === 200) {
        const page = await res.text();
        const uid = /action="\/interaction\/([^/"]+)\/login"/.exec(page)?.[1];
        if (!uid) throw new Error(`unexpected issuer page: ${page.slice(0, 300)}`);
        res = "login" in action ? await send(`/interaction/${uid}/login`, { method: "POST", body: new URLSearchParams({ login: action.login }).toString() }) : await send(`/interaction/${uid}/abort`, { method: "POST" });
        continue;
      }
      throw new Error(`issuer answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    }
    throw new Error("too many redirects at the issuer");
  }

  return {
    url,
    clientId,
    clientSecret,
    accounts,
    requests,
    env: { OIDC_ISSUER: url, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret, OIDC_LABEL: "Test-ID" },
    authorize,
  };
}
