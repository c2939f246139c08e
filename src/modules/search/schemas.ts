import { Type, type Static } from "@sinclair/typebox";

export const SearchQuery = Type.Object({
  q: Type.String({ maxLength: 2000, description: "What the citizen typed, e.g. „perso verloren pforzheim“" }),
  ags: Type.Optional(Type.String({ description: "8-digit municipality key (AGS): the responsible office is resolved for it", examples: ["08236040"] })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
});
export type SearchQuery = Static<typeof SearchQuery>;

export const Responsible = Type.Object({
  name: Type.String(),
  ars: Type.Union([Type.String(), Type.Null()]),
});

export const SearchResult = Type.Object({
  type: Type.Union([Type.Literal("service"), Type.Literal("office"), Type.Literal("page"), Type.Literal("item")], { description: "item: an object of another module (listing, road work, course …)" }),
  leikaKey: Type.Optional(Type.String({ description: "Only for type service" })),
  title: Type.String(),
  url: Type.String(),
  score: Type.Number(),
  responsible: Type.Optional(Responsible),
  onlineUrl: Type.Optional(
    Type.String({ description: "Only for type service: where to apply online — the portal's own online form (a path such as /antraege/hundesteuer-anmeldung), else the service's external online service (absolute URL); absent when there is none" }),
  ),
  appointmentUrl: Type.Optional(
    Type.String({ description: "Only for type service: the path to book an appointment for it (with the municipality as ags when one was chosen); absent when the service is not bookable" }),
  ),
  image: Type.Optional(
    Type.Object(
      { url: Type.String(), alt: Type.String({ description: "Description of the picture (alt text)" }), width: Type.Integer(), height: Type.Integer() },
      { description: "Only for type item: a public thumbnail (≤ 400 px), e.g. a listing's first photo; absent when there is none" },
    ),
  ),
});
export type SearchResult = Static<typeof SearchResult>;

export const SearchResponse = Type.Object({
  results: Type.Array(SearchResult),
  didYouMean: Type.Optional(Type.String({ description: "The query with typos corrected, when the search used corrections" })),
  place: Type.Optional(Type.Object({ ags: Type.String(), name: Type.String() }, { description: "Municipality named in the query or given as ags" })),
});
export type SearchResponse = Static<typeof SearchResponse>;

export const SuggestQuery = Type.Object({
  q: Type.String({ maxLength: 200, description: "What has been typed so far" }),
});
export type SuggestQuery = Static<typeof SuggestQuery>;

export const SuggestResponse = Type.Object({
  suggestions: Type.Array(Type.Object({ title: Type.String(), url: Type.String(), type: Type.String() })),
});
export type SuggestResponse = Static<typeof SuggestResponse>;

