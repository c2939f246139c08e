import type { Catalogue, Locale } from "../../platform/i18n/index.js";

/** Texts of the map page of all visible listings (/streuobst/karte). */
export const orchardMapMessages: Record<Locale, Catalogue> = {
  de: {
    "orchards.map.link": "Karte aller Anzeigen",
    "orchards.map.title": "Karte der Streuobst-Anzeigen",
    "orchards.map.intro": "Alle sichtbaren Anzeigen im Kreis. Orte sind zum Schutz der Eigentümerinnen und Eigentümer auf etwa 1 km vergröbert; ohne gesetzten Punkt steht die Anzeige an der Ortsmitte ihrer Gemeinde.",
    "orchards.map.filter": "Anzeigen",
    "orchards.map.show": "Anzeigen",
    "orchards.map.svg": "Übersichtskarte des Kreises mit {places} Orten und {n} Anzeigen. Dieselben Angaben stehen in der Liste unter der Karte.",
    "orchards.map.legendGrid": "Gefüllter Kreis: Rasterzelle von etwa 1 km",
    "orchards.map.legendCentre": "Ring: Ortsmitte der Gemeinde",
    "orchards.map.list": "Orte und Anzeigen",
    "orchards.map.placeGrid": "Rasterzelle bei {lat}, {lon} ({name}) – Anzeigen: {n}",
    "orchards.map.placeCentre": "Ortsmitte {name} ({lat}, {lon}) – Anzeigen: {n}",
    "orchards.map.none": "Keine sichtbaren Anzeigen.",
    "orchards.map.capped": "Gezeigt werden die neuesten {n} Anzeigen.",
    "orchards.map.osm": "{name} auf OpenStreetMap ansehen",
    "orchards.map.back": "Zur Liste der Anzeigen",
  },
  en: {
    "orchards.map.link": "Map of all listings",
    "orchards.map.title": "Map of the orchard listings",
    "orchards.map.intro": "Every visible listing in the county. To protect owners, places are coarsened to about 1 km; a listing without a point stands at its municipality's centre.",
    "orchards.map.filter": "Listings",
    "orchards.map.show": "Show",
    "orchards.map.svg": "Overview map of the county with {places} places and {n} listings. The list below the map gives the same information.",
    "orchards.map.legendGrid": "Filled circle: grid cell of about 1 km",
    "orchards.map.legendCentre": "Ring: municipality centre",
    "orchards.map.list": "Places and listings",
    "orchards.map.placeGrid": "Grid cell near {lat}, {lon} ({name}) – listings: {n}",
    "orchards.map.placeCentre": "Centre of {name} ({lat}, {lon}) – listings: {n}",
    "orchards.map.none": "No visible listings.",
    "orchards.map.capped": "The newest {n} listings are shown.",
    "orchards.map.osm": "View {name} on OpenStreetMap",
    "orchards.map.back": "Back to the list of listings",
  },
};
