import { Type, type Static } from "@sinclair/typebox";
import { agsSchema } from "../../platform/keys.js";
import { DATASET_IDS } from "./metrics.js";

export const DatasetParams = Type.Object({ dataset: Type.Union(DATASET_IDS.map((d) => Type.Literal(d)), { description: "Datensatz" }) });
export type DatasetParams = Static<typeof DatasetParams>;

export const DatasetQuery = Type.Object(
  {
    service: Type.Optional(Type.String({ maxLength: 100, description: "Leistung (LeiKa-Schlüssel oder form:<id>, siehe /zahlen)" })),
    ags: Type.Optional(agsSchema({ description: "Gemeinde (8-stelliger AGS)" })),
  },
  { additionalProperties: false },
);
export type DatasetQuery = Static<typeof DatasetQuery>;

const CellValue = Type.Union([Type.Number(), Type.String({ description: "„< 5“: unterdrückt" }), Type.Null()]);

export const DatasetResponse = Type.Object({
  dataset: Type.String(),
  title: Type.String(),
  filter: Type.Object({ service: Type.Union([Type.String(), Type.Null()]), municipality: Type.Union([Type.String(), Type.Null()]) }),
  columns: Type.Array(Type.String()),
  chartColumn: Type.String(),
  suppressed: Type.String(),
  license: Type.String(),
  rows: Type.Array(Type.Record(Type.String(), CellValue)),
});
