/**
 * The module contract (docs/ARCHITECTURE.md "Module contract"). Every module's index.ts exports one
 * `defineModule({...})`; src/app.tsx lists the modules in one array and builds one registry per app from
 * it. Nothing is registered by importing a file, and no module keeps mutable state at module level:
 * what a plugin or job needs comes from the app (`app.deps`, `app.registry`, `app.services`) or from
 * the job context.
 */
import type { FastifyInstance } from "fastify";
import type { Transaction } from "kysely";
import type { Database, Db } from "./db/index.js";
import type { Config } from "./config.js";
import type { ComponentChildren } from "preact";
import { createMessages, type Locale, type MessageRegistry, type Messages, type Translate } from "./i18n/index.js";
import type { JobDefinition } from "./jobs/index.js";
import type { SessionUser } from "./auth/session.js";
import { buildNav, type NavItem } from "./views/context.js";
import { createEventBus, type EventBus, type EventSubscribers } from "./events/index.js";

/** A payment that was booked PAYED, as the paying module's subject handler sees it. */
export interface PaidTransaction {
  id: string;
  subjectId: string;
  amountCents: number;
  reference: string;
}

/** What a payment pays for: runs inside the transaction that books PAYED (never "paid" without its consequence). */
export interface PaymentSubjectHandler {
  onPaid(tx: Transaction<Database>, paid: PaidTransaction): Promise<void>;
}

/**
 * One object of a module that the portal's search finds (a listing, a road work, a course …). The
 * search indexes `title` (strongest), `terms` and `text`; `ars` ties it to a place, so "… in Mühlacker"
 * ranks it first there. `kindLabel` is a message key of the owning module ("Streuobstbörse").
 */
export interface ModuleSearchDocument {
  /** Stable id inside the source ("listing-42"). */
  id: string;
  title: string;
  /** Where the result leads (a public page). */
  url: string;
  /** Extra words people use for it ("obstwiese pachten; wiese zu verpachten"). */
  terms?: string;
  /** Short description, shown under the title and indexed weakly. */
  text?: string;
  /** Regional key (ARS) of the municipality it belongs to. */
  ars?: string | null;
  /** 0..100, like services. */
  popularity?: number;
  /** A public thumbnail (≤ 400 px) with its alt text, shown beside the result (issue 16: listing photos). */
  image?: SearchImage;
}

/** A search result's picture: a public URL, its description as alt text, and its size. */
export interface SearchImage {
  url: string;
  alt: string;
  width: number;
  height: number;
}

/**
 * A module's objects as search documents. The search loads every source when it (re)builds its index;
 * a module that changes what its source returns calls `bumpCatalogVersion(tx)` in that transaction,
 * so every node rebuilds (platform/db/catalogVersion.ts).
 */
export interface SearchSource {
  /** "orchards.listing": unique in the app; also the result's id prefix. */
  kind: string;
  /** Message key naming the kind in results ("orchards.search.kind"). */
  kindLabel: string;
  load(db: Db): Promise<ModuleSearchDocument[]>;
}

/**
 * A section a module adds to the portal's start page (news of the person's municipality …). The start
 * page renders all of them, by `order`, below its own content; `null` leaves the section out.
 */
export interface HomeSection {
  order: number;
  render(ctx: { db: Db; config: Config; ags: string | undefined; t: Translate; locale: Locale }): Promise<ComponentChildren | null>;
}

/**
 * A panel a module adds to the staff page of a case (the E-Akte's file of the case …). The cases module
 * renders all of them, by `order`, after it has checked that `user` may read the case; a panel checks
 * its own objects and returns `null` when it has nothing to show.
 */
export interface CasePanel {
  order: number;
  render(ctx: { db: Db; caseId: string; user: SessionUser; t: Translate; locale: Locale }): Promise<ComponentChildren | null>;
}

/** One open task of a module shown in the staff inbox of the cases module (a consent to give, an order to issue …). */
export interface StaffTask {
  /** Stable id inside the source. */
  id: string;
  /** What to do, already translated ("Stellungnahme der Gemeinde: BS-2026-… Kanal Hauptstraße"). */
  title: string;
  /** Where it is done (the module's own page, which checks authorization again). */
  url: string;
  /** Deadline (YYYY-MM-DD), if any. */
  due?: string;
}

/**
 * Tasks a module adds to the staff inbox (rendered by the cases module above its cases, by `order`). The
 * source lists only what `user` may do; the inbox never reads the module's tables.
 */
