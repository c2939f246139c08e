/** The published data sets for a filter (read from the roll-up only), their CSV / JSON form, and the DCAT-AP.de catalogue. */
import type { Db } from "../../platform/db/index.js";
import { toCsv } from "../../platform/csv.js";
import { buildDatasets, datasetRows, lastMonths, SUPPRESSED, type Dataset, type DatasetId } from "./metrics.js";
import { listSearchMisses, readFacts, readPaperCounts } from "./queries.js";

export interface Filter {
  service: string;
  ags: string;
}

/** The five data sets of /zahlen for a filter, for the twelve months up to `now`. */
export async function loadDatasets(db: Db, filter: Filter, now = new Date()): Promise<Dataset[]> {
  const months = lastMonths(now, 12);
  const from = months[0]!;
  const [facts, paper, misses] = await Promise.all([readFacts(db, { ...filter, fromMonth: from }), readPaperCounts(db, { ...filter, fromMonth: from }), listSearchMisses(db)]);
  return buildDatasets(months, facts, paper, misses);
}

/** A text cell that a spreadsheet would run as a formula is prefixed with an apostrophe. */
const safe = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/** CSV of a data set: a header of column keys, then the rows exactly as the chart and table show them. */
export function datasetCsv(d: Dataset): string {
  return toCsv(d.columns, datasetRows(d).map(([label, ...cells]) => [safe(label!), ...cells]));
}

/** JSON of a data set: the same cells (numbers, null for no data, "< 5" suppressed). */
export function datasetJson(d: Dataset, filter: Filter, title: string) {
  return {
    dataset: d.id,
    title,
    filter: { service: filter.service || null, municipality: filter.ags || null },
    columns: d.columns,
    chartColumn: d.chartColumn,
    suppressed: SUPPRESSED,
    license: LICENSE,
    rows: d.rows.map((r) => Object.fromEntries([[d.columns[0]!, r.label], ...r.cells.map((c, i) => [d.columns[i + 1]!, c])])),
  };
}

export const LICENSE = "http://dcat-ap.de/def/licenses/dl-by-de/2.0";

/** DCAT-AP.de catalogue (JSON-LD) of the published data sets, each with a CSV and a JSON distribution. */
export function dcatCatalogue(o: { baseUrl: string; publisher: string; countyKey: string; contributorId?: string; modified: Date | undefined; datasets: Array<{ id: DatasetId; title: string; description: string }> }) {
  const publisher = { "@type": "foaf:Organization", "foaf:name": o.publisher };
  const modified = o.modified ? { "@value": o.modified.toISOString(), "@type": "xsd:dateTime" } : undefined;
  const dist = (id: string, title: string, ext: "csv" | "json") => ({
    "@id": `${o.baseUrl}/zahlen/daten/${id}.${ext}`,
    "@type": "dcat:Distribution",
    "dct:title": `${title} (${ext.toUpperCase()})`,
    "dcat:accessURL": { "@id": `${o.baseUrl}/zahlen/daten/${id}.${ext}` },
    "dcat:downloadURL": { "@id": `${o.baseUrl}/zahlen/daten/${id}.${ext}` },
    "dcat:mediaType": { "@id": `https://www.iana.org/assignments/media-types/${ext === "csv" ? "text/csv" : "application/json"}` },
    "dct:format": { "@id": `http://publications.europa.eu/resource/authority/file-type/${ext.toUpperCase()}` },
    "dct:license": { "@id": LICENSE },
    "dcatde:licenseAttributionByText": o.publisher,
  });
  return {
    "@context": {
      dcat: "http://www.w3.org/ns/dcat#",
      dct: "http://purl.org/dc/terms/",
      dcatde: "http://dcat-ap.de/def/dcatde/",
      foaf: "http://xmlns.com/foaf/0.1/",
      xsd: "http://www.w3.org/2001/XMLSchema#",
    },
    "@id": `${o.baseUrl}/zahlen/dcat.jsonld`,
    "@type": "dcat:Catalog",
    "dct:title": `Zahlen und Statistiken – ${o.publisher}`,
    "dct:description": "Monatliche Kennzahlen des Kreisportals: Online-Anträge, Bearbeitungszeiten, Termine, Online-Zahlungen, Suchanfragen ohne Treffer. Nur Summen; Werte unter fünf unterdrückt.",
    "dct:publisher": publisher,
    "dct:language": { "@id": "http://publications.europa.eu/resource/authority/language/DEU" },
    "foaf:homepage": { "@id": `${o.baseUrl}/zahlen` },
    ...(modified ? { "dct:modified": modified } : {}),
    "dcat:dataset": o.datasets.map((d) => ({
      "@id": `${o.baseUrl}/zahlen#${d.id}`,
      "@type": "dcat:Dataset",
      "dct:identifier": `${o.baseUrl}/zahlen#${d.id}`,
      "dct:title": d.title,
      "dct:description": d.description,
      "dct:publisher": publisher,
      "dcat:theme": { "@id": "http://publications.europa.eu/resource/authority/data-theme/GOVE" },
      "dct:accrualPeriodicity": { "@id": "http://publications.europa.eu/resource/authority/frequency/MONTHLY" },
      "dcat:keyword": ["Verwaltung", "Onlinezugangsgesetz", "Statistik", "Kreisportal"],
      "dcat:landingPage": { "@id": `${o.baseUrl}/zahlen#${d.id}` },
      "dct:license": { "@id": LICENSE },
      "dct:spatial": { "@id": `http://dcat-ap.de/def/politicalGeocoding/districtKey/${o.countyKey}` },
      "dcatde:politicalGeocodingLevelURI": { "@id": "http://dcat-ap.de/def/politicalGeocoding/Level/administrativeDistrict" },
      "dcatde:politicalGeocodingURI": { "@id": `http://dcat-ap.de/def/politicalGeocoding/districtKey/${o.countyKey}` },
      // GovData's harvester assigns data sets to a contributor by this id (DCAT-AP.de "Beitragende-ID").
      ...(o.contributorId ? { "dcatde:contributorID": { "@id": `http://dcat-ap.de/def/contributors/${encodeURIComponent(o.contributorId)}` } } : {}),
      ...(modified ? { "dct:modified": modified } : {}),
      "dcat:distribution": [dist(d.id, d.title, "csv"), dist(d.id, d.title, "json")],
    })),
  };
}
