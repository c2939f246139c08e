import { test } from "node:test";
import assert from "node:assert/strict";
import { inflateSync } from "node:zlib";
import { pdfFonts, pdfInfo, pdfStructure, pdfText } from "../../../test/support/pdfText.js";
import { renderPdf, type PdfBlock } from "./renderPdf.js";

const UNICODE = "Größe: 180 € – „Łódź“, Ørsted, Çağrı, Straße";
const meta = { title: "Eingangsbestätigung EK-2026-000001 <Test> & Co", issuer: "Landratsamt Enzkreis", createdAt: new Date("2026-11-23T16:05:00Z") };
const many: PdfBlock[] = [
  { kind: "title", text: "Eingangsbestätigung", subtitle: "Anmeldung eines Hundes" },
  { kind: "fields", rows: [{ label: "Aktenzeichen", value: "EK-2026-000001" }, { label: "Name", value: UNICODE }] },
  { kind: "heading", text: "Hund 1", level: 3 },
  { kind: "fields", rows: Array.from({ length: 90 }, (_, i) => ({ label: `Feld ${i}`, value: `Wert ${i}` })) },
  { kind: "fields", rows: [{ label: "Prüfsumme", value: "ab".repeat(32), code: true }] },
  { text: "Schluss\u0007zeile\tmit Steuerzeichen", size: 9 },
  { text: "Ohne Glyphe: 漢字 😀 Ende" },
];

/** The page content streams (inflated): those that show text. */
function contentStreams(pdf: Buffer): string[] {
  const s = pdf.toString("latin1");
  const out: string[] = [];
  for (const m of s.matchAll(/\/Filter \/FlateDecode[^]*?>>\s*stream\n/g)) {
    const start = m.index! + m[0].length;
    const data = Buffer.from(s.slice(start, s.indexOf("\nendstream", start)), "latin1");
    const text = (() => { try { return inflateSync(data).toString("latin1"); } catch { return ""; } })();
    if (/^BT$/m.test(text)) out.push(text);
  }
  return out;
}

/** The XMP packet (written uncompressed, as PDF/A asks). */
const xmp = (s: string) => /<\?xpacket begin=[\s\S]*?<\?xpacket end="w"\?>/.exec(s)?.[0] ?? "";

test("PDF/A-2b structure: version, xref, output intent, XMP pdfaid, embedded subset fonts, tagged, no encryption", () => {
  const pdf = renderPdf(many, meta);
  const s = pdf.toString("latin1");
  assert.ok(s.startsWith("%PDF-1.7\n"));
  assert.ok(s.trimEnd().endsWith("%%EOF"));
  const startxref = Number(/startxref\n(\d+)\n%%EOF\s*$/.exec(s)![1]);
  assert.ok(s.slice(startxref).startsWith("xref"));
  const entries = [...s.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
  assert.ok(entries.length > 20);
  entries.forEach((off, i) => assert.ok(s.slice(off).startsWith(`${i + 1} 0 obj`), `object ${i + 1} at ${off}`));
  assert.match(s, /\/OutputIntents \[\d+ 0 R\]/);
  assert.match(s, /\/S \/GTS_PDFA1/);
  assert.match(s, /\/FontFile2 \d+ 0 R/);
  assert.match(s, /\/StructTreeRoot \d+ 0 R/);
  assert.match(s, /\/Marked true/);
  assert.match(s, /\/Lang \(de-DE\)/);
  assert.match(s, /\/DisplayDocTitle true/);
  assert.match(s, /\/ID \[<[0-9a-f]+> <[0-9a-f]+>\]/);
  assert.doesNotMatch(s, /\/Encrypt/);
  assert.doesNotMatch(s, /\/BaseFont \/Helvetica/, "no standard (unembedded) font");
  const x = Buffer.from(xmp(s), "latin1").toString("utf8");
  assert.match(x, /<pdfaid:part>2<\/pdfaid:part>/);
  assert.match(x, /<pdfaid:conformance>B<\/pdfaid:conformance>/);
  assert.ok(x.includes("<rdf:li xml:lang=\"x-default\">Eingangsbestätigung EK-2026-000001 &lt;Test&gt; &amp; Co</rdf:li>"), "dc:title escaped");
  assert.ok(x.includes("<dc:creator><rdf:Seq><rdf:li>Landratsamt Enzkreis</rdf:li></rdf:Seq></dc:creator>"));
  assert.ok(x.includes("<xmp:CreateDate>2026-11-23T16:05:00Z</xmp:CreateDate>"));
  assert.match(s, /\/CreationDate \d+ 0 R/);
  assert.ok(s.includes("(D:20261123160500Z)"), "Info CreationDate matches the XMP CreateDate");
});

test("fonts: every font embedded as subset with a ToUnicode map (Noto Sans from data/fonts)", () => {
  const fonts = pdfFonts(renderPdf(many, meta));
  assert.deepEqual(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, "")).sort(), ["NotoSans-Bold", "NotoSans-Regular"]);
  for (const f of fonts) assert.deepEqual([f.embedded, f.subset, f.unicode, f.type], [true, true, true, "CID TrueType"], f.name);
});

