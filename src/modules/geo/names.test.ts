import { test } from "node:test";
import assert from "node:assert/strict";
import { authorityName, countyDisplayName, foldName, gemeindeType, isAssociation, searchKey, shortName, verbandType } from "./names.js";

test("foldName: case, umlauts, ß, accents and punctuation", () => {
  assert.equal(foldName("Mühlacker"), "muehlacker");
  assert.equal(foldName("Niefern-Öschelbronn"), "niefern oeschelbronn");
  assert.equal(foldName("Weißwasser/O.L."), "weisswasser o l");
  assert.equal(foldName("Běła Woda"), "bela woda");
  assert.equal(foldName("  St. Georgen im Schwarzwald "), "st georgen im schwarzwald");
});

test("searchKey: all spellings of a name meet", () => {
  const key = searchKey("Mühlacker");
  for (const spelling of ["muehlacker", "Muhlacker", "MÜHLACKER", "mühlacker", "Mühlacker"]) assert.equal(searchKey(spelling), key, spelling);
  assert.equal(searchKey("Königsbach-Stein"), searchKey("koenigsbach stein"));
  assert.equal(searchKey("Sankt Georgen"), searchKey("St. Georgen"));
  assert.equal(searchKey("Ölbronn-Dürrn"), searchKey("Oelbronn-Duerrn"));
  assert.notEqual(searchKey("Mühlacker"), searchKey("Maulbronn"));
});

test("shortName drops the official appendix", () => {
  assert.equal(shortName("Mühlacker, Stadt"), "Mühlacker");
  assert.equal(shortName("Gelnhausen, Barbarossast., Krst."), "Gelnhausen");
  assert.equal(shortName("Sachsenwald (Forstgutsbez.),gemfr.Geb."), "Sachsenwald (Forstgutsbez.)");
  assert.equal(shortName("Illingen"), "Illingen");
});

test("countyDisplayName: the name citizens use", () => {
  assert.equal(countyDisplayName("Enzkreis", "44"), "Enzkreis");
  assert.equal(countyDisplayName("Schwarzwald-Baar-Kreis", "44"), "Schwarzwald-Baar-Kreis");
  assert.equal(countyDisplayName("Hersfeld-Rotenburg", "44"), "Landkreis Hersfeld-Rotenburg");
  assert.equal(countyDisplayName("Landkreis Rostock", "44"), "Landkreis Rostock");
  assert.equal(countyDisplayName("Region Hannover", "44"), "Region Hannover");
  assert.equal(countyDisplayName("Steinfurt", "43"), "Kreis Steinfurt");
  assert.equal(countyDisplayName("Rhein-Kreis Neuss", "43"), "Rhein-Kreis Neuss");
  assert.equal(countyDisplayName("Städteregion Aachen", "43"), "Städteregion Aachen");
  assert.equal(countyDisplayName("Pforzheim, Stadtkreis", "42"), "Stadt Pforzheim");
  assert.equal(countyDisplayName("Kiel, Landeshauptstadt", "41"), "Landeshauptstadt Kiel");
  assert.equal(countyDisplayName("Koblenz, kreisfreie Stadt", "41"), "Stadt Koblenz");
  assert.equal(countyDisplayName("Hagen, Stadt der FernUniversität", "41"), "Stadt Hagen");
  assert.equal(countyDisplayName("Ingolstadt", "41"), "Stadt Ingolstadt");
});

test("authorityName: Bürgermeisteramt in Baden-Württemberg, Stadtverwaltung for a Stadtkreis and towns elsewhere", () => {
  assert.equal(authorityName("Mühlacker", "08236040", "67"), "Bürgermeisteramt Mühlacker");
  assert.equal(authorityName("Birkenfeld", "08236004", "64"), "Bürgermeisteramt Birkenfeld");
  assert.equal(authorityName("Pforzheim", "08231000", "62"), "Stadtverwaltung Pforzheim");
  assert.equal(authorityName("Bebra", "06632003", "63"), "Stadtverwaltung Bebra");
  assert.equal(authorityName("Alheim", "06632001", "64"), "Gemeindeverwaltung Alheim");
});

test("type codes map to stable slugs; 50 is no association", () => {
  assert.equal(gemeindeType("67"), "grosse_kreisstadt");
  assert.equal(gemeindeType("62"), "stadtkreis");
  assert.equal(verbandType("56"), "verwaltungsverband");
  assert.equal(verbandType("54"), "verwaltungsgemeinschaft");
  assert.equal(isAssociation("50"), false);
  assert.equal(isAssociation("54"), true);
  assert.equal(isAssociation(null), false);
});
