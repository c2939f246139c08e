import { catalogueOf } from "./messages.js";

/** [key, German, English]: the per-area parties, the refusal fee and seal, the staff inbox entries. */
const TEXTS: ReadonlyArray<readonly [string, string, string]> = [
  ["roadworks.areas.title", "Beteiligte nach Gemeinde", "Consulted parties by municipality"],
  ["roadworks.areas.intro", "Welches Polizeirevier und welches Busunternehmen bei Baustellen in einer Gemeinde um Zustimmung gebeten wird. Ohne Eintrag gilt die kreisweit eingestellte Adresse.", "Which police station and which bus operator are asked for consent for road works in a municipality. Without an entry the county-wide address applies."],
  ["roadworks.areas.caption", "Polizei und Busunternehmen je Gemeinde", "Police and bus operator per municipality"],
  ["roadworks.areas.edit", "Ändern", "Change"],
  ["roadworks.areas.editFor", "Ändern: {name}", "Change: {name}"],
  ["roadworks.areas.fallback", "kreisweite Adresse", "county-wide address"],
  ["roadworks.areas.demo", "Demo-Adresse", "demo address"],
  ["roadworks.areas.formIntro", "Name und E-Mail-Adresse gehören zusammen. Beide leer: es gilt die kreisweite Adresse.", "Name and e-mail address go together. Both empty: the county-wide address applies."],
  ["roadworks.areas.name", "Name der Stelle", "Name of the office"],
  ["roadworks.areas.email", "E-Mail-Adresse für Anfragen", "E-mail address for requests"],
  ["roadworks.areas.save", "Speichern", "Save"],
  ["roadworks.areas.saved", "Die Beteiligten wurden gespeichert.", "The consulted parties were saved."],
  ["roadworks.areas.back", "Zurück zur Übersicht", "Back to the overview"],
  ["roadworks.areas.nameMissing", "Bitte auch den Namen der Stelle angeben.", "Please also give the office's name."],
  ["roadworks.areas.emailMissing", "Bitte auch die E-Mail-Adresse angeben.", "Please also give the e-mail address."],
  ["roadworks.staff.refusalFee", "Gebührenentscheidung", "Fee decision"],
  ["roadworks.staff.refusalFeeCharge", "Gebühr für die Ablehnung erheben: {fee} (halbe Gebühr der Anordnung, mindestens 10 €)", "Charge the refusal fee: {fee} (half the order's fee, at least €10)"],
  ["roadworks.staff.refusalFeeNone", "Keine Gebühr erheben (z. B. wenn die Behörde die Ablehnung zu vertreten hat)", "No fee (e.g. when the authority is responsible for the refusal)"],
  ["roadworks.refusal.feeTitle", "Gebührenentscheidung", "Fee decision"],
  ["roadworks.refusal.feeDue", "Für diese Entscheidung wird eine Gebühr von {fee} erhoben (die Hälfte der Gebühr von {order} für die beantragte Anordnung). Sie können sie unter „Meine Baustellen“ im Kreisportal online bezahlen. (Demo-Regel: vor dem Einsatz durch die Rechtsabteilung zu prüfen.)", "A fee of {fee} is charged for this decision (half the fee of {order} for the order applied for). You can pay it online under \"My road works\" in the portal. (Demo rule: to be checked by the legal department before use.)"],
  ["roadworks.refusal.feeCovered", "Für diese Entscheidung wird eine Gebühr von {fee} erhoben. Sie ist mit der bereits gezahlten Gebühr von {paid} abgegolten; der Unterschied von {refund} wird Ihnen erstattet.", "A fee of {fee} is charged for this decision. It is covered by the fee of {paid} already paid; the difference of {refund} will be refunded."],
  ["roadworks.refusal.feeNone", "Für diese Entscheidung wird keine Gebühr erhoben.", "No fee is charged for this decision."],
  ["roadworks.refusal.regards", "Mit freundlichen Grüßen", "Kind regards"],
  ["roadworks.refusal.onBehalf", "Im Auftrag", "On behalf"],
  ["roadworks.refusal.seal", "Dienstsiegel: {authority}. Dieser Bescheid wurde elektronisch erstellt und ist ohne Unterschrift gültig. (Demo: ein qualifiziertes elektronisches Siegel ist noch nicht angebracht.)", "Official seal: {authority}. This notice was issued electronically and is valid without a signature. (Demo: no qualified electronic seal is applied yet.)"],
  ["roadworks.tasks.title", "Baustellen (verkehrsrechtliche Anordnungen)", "Road works (traffic orders)"],
  ["roadworks.tasks.consent", "Stellungnahme der Gemeinde abgeben: {reference} – {title}", "Give the municipality's statement: {reference} – {title}"],
  ["roadworks.tasks.askParties", "Beteiligung einleiten: {reference} – {title}", "Ask the parties: {reference} – {title}"],
  ["roadworks.tasks.decide", "Alle Stellungnahmen liegen vor – anordnen oder ablehnen: {reference} – {title}", "All statements are in – order or refuse: {reference} – {title}"],
  ["roadworks.picker.target", "Punkte auf der Karte setzen für", "Points on the map go to"],
  ["roadworks.picker.undo", "Letzten Punkt entfernen", "Remove the last point"],
  ["roadworks.picker.close", "Fläche schließen", "Close the area"],
  ["roadworks.picker.clear", "Alle Punkte löschen", "Delete all points"],
  ["roadworks.picker.removed", "Letzter Punkt entfernt.", "Last point removed."],
  ["roadworks.picker.closed", "Fläche geschlossen (erster Punkt am Ende wiederholt).", "Area closed (first point repeated at the end)."],
  ["roadworks.picker.cleared", "Alle Punkte gelöscht.", "All points deleted."],
];

/** More texts of the road-works module. */
export const roadworksCoordinationMessages = catalogueOf(TEXTS);