test("text: umlauts, ß, €, Polish, Danish, Turkish letters, dashes and German quotes come out as written, pages counted", () => {
  const pdf = renderPdf(many, meta);
  const text = pdfText(pdf);
  assert.ok(text.includes(UNICODE), text.slice(0, 600));
  assert.ok(!text.includes("?"), "no character replaced by ?");
  const info = pdfInfo(pdf);
  const pages = Number(info.Pages);
  assert.ok(pages >= 3, `90 rows need several pages, got ${pages}`);
  for (let n = 1; n <= pages; n++) assert.ok(text.includes(`Seite ${n} von ${pages}`), `footer of page ${n}`);
  assert.equal(text.match(/Landratsamt Enzkreis/g)?.length, pages, "the issuer heads every page");
  assert.ok(text.includes("Erstellt am 23.11.2026, 17:05 Uhr"), "creation time in Europe/Berlin");
  assert.ok(text.includes("Schluss zeile mit Steuerzeichen"), "control characters become spaces");
  assert.ok(text.includes("Ohne Glyphe: \ufffd\ufffd \ufffd Ende"), "characters the font lacks become U+FFFD, never .notdef or ?");
  assert.ok(text.replace(/\s+/g, "").includes("ab".repeat(32)), "a hash wraps but stays whole");
  assert.equal(info.Title, meta.title);
  assert.equal(info.Author, meta.issuer);
  assert.equal(info.Tagged, "yes");
  assert.equal(info["PDF version"], "1.7");
  assert.equal(info.Encrypted, "no");
});

test("layout: a heading is never the last line of a page, wherever it falls", () => {
  for (let n = 20; n <= 32; n++) {
    const pdf = renderPdf(
      [
        { kind: "title", text: "Eingangsbestätigung" },
        { kind: "fields", rows: Array.from({ length: n }, (_, i) => ({ label: `Feld ${i}`, value: `Wert ${i}` })) },
        { kind: "heading", text: "Abschnitt Zwei" },
        { kind: "fields", rows: [{ label: "Danach", value: "Inhalt" }] },
      ],
      meta,
    );
    const page = [1, 2].find((p) => pdfText(pdf, p).includes("Abschnitt Zwei"))!;
    const lines = pdfText(pdf, page).split("\n").map((l) => l.trim()).filter((l) => l && !/^Seite \d+ von \d+$/.test(l) && !l.startsWith("Eingangsbestätigung EK-"));
    assert.notEqual(lines.at(-1), "Abschnitt Zwei", `${n} rows: the heading ends page ${page}`);
    assert.ok(pdfText(pdf, page).includes("Inhalt"), `${n} rows: heading and its first row on one page`);
  }
});

test("layout: a keep block (signature) moves to the next page as a whole, wherever it falls; one longer than a page flows", () => {
  const block: PdfBlock = { kind: "keep", lines: [{ text: "Mit freundlichen Grüßen", gap: 16 }, { text: "Im Auftrag" }, { text: "Erika Muster", bold: true, gap: 4 }, { text: "Landratsamt Enzkreis – Schlusszeile" }] };
  let moved = 0;
  for (let n = 24; n <= 34; n++) {
    const pdf = renderPdf([{ kind: "title", text: "Bescheid" }, { kind: "fields", rows: Array.from({ length: n }, (_, i) => ({ label: `Feld ${i}`, value: `Wert ${i}` })) }, block], meta);
    const pages = Number(pdfInfo(pdf).Pages);
    const on = (s: string) => [...Array(pages).keys()].map((i) => i + 1).filter((p) => pdfText(pdf, p).includes(s));
    const where = ["Mit freundlichen Grüßen", "Im Auftrag", "Erika Muster", "Schlusszeile"].map((s) => on(s));
    assert.ok(where.every((w) => w.length === 1 && w[0] === where[0]![0]), `${n} rows: the block on one page, got ${JSON.stringify(where)}`);
    if (where[0]![0]! > on(`Wert ${n - 1}`)[0]!) moved++;
  }
  assert.ok(moved > 0, "some table length pushed the block to the next page");
  const long = renderPdf([{ kind: "keep", lines: Array.from({ length: 80 }, (_, i) => ({ text: `Zeile ${i}` })) }], meta);
  assert.ok(Number(pdfInfo(long).Pages) >= 2);
  assert.equal(pdfText(long).match(/Zeile \d+/g)?.length, 80, "longer than a page: flows on, nothing lost");
});

