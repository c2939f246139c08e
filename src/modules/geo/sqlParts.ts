/**
 * Parts of queries that other modules compose into their own single query (geo owns `areas`; the caller
 * never names the table). The responsibility finder answers in one round trip with these.
 */
import { sql, type RawBuilder } from "kysely";

/**
 * One row for the municipality `ags` (level gemeinde), or none: ars, ags, kreis_key, type_code, the types of
 * its association (verband_type) and Kreis (kreis_type), and seat_ags, the municipality that is its
 * association's seat. Use as a FROM item: `FROM (${municipalityFactsSql(ags)}) g`.
 */
export function municipalityFactsSql(ags: string): RawBuilder<unknown> {
  return sql`
    SELECT g.ars, g.ags, g.kreis_key, g.type_code, v.type_code AS verband_type, k.type_code AS kreis_type,
           (SELECT m.ags FROM areas m WHERE m.parent_ars = v.ars AND m.level = 'gemeinde' AND m.short_name = v.seat ORDER BY m.ags LIMIT 1) AS seat_ags
    FROM areas g
    LEFT JOIN areas v ON v.ars = g.parent_ars AND v.level = 'verband'
    LEFT JOIN areas k ON k.ars = g.kreis_key AND k.level = 'kreis'
    WHERE g.ags = ${ags} AND g.level = 'gemeinde'`;
}

/** Every area's ars, name and level, for a LEFT JOIN by ARS: `LEFT JOIN (${areaNamesSql}) a ON a.ars = x.area_ars`. */
export const areaNamesSql: RawBuilder<unknown> = sql`SELECT ars, name, level FROM areas`;
