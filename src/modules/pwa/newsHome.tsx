/** The start page section of the news (registry.homeSections): the person's municipality and the county. */
import type { HomeSection } from "../../platform/modules.js";
import { findMunicipality, listMunicipalities, servedKreise } from "../geo/index.js";
import { listNews } from "./news.js";
import { NewsHomeSection } from "./pages/newsViews.js";

export const newsHomeSection: HomeSection = {
  order: 10,
  async render({ db, config, ags, t, locale }) {
    const place = ags ? await findMunicipality(db, ags) : undefined;
    const items = await listNews(db, { scope: place ? ags : "kreis", limit: 3 });
    if (items.length === 0) return null;
    const places = new Map((await listMunicipalities(db, servedKreise(config))).map((m) => [m.ags, m.short_name] as const));
    const title = place ? t("pwa.news.home", { place: place.short_name }) : t("pwa.news.homeCounty");
    return <NewsHomeSection t={t} locale={locale} title={title} items={items} places={places} moreHref={place ? `/nachrichten?gemeinde=${ags}` : "/nachrichten"} />;
  },
};
