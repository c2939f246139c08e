import { randomBytes } from "node:crypto";
import path from "node:path";
import { loadAssistantConfig, type AssistantConfig } from "./config/assistant.js";
import { loadFitConnectConfig, type FitConnectClientConfig } from "./config/fitConnect.js";
import { ConfigError, int, parseReminderDays } from "./config/parse.js";

export { ConfigError, parseReminderDays } from "./config/parse.js";
export type { AssistantConfig } from "./config/assistant.js";
export type { FitConnectClientConfig } from "./config/fitConnect.js";

/** Validated runtime configuration. Every variable is documented in README.md. */
export interface Config {
  env: "production" | "development" | "test";
  port: number;
  host: string;
  publicUrl: string;
  /** Secure cookies are only sent over HTTPS; derived from PUBLIC_URL. */
  secureCookies: boolean;
  databaseUrl: string | undefined;
  varDir: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  sessionSecret: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  countyKey: string;
  /** Further Kreise served by the same portal, e.g. a Stadtkreis that shares the county's offices (Pforzheim 08231 with the Enzkreis). */
  partnerKeys: string[];
  logLevel: string;
  /** Bearer token for GET /metrics (METRICS_TOKEN, ≥ 32 characters); unset = no metrics endpoint (404). */
  metricsToken: string | undefined;
  oidc: {
    issuer: string;
    clientId: string;
    clientSecret: string;
    label: string;
    /** Space-separated scopes for the authorization request (OIDC_SCOPES). */
    scopes: string;
  } | undefined;
  demoData: boolean;
  trustProxy: boolean;
  /** Proof-of-work challenge on appointment bookings ("off" only for load tests; BOOKING_CHALLENGE). */
  bookingChallenge: boolean;
  /** Upper bound of the random delay before a cancelled appointment is offered again (BOOKING_RELEASE_DELAY_MAX_S). */
  bookingReleaseDelayMaxSeconds: number;
  /** Online payment (docs/modules/payments.md). */
  payments: PaymentsConfig;
  /** File storage and upload checks (docs/modules/files.md). */
  files: FilesConfig;
  /** Limits of the HTTP server (docs/OPERATIONS.md, "Timeouts and limits"). */
  http: HttpLimits;
  /** Road works (docs/modules/roadworks.md): conflict distance (ROADWORKS_CONFLICT_METERS) and map tiles (MAP_TILE_URL, unset = no map, list and coordinates only). */
  roadworks: {
    conflictMeters: number;
    tileUrl: string | undefined;
    /** Text shown in the maps' corner for the tiles (MAP_TILE_ATTRIBUTION, e.g. "© OpenStreetMap-Mitwirkende"); plain text. */
    tileAttribution: string | undefined;
    /**
     * Where consent requests with an answer link go: police (ROADWORKS_POLICE_EMAIL), bus operator (ROADWORKS_BUS_EMAIL),
     * the municipality (its office's e-mail in the org units, else ROADWORKS_MUNICIPALITY_EMAIL). Unset = no mail, staff
     * record that party's answer. Outside production *.example demo addresses are the default.
     */
    partyEmails: { police: string | undefined; bus: string | undefined; municipality: string | undefined };
    /** The one reminder goes this many working days (Mon–Fri without BW holidays) before a consent deadline, first round and change rounds (ROADWORKS_REMINDER_DAYS, 2). */
    reminderDays: number;
    /** Answer links stay valid this many days after the deadline (ROADWORKS_ANSWER_GRACE_DAYS, 7). */
    answerGraceDays: number;
  };
  /** Pflegebörse (docs/modules/care.md): numbers older than staleHours are "nicht aktuell" (CARE_STALE_HOURS, 72); providers whose every number is older than dropAfterDays leave the search results (CARE_DROP_AFTER_DAYS, 14); provider invitations expire after invitationDays (CARE_INVITATION_DAYS, 14); closed requests are deleted after requestRetentionMonths (CARE_REQUEST_RETENTION_MONTHS, 6). */
  care: { staleHours: number; dropAfterDays: number; invitationDays: number; requestRetentionMonths: number };
  /** Beteiligung (docs/modules/participation.md): agencies (TÖB) get a reminder agencyReminderDays before their deadline (PARTICIPATION_AGENCY_REMINDER_DAYS, 3); their token link stays readable agencyGraceDays after it (PARTICIPATION_AGENCY_GRACE_DAYS, 30). */
  participation: { agencyReminderDays: number; agencyGraceDays: number };
  /**
   * Streuobstbörse (docs/modules/orchards.md): the exchange's staff address for link-only notices of disputed check-lists
   * and escalated overdue loans (ORCHARDS_STAFF_EMAIL; unset = no mail, the staff queue shows them anyway; outside
   * production a *.example demo address is the default); an overdue loan is reminded again every overdueRepeatDays
   * (ORCHARDS_OVERDUE_REPEAT_DAYS, 3) and escalated to staff after overdueEscalateAfter reminders (ORCHARDS_OVERDUE_ESCALATE_AFTER, 3).
   */
  orchards: { staffEmail: string | undefined; overdueRepeatDays: number; overdueEscalateAfter: number };
  /**
   * E-learning (docs/modules/learning.md): a certificate with a validity gets a "renew before expiry" mail at each of
   * these days before it expires, each once (LEARNING_RENEWAL_REMINDER_DAYS, e.g. "60,14,1"; default "30"), unless its
   * course sets its own `renewalReminderDays`. Descending, distinct, 1–365. videoRoomUrl (LEARNING_VIDEO_ROOM_URL, https):
   * base of the video identification's meeting link (a random room name is appended); default: a sandbox address.
   */
  learning: { renewalReminderDays: number[]; videoRoomUrl: string };
  /** The assistant's phone interface, speech output and optional language model (docs/modules/assistant.md). */
  assistant: AssistantConfig;
  /** The county's GovData contributor id for the DCAT-AP.de catalogue of /zahlen (GOVDATA_CONTRIBUTOR_ID, e.g. the id GovData assigned; unset = not stated). */
  govDataContributorId: string | undefined;
  /** E-Akte (docs/modules/records.md): hosts webhook receivers may point to (RECORDS_WEBHOOK_ALLOWED_HOSTS, comma-separated names or `*.suffix`); unset = any public host, and in production no internal addresses (ADR 0077). */
  records: { webhookAllowedHosts: string[] | undefined };
  /** Exchange with other systems (docs/modules/interop.md). */
  interop: { fitConnect: FitConnectClientConfig | undefined };
  /**
   * A geocoder with Nominatim's search API (platform/geo/geocoder.ts): GEOCODER_URL (e.g. the county's own
   * Nominatim, https://nominatim.kreis.example), GEOCODER_TIMEOUT_MS (2000). Unset = addresses resolve to their
   * municipality's centre.
   */
  geocoder: { url: string; timeoutMs: number } | undefined;
}

