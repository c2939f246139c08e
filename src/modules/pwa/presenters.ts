/** How the pwa module shows its objects. */
import type { Translate } from "../../platform/i18n/index.js";
import type { WasteStreet } from "./queries.js";

/** "Hauptstraße", or a section: "Hauptstraße, Nr. 1–49, ungerade Nummern" (de/en by `t`). */
export function wasteStreetLabel(s: Pick<WasteStreet, "street" | "houses">, t: Translate): string {
  const h = s.houses;
  if (!h) return s.street;
  const range =
    h.from !== undefined && h.to !== undefined ? t("pwa.waste.houses.range", { from: h.from, to: h.to })
    : h.from !== undefined ? t("pwa.waste.houses.from", { from: h.from })
    : h.to !== undefined ? t("pwa.waste.houses.to", { to: h.to })
    : "";
  const parity = h.parity ? t(`pwa.waste.houses.${h.parity}`) : "";
  return [s.street, range, parity].filter(Boolean).join(", ");
}