test("layout: a table row longer than a page runs on, legacy lines still render", () => {
  const long = "Lorem ipsum dolor sit amet. ".repeat(400);
  const pdf = renderPdf(
    [
      { text: "Landratsamt Enzkreis – Baurechtsamt", bold: true, size: 12 },
      { text: "Baugenehmigung", bold: true, size: 16, gap: 16 },
      { kind: "fields", rows: [{ label: "Begründung", value: long }, { label: "Danach", value: "Ende der Tabelle" }] },
      { text: "Rechtsbehelfsbelehrung", bold: true, gap: 16 },
    ],
    { title: "Baugenehmigung BA-2026-000001", issuer: "Landratsamt Enzkreis" },
  );
  const text = pdfText(pdf);
  const pages = Number(pdfInfo(pdf).Pages);
  assert.ok(pages >= 2);
  assert.equal(text.match(/Lorem ipsum dolor sit amet\./g)?.length, 400, "no words lost at page breaks");
  assert.ok(text.indexOf("Ende der Tabelle") > text.lastIndexOf("Lorem"), "the next row follows the long one");
  const s = pdf.toString("latin1");
  assert.match(s, /\/S \/H1/, "bold 16 pt is the title");
  assert.match(s, /\/S \/H2/, "bold 12 pt is a heading");
  assert.match(s, /\/S \/TH/);
  assert.match(s, /\/Scope \/Row/);
});

test("tagged: reading order in a structure tree (headings, paragraphs, tables with row headers); letterhead and footer are artifacts", () => {
  const tree = pdfStructure(renderPdf(many, meta));
  const lines = tree.split("\n").map((l) => l.trim());
  assert.equal(lines[0], "Document");
  const at = (s: string) => lines.indexOf(s);
  assert.ok(at("H1 (block)") > 0 && lines[at("H1 (block)") + 1] === '"Eingangsbestätigung"', tree.slice(0, 400));
  assert.ok(at('"Anmeldung eines Hundes"') > at("H1 (block)"));
  assert.ok(at("Table (block)") > at('"Anmeldung eines Hundes"'));
  assert.ok(at('"Aktenzeichen"') > at("Table (block)") && lines[at('"Aktenzeichen"') - 2] === "TH:" && lines[at('"Aktenzeichen"') - 1] === "/Scope /Row");
  assert.equal(lines[at('"EK-2026-000001"') - 1], "TD");
  assert.ok(at("H3 (block)") > at('"EK-2026-000001"'));
  assert.ok(!tree.includes("Seite 1 von") && !tree.includes("Landratsamt Enzkreis") && !tree.includes("Erstellt am"), "pagination is no content");
});

test("tagged: every text and every line on a page sits in marked content (structure with MCID or an artifact)", () => {
  const streams = contentStreams(renderPdf(many, meta));
  assert.ok(streams.length >= 3, "one content stream per page");
  let artifacts = 0;
  for (const c of streams) {
    let depth = 0;
    for (const line of c.split("\n")) {
      if (/ BDC$| BMC$/.test(line)) depth++;
      else if (line === "EMC") depth--;
      else if (line === "BT" || line === "S" || line === "f") assert.ok(depth > 0, `unmarked "${line}"`);
      if (line.startsWith("/Artifact")) artifacts++;
    }
    assert.equal(depth, 0, "every marked sequence ends on its page");
  }
  assert.ok(artifacts >= 2 * streams.length, "letterhead and footer of every page are artifacts");
});

test("a PDF is written in one call (synchronously) and each call is a new document", () => {
  const a = renderPdf([{ text: "Eins" }], { title: "A", issuer: "X" });
  const b = renderPdf([{ text: "Zwei" }], { title: "B", issuer: "X" });
  assert.ok(pdfText(a).includes("Eins") && !pdfText(a).includes("Zwei"));
  assert.ok(pdfText(b).includes("Zwei"));
});