/** Bounds on how long and how many connections one node holds, so slow clients cannot pin it. */
export interface HttpLimits {
  /** Whole request (headers and body) must arrive within this (HTTP_REQUEST_TIMEOUT_MS). */
  requestTimeoutMs: number;
  /** Headers must arrive within this (HTTP_HEADERS_TIMEOUT_MS, at most the request timeout). */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (HTTP_KEEP_ALIVE_TIMEOUT_MS). */
  keepAliveTimeoutMs: number;
  /** A socket without any traffic is closed after this (HTTP_CONNECTION_TIMEOUT_MS). */
  connectionTimeoutMs: number;
  /** Further connections are refused beyond this many open ones (HTTP_MAX_CONNECTIONS). */
  maxConnections: number;
}

/** Where uploaded files go and what an upload may be. */
export interface FilesConfig {
  /** Storage provider id: "local" (default) or "s3" (FILE_STORAGE). */
  storage: string;
  /** Folder of the local provider, outside the web root (FILES_DIR, default $VAR_DIR/files). */
  dir: string;
  s3: { endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string; forcePathStyle: boolean } | undefined;
  /** Largest single upload in bytes (UPLOAD_MAX_BYTES); a form field may only lower it. */
  maxBytes: number;
  /** Largest multipart request in bytes (UPLOAD_MAX_REQUEST_BYTES). */
  maxRequestBytes: number;
  /** Most files in one request (UPLOAD_MAX_FILES). */
  maxFiles: number;
  /** Path of the ClamAV `clamscan` binary; unset = no virus scan (CLAMSCAN_PATH). */
  clamscanPath: string | undefined;
  /** Bytes one client (account, else IP) may upload per hour (UPLOAD_QUOTA_BYTES_PER_HOUR); 0 = no limit. */
  quotaBytesPerHour: number;
  /** Total bytes of uploads no record holds yet, over all clients (UPLOAD_UNLINKED_MAX_BYTES); 0 = no limit. */
  unlinkedMaxBytes: number;
}

