import type { Catalogue, Locale } from "../../platform/i18n/index.js";

/** Texts of the XPlanGML content and geometry rules (xplan/rules.ts) on the staff page of a procedure. */
export const participationXPlanMessages: Record<Locale, Catalogue> = {
  de: {
    "participation.plan.rulesInvalid": "Der Plan verletzt Regeln von XPlanung ({n} Fehler, siehe Tabelle). Er wurde nicht veröffentlicht.",
    "participation.plan.warnings": "Hinweise der Geometrieprüfung zum veröffentlichten Plan ({n})",
    "participation.plan.warningsIntro": "Der Plan ist veröffentlicht. Diese Befunde sollte das Planungsbüro beheben; die Karte zeigt die Flächen so, wie sie im Plan stehen.",
    "participation.plan.rule.reference": "Der Verweis in {property} zeigt auf „{id}“, das es im Dokument nicht gibt.",
    "participation.plan.rule.bereichPlan": "Der Bereich „{id}“ ist dem Plan zugeordnet, verweist aber nicht mit gehoertZuPlan zurück.",
    "participation.plan.rule.planBereich": "Der Bereich „{id}“ nennt den Plan „{plan}“, der Plan führt ihn aber nicht unter bereich.",
    "participation.plan.rule.contentBereich": "Das Objekt „{id}“ steht im Bereich „{bereich}“, verweist aber nicht mit gehoertZuBereich zurück.",
    "participation.plan.rule.bereichContent": "Das Objekt „{id}“ nennt den Bereich „{bereich}“, der Bereich führt es aber nicht unter planinhalt oder praesentationsobjekt.",
    "participation.plan.rule.ringPositions": "Ein Ring von „{id}“ hat nur {n} Punkte (mindestens 4).",
    "participation.plan.rule.ringOpen": "Ein Ring von „{id}“ ist nicht geschlossen (letzter Punkt ungleich erstem).",
    "participation.plan.rule.ringSelfIntersection": "Ein Ring von „{id}“ schneidet oder berührt sich selbst (bei {at}).",
    "participation.plan.rule.ringOrientation.exterior": "Der äußere Ring von „{id}“ läuft im Uhrzeigersinn (erwartet: gegen den Uhrzeigersinn).",
    "participation.plan.rule.ringOrientation.interior": "Ein innerer Ring von „{id}“ läuft gegen den Uhrzeigersinn (erwartet: im Uhrzeigersinn).",
    "participation.plan.rule.outsideArea": "Die Fläche „{id}“ ({type}) liegt teilweise außerhalb des räumlichen Geltungsbereichs (bei {at}).",
  },
  en: {
    "participation.plan.rulesInvalid": "The plan breaks rules of XPlanung ({n} errors, see the table). It was not published.",
    "participation.plan.warnings": "Geometry check findings on the published plan ({n})",
    "participation.plan.warningsIntro": "The plan is published. The planning office should fix these findings; the map shows the areas as the plan has them.",
    "participation.plan.rule.reference": "The reference in {property} points to “{id}”, which is not in the document.",
    "participation.plan.rule.bereichPlan": "The Bereich “{id}” belongs to the plan but does not point back with gehoertZuPlan.",
    "participation.plan.rule.planBereich": "The Bereich “{id}” names the plan “{plan}”, but the plan does not list it under bereich.",
    "participation.plan.rule.contentBereich": "The object “{id}” is listed in the Bereich “{bereich}” but does not point back with gehoertZuBereich.",
    "participation.plan.rule.bereichContent": "The object “{id}” names the Bereich “{bereich}”, but the Bereich does not list it under planinhalt or praesentationsobjekt.",
    "participation.plan.rule.ringPositions": "A ring of “{id}” has only {n} positions (at least 4).",
    "participation.plan.rule.ringOpen": "A ring of “{id}” is not closed (last position differs from the first).",
    "participation.plan.rule.ringSelfIntersection": "A ring of “{id}” crosses or touches itself (at {at}).",
    "participation.plan.rule.ringOrientation.exterior": "The exterior ring of “{id}” runs clockwise (expected: counter-clockwise).",
    "participation.plan.rule.ringOrientation.interior": "An interior ring of “{id}” runs counter-clockwise (expected: clockwise).",
    "participation.plan.rule.outsideArea": "The area “{id}” ({type}) lies partly outside the plan's Geltungsbereich (at {at}).",
  },
};