export interface StaffTaskSource {
  order: number;
  /** Message key of the group heading ("roadworks.tasks.title"). */
  label: string;
  list(ctx: { db: Db; user: SessionUser; t: Translate }): Promise<StaffTask[]>;
}

export interface ModuleDefinition {
  /** Short lowercase id, unique in the app. */
  name: string;
  /** Message catalogues (de and en) of the module's pages, mails and documents. */
  messages?: readonly Messages[];
  /** Entries in the main navigation (sorted by `order`; ties keep the modules list's order). */
  nav?: readonly NavItem[];
  /** Durable jobs and cron timers; the handler gets its dependencies in the job context. */
  jobs?: readonly JobDefinition[];
  /** Payment subject handlers by subject type ("application"). */
  paymentSubjects?: Readonly<Record<string, PaymentSubjectHandler>>;
  /** Subscribers to other modules' events (delivered after the publisher's commit). */
  events?: EventSubscribers;
  /** Objects the portal's search finds (public ones only: the index has no actor). */
  searchSources?: readonly SearchSource[];
  /** Sections of the start page (rendered by the portal module). */
  homeSections?: readonly HomeSection[];
  /** Panels on the staff page of a case (rendered by the cases module). */
  casePanels?: readonly CasePanel[];
  /** Open tasks in the staff inbox (rendered by the cases module). */
  staffTasks?: readonly StaffTaskSource[];
  /**
   * Demo data of the module (DEMO_DATA=true; run by src/server.ts after master data, offices and the
   * catalogue, in the modules list's order). Must be idempotent: it runs on every start.
   */
  demoData?: (ctx: { db: Db; config: Config; log: (message: string) => void }) => Promise<void>;
  /** Routes and pages; registered in the modules list's order. */
  plugin?: (app: FastifyInstance) => Promise<void>;
}

/** Declares a module (an identity function: the type checks the definition). */
export function defineModule(def: ModuleDefinition): ModuleDefinition {
  if (!/^[a-z][a-z0-9-]{0,30}$/.test(def.name)) throw new Error(`bad module name ${def.name}`);
  return def;
}

/** Everything an app built from a modules list knows; one per app, never shared between apps. */
export interface AppRegistry {
  modules: readonly ModuleDefinition[];
  messages: MessageRegistry;
  nav: readonly NavItem[];
  jobs: readonly JobDefinition[];
  paymentSubjects: ReadonlyMap<string, PaymentSubjectHandler>;
  events: EventBus;
  searchSources: readonly SearchSource[];
  homeSections: readonly HomeSection[];
  casePanels: readonly CasePanel[];
  staffTasks: readonly StaffTaskSource[];
}

/** Builds the per-app registries from the modules list; duplicate names, jobs, nav entries or subjects are refused. */
export function buildRegistry(modules: readonly ModuleDefinition[]): AppRegistry {
  const names = new Set<string>();
  const jobs: JobDefinition[] = [];
  const subjects = new Map<string, PaymentSubjectHandler>();
  const searchSources: SearchSource[] = [];
  for (const m of modules) {
    for (const src of m.searchSources ?? []) {
      if (searchSources.some((s) => s.kind === src.kind)) throw new Error(`search source ${src.kind} declared twice`);
      searchSources.push(src);
    }
    if (names.has(m.name)) throw new Error(`module ${m.name} listed twice`);
    names.add(m.name);
    for (const j of m.jobs ?? []) {
      if (jobs.some((d) => d.name === j.name)) throw new Error(`job ${j.name} declared twice`);
      jobs.push(j);
    }
    for (const [type, handler] of Object.entries(m.paymentSubjects ?? {})) {
      if (subjects.has(type)) throw new Error(`payment subject ${type} declared twice`);
      subjects.set(type, handler);
    }
  }
  return {
    modules,
    messages: createMessages(modules.flatMap((m) => m.messages ?? [])),
    nav: buildNav(modules.flatMap((m) => m.nav ?? [])),
    jobs,
    paymentSubjects: subjects,
    events: createEventBus(modules),
    searchSources,
    homeSections: modules.flatMap((m) => m.homeSections ?? []).sort((a, b) => a.order - b.order),
    casePanels: modules.flatMap((m) => m.casePanels ?? []).sort((a, b) => a.order - b.order),
    staffTasks: modules.flatMap((m) => m.staffTasks ?? []).sort((a, b) => a.order - b.order),
  };
}