/** The payment service and the fines API (PAYMENT_*). */
export interface PaymentsConfig {
  /** Provider id (PAYMENT_PROVIDER): "xbezahldienste", or "sandbox" (default outside production; refused in production). Unset in production = no online payment. */
  provider: string | undefined;
  /** Base URL of the payment service (PAYMENT_URL); unset with "sandbox" = the portal starts the sandbox itself. */
  url: string | undefined;
  /** Shared secret: bearer token and HMAC key of notifications (PAYMENT_SECRET, ≥ 32 characters; random per start for the sandbox). */
  secret: string;
  originatorId: string;
  endpointId: string;
  /** Where the provider POSTs notifications (PAYMENT_NOTIFY_URL, default $PUBLIC_URL/api/v1/payments/notifications). */
  notifyUrl: string;
  /** An INITIAL transaction older than this is checked at the provider (PAYMENT_STALE_HOURS). */
  staleHours: number;
  /** Bearer token of the open-items API for the specialist software (PAYMENT_API_TOKEN, ≥ 32 characters); unset = API off. */
  apiToken: string | undefined;
  /** Department keys whose members see the reconciliation list and import open items (PAYMENT_STAFF_UNITS). */
  staffUnits: string[];
  /** Haushaltsstelle booked for fines (PAYMENT_FINES_ACCOUNT). */
  finesAccount: string;
}

/** RECORDS_WEBHOOK_ALLOWED_HOSTS: host names or `*.suffix` patterns, lower case; undefined when unset or empty. */
function parseAllowedHosts(value: string | undefined): string[] | undefined {
  const list = (value ?? "").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean);
  for (const h of list) if (!/^(\*\.)?[a-z0-9.:[\]-]+$/.test(h) || h.startsWith(".") || h.endsWith(".")) throw new Error(h);
  return list.length ? list : undefined;
}

/** LEARNING_VIDEO_ROOM_URL: an https address without query or fragment (the room name becomes its last path segment). */
function parseVideoRoomUrl(raw: string | undefined): string {
  if (raw === undefined || raw === "") return "https://video-sandbox.kreisportal.example/raum";
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError(`LEARNING_VIDEO_ROOM_URL ist keine gültige URL: ${raw}`);
  }
  if (u.protocol !== "https:" || u.search || u.hash) throw new ConfigError("LEARNING_VIDEO_ROOM_URL muss eine https-Adresse ohne ? und # sein.");
  return raw.replace(/\/+$/, "");
}

/** Reads configuration from environment variables; throws ConfigError with a German message on bad values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV === "production" ? "production" : env.NODE_ENV === "test" ? "test" : "development";
  const port = int("PORT", env.PORT, 3000);
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, "");
  try {
    new URL(publicUrl);
  } catch {
    throw new ConfigError(`PUBLIC_URL ist keine gültige URL: ${publicUrl}`);
  }
  let sessionSecret = env.SESSION_SECRET ?? "";
  if (!sessionSecret) {
    if (nodeEnv === "production") throw new ConfigError("SESSION_SECRET muss in Produktion gesetzt sein (mindestens 32 Zeichen).");
    // Development only: a per-process secret; signed cookies then do not survive a restart.
    sessionSecret = randomBytes(32).toString("hex");
  }
  if (sessionSecret.length < 32) throw new ConfigError("SESSION_SECRET muss mindestens 32 Zeichen lang sein.");
  const countyKey = env.COUNTY_KEY ?? "08236";
  if (!/^\d{5}$/.test(countyKey)) throw new ConfigError(`COUNTY_KEY muss ein fünfstelliger Kreisschlüssel sein (ist: ${countyKey})`);
  const partnerKeys = (env.PARTNER_KEYS ?? (env.COUNTY_KEY ? "" : "08231")).split(",").map((k) => k.trim()).filter(Boolean);
  for (const k of partnerKeys) if (!/^\d{5}$/.test(k)) throw new ConfigError(`PARTNER_KEYS enthält keinen fünfstelligen Kreisschlüssel: ${k}`);
  const oidcIssuer = env.OIDC_ISSUER || undefined;
  if (oidcIssuer) {
    let u: URL;
    try {
      u = new URL(oidcIssuer);
    } catch {
      throw new ConfigError(`OIDC_ISSUER ist keine gültige URL: ${oidcIssuer}`);
    }
    if (nodeEnv === "production" && u.protocol !== "https:") throw new ConfigError("OIDC_ISSUER muss in Produktion eine https-Adresse sein.");
    if (!env.OIDC_CLIENT_ID) throw new ConfigError("OIDC_CLIENT_ID muss gesetzt sein, wenn OIDC_ISSUER gesetzt ist.");
  }
  const storage = env.FILE_STORAGE || "local";
  if (!["local", "s3"].includes(storage)) throw new ConfigError(`FILE_STORAGE muss "local" oder "s3" sein (ist: ${storage})`);
  if (storage === "s3") {
    for (const k of ["S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"]) if (!env[k]) throw new ConfigError(`${k} muss gesetzt sein, wenn FILE_STORAGE=s3 ist.`);
    try {
      new URL(env.S3_ENDPOINT!);
    } catch {
      throw new ConfigError(`S3_ENDPOINT ist keine gültige URL: ${env.S3_ENDPOINT}`);
    }
  }
  const varDir = path.resolve(env.VAR_DIR ?? "var");
  const uploadMaxBytes = int("UPLOAD_MAX_BYTES", env.UPLOAD_MAX_BYTES, 10 * 1024 * 1024);
  const paymentProvider = env.PAYMENT_PROVIDER || (nodeEnv === "production" ? undefined : "sandbox");
  let paymentSecret = env.PAYMENT_SECRET ?? "";
  if (paymentProvider && !paymentSecret) {
    if (paymentProvider !== "sandbox" || env.PAYMENT_URL) throw new ConfigError("PAYMENT_SECRET muss gesetzt sein, wenn PAYMENT_PROVIDER oder PAYMENT_URL gesetzt ist.");
    // The sandbox started by the portal itself shares a per-start secret.
    paymentSecret = randomBytes(32).toString("hex");
  }
  if (paymentProvider && paymentSecret.length < 32) throw new ConfigError("PAYMENT_SECRET muss mindestens 32 Zeichen lang sein.");
  if (paymentProvider === "sandbox" && nodeEnv === "production") throw new ConfigError("PAYMENT_PROVIDER=sandbox ist in Produktion nicht erlaubt.");
  if (paymentProvider && paymentProvider !== "sandbox" && !env.PAYMENT_URL) throw new ConfigError("PAYMENT_URL muss gesetzt sein, wenn PAYMENT_PROVIDER gesetzt ist.");
  if (env.PAYMENT_API_TOKEN && env.PAYMENT_API_TOKEN.length < 32) throw new ConfigError("PAYMENT_API_TOKEN muss mindestens 32 Zeichen lang sein.");
  const requestTimeoutMs = int("HTTP_REQUEST_TIMEOUT_MS", env.HTTP_REQUEST_TIMEOUT_MS, 60_000);
  if (requestTimeoutMs === 0) throw new ConfigError("HTTP_REQUEST_TIMEOUT_MS muss größer als 0 sein.");
  const http: HttpLimits = {
    requestTimeoutMs,
    headersTimeoutMs: Math.min(requestTimeoutMs, int("HTTP_HEADERS_TIMEOUT_MS", env.HTTP_HEADERS_TIMEOUT_MS, 20_000)),
    // Longer than the proxy's upstream keep-alive (nginx: 60 s), so the proxy closes first and never reuses a closed socket.
    keepAliveTimeoutMs: int("HTTP_KEEP_ALIVE_TIMEOUT_MS", env.HTTP_KEEP_ALIVE_TIMEOUT_MS, 65_000),
    connectionTimeoutMs: int("HTTP_CONNECTION_TIMEOUT_MS", env.HTTP_CONNECTION_TIMEOUT_MS, 120_000),
    maxConnections: int("HTTP_MAX_CONNECTIONS", env.HTTP_MAX_CONNECTIONS, 2_000),
  };
  let webhookAllowedHosts: string[] | undefined;
  try {
    webhookAllowedHosts = parseAllowedHosts(env.RECORDS_WEBHOOK_ALLOWED_HOSTS);
  } catch (err) {
    throw new ConfigError(`RECORDS_WEBHOOK_ALLOWED_HOSTS enthält keinen Hostnamen und kein *.suffix-Muster: ${(err as Error).message}`);
  }
  let geocoder: Config["geocoder"];
  if (env.GEOCODER_URL) {
    let u: URL;
    try {
      u = new URL(env.GEOCODER_URL);
    } catch {
      throw new ConfigError(`GEOCODER_URL ist keine gültige URL: ${env.GEOCODER_URL}`);
    }
    if (u.protocol !== "https:" && u.protocol !== "http:") throw new ConfigError(`GEOCODER_URL muss mit https:// beginnen: ${env.GEOCODER_URL}`);
    geocoder = { url: env.GEOCODER_URL, timeoutMs: Math.max(100, int("GEOCODER_TIMEOUT_MS", env.GEOCODER_TIMEOUT_MS, 2000)) };
  }
  if (env.METRICS_TOKEN && env.METRICS_TOKEN.length < 32) throw new ConfigError("METRICS_TOKEN muss mindestens 32 Zeichen lang sein.");
  return {
    env: nodeEnv,
    port,
    host: env.HOST ?? "0.0.0.0",
    publicUrl,
    secureCookies: publicUrl.startsWith("https://"),
    databaseUrl: env.DATABASE_URL || undefined,
    varDir,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? "Kreisportal <noreply@kreisportal.example>",
    sessionSecret,
    sessionIdleMinutes: int("SESSION_IDLE_MINUTES", env.SESSION_IDLE_MINUTES, 30),
    sessionAbsoluteHours: int("SESSION_ABSOLUTE_HOURS", env.SESSION_ABSOLUTE_HOURS, 12),
    countyKey,
    partnerKeys,
    metricsToken: env.METRICS_TOKEN || undefined,
    logLevel: env.LOG_LEVEL ?? (nodeEnv === "test" ? "warn" : "info"),
    oidc: oidcIssuer
      ? {
          issuer: oidcIssuer,
          clientId: env.OIDC_CLIENT_ID ?? "",
          clientSecret: env.OIDC_CLIENT_SECRET ?? "",
          label: env.OIDC_LABEL ?? "DeutschlandID",
          // "openid" is what makes it an OpenID Connect request; it is always sent.
          scopes: [...new Set(["openid", ...(env.OIDC_SCOPES ?? "email profile").split(/\s+/).filter(Boolean)])].join(" "),
        }
      : undefined,
    demoData: (env.DEMO_DATA ?? (nodeEnv === "production" ? "false" : "true")) === "true",
    trustProxy: env.TRUST_PROXY === "true",
    bookingChallenge: env.BOOKING_CHALLENGE !== "off",
    roadworks: {
      conflictMeters: int("ROADWORKS_CONFLICT_METERS", env.ROADWORKS_CONFLICT_METERS, 100),
      tileUrl: env.MAP_TILE_URL || undefined,
      tileAttribution: env.MAP_TILE_ATTRIBUTION || undefined,
      partyEmails: {
        police: (env.ROADWORKS_POLICE_EMAIL ?? (nodeEnv === "production" ? "" : "verkehrspolizei@kreisportal.example")) || undefined,
        bus: (env.ROADWORKS_BUS_EMAIL ?? (nodeEnv === "production" ? "" : "baustellen@busbetrieb.example")) || undefined,
        municipality: (env.ROADWORKS_MUNICIPALITY_EMAIL ?? (nodeEnv === "production" ? "" : "gemeinde@kreisportal.example")) || undefined,
      },
      reminderDays: int("ROADWORKS_REMINDER_DAYS", env.ROADWORKS_REMINDER_DAYS, 2),
      answerGraceDays: int("ROADWORKS_ANSWER_GRACE_DAYS", env.ROADWORKS_ANSWER_GRACE_DAYS, 7),
    },
    care: {
      staleHours: Math.max(1, int("CARE_STALE_HOURS", env.CARE_STALE_HOURS, 72)),
      dropAfterDays: Math.max(1, int("CARE_DROP_AFTER_DAYS", env.CARE_DROP_AFTER_DAYS, 14)),
      // Provider invitations by mail are valid this many days (CARE_INVITATION_DAYS, 14); closed requests are deleted after CARE_REQUEST_RETENTION_MONTHS (6).
      invitationDays: Math.max(1, int("CARE_INVITATION_DAYS", env.CARE_INVITATION_DAYS, 14)),
      requestRetentionMonths: Math.max(1, int("CARE_REQUEST_RETENTION_MONTHS", env.CARE_REQUEST_RETENTION_MONTHS, 6)),
    },
    participation: { agencyReminderDays: Math.max(1, int("PARTICIPATION_AGENCY_REMINDER_DAYS", env.PARTICIPATION_AGENCY_REMINDER_DAYS, 3)), agencyGraceDays: Math.max(0, int("PARTICIPATION_AGENCY_GRACE_DAYS", env.PARTICIPATION_AGENCY_GRACE_DAYS, 30)) },
    orchards: {
      staffEmail: (env.ORCHARDS_STAFF_EMAIL ?? (nodeEnv === "production" ? "" : "streuobst@kreisportal.example")) || undefined,
      overdueRepeatDays: Math.max(1, int("ORCHARDS_OVERDUE_REPEAT_DAYS", env.ORCHARDS_OVERDUE_REPEAT_DAYS, 3)),
      overdueEscalateAfter: Math.max(1, int("ORCHARDS_OVERDUE_ESCALATE_AFTER", env.ORCHARDS_OVERDUE_ESCALATE_AFTER, 3)),
    },
    learning: { renewalReminderDays: parseReminderDays("LEARNING_RENEWAL_REMINDER_DAYS", env.LEARNING_RENEWAL_REMINDER_DAYS, [30]), videoRoomUrl: parseVideoRoomUrl(env.LEARNING_VIDEO_ROOM_URL) },
    bookingReleaseDelayMaxSeconds: int("BOOKING_RELEASE_DELAY_MAX_S", env.BOOKING_RELEASE_DELAY_MAX_S, 900),
    payments: {
      provider: paymentProvider,
      url: env.PAYMENT_URL ? env.PAYMENT_URL.replace(/\/$/, "") : undefined,
      secret: paymentSecret,
      originatorId: env.PAYMENT_ORIGINATOR_ID || "kreisportal",
      endpointId: env.PAYMENT_ENDPOINT_ID || "default",
      notifyUrl: env.PAYMENT_NOTIFY_URL || `${publicUrl}/api/v1/payments/notifications`,
      staleHours: int("PAYMENT_STALE_HOURS", env.PAYMENT_STALE_HOURS, 2),
      apiToken: env.PAYMENT_API_TOKEN || undefined,
      staffUnits: (env.PAYMENT_STAFF_UNITS ?? "zentrale,bussgeld").split(",").map((k) => k.trim()).filter(Boolean),
      finesAccount: env.PAYMENT_FINES_ACCOUNT || "1.1220.1100",
    },
    files: {
      storage,
      dir: path.resolve(env.FILES_DIR || path.join(varDir, "files")),
      s3:
        storage === "s3"
          ? {
              endpoint: env.S3_ENDPOINT!.replace(/\/$/, ""),
              bucket: env.S3_BUCKET!,
              region: env.S3_REGION || "us-east-1",
              accessKeyId: env.S3_ACCESS_KEY_ID!,
              secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
              forcePathStyle: (env.S3_FORCE_PATH_STYLE ?? "true") !== "false",
            }
          : undefined,
      maxBytes: uploadMaxBytes,
      maxRequestBytes: int("UPLOAD_MAX_REQUEST_BYTES", env.UPLOAD_MAX_REQUEST_BYTES, Math.max(25 * 1024 * 1024, uploadMaxBytes)),
      maxFiles: int("UPLOAD_MAX_FILES", env.UPLOAD_MAX_FILES, 10),
      clamscanPath: env.CLAMSCAN_PATH || undefined,
      quotaBytesPerHour: int("UPLOAD_QUOTA_BYTES_PER_HOUR", env.UPLOAD_QUOTA_BYTES_PER_HOUR, 100 * 1024 * 1024),
      unlinkedMaxBytes: int("UPLOAD_UNLINKED_MAX_BYTES", env.UPLOAD_UNLINKED_MAX_BYTES, 5 * 1024 * 1024 * 1024),
    },
    http,
    assistant: loadAssistantConfig(env),
    govDataContributorId: env.GOVDATA_CONTRIBUTOR_ID?.trim() || undefined,
    records: { webhookAllowedHosts },
    geocoder,
    interop: { fitConnect: loadFitConnectConfig(env, nodeEnv === "production") },
  };
}
