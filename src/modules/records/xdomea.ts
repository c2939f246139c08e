/**
 * xdomea 3.0.0 Aussonderung.Aussonderung.0503 (hand-over to the archive): one ZIP with the message XML
 * and the documents' primary files, named `<ProzessID>_Aussonderung.Aussonderung.0503.xml`. The XML is
 * validated against the official XSDs (data/records/xdomea, see SOURCE.txt) with xmllint-wasm before
 * it leaves the system; an invalid message is never handed over. The ZIP is written as a stream (`zip0503`): each
 * document's bytes are read piece by piece while they are compressed, so a 500-page scan is never held whole.
 */
import { randomUUID } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { Readable } from "node:stream";
import { Zip, ZipDeflate } from "fflate";
import { validateXML } from "xmllint-wasm";
import { rootPath } from "../../platform/paths.js";

/** A document's bytes: small ones as they are, large ones read piece by piece when the ZIP is written. */
export type XdomeaContent = Buffer | (() => AsyncIterable<Uint8Array>);

export interface XdomeaFile {
  fileNumber: string;
  title: string;
  planCode: string;
  planTitle: string;
  ownerUnit: string;
  createdAt: Date;
  closedAt: Date | null;
  caseReference: string;
  /** xdomea Vertraulichkeitsstufe code ("003" Offen, "002" NfD). */
  confidentiality?: string;
  documents: Array<{ id: string; title: string; /** The document's own (raised) level; absent: the file's. */ confidentiality?: string; createdAt: Date; createdBy: string; versions: Array<{ version: number; filename: string; mediaType: string; createdAt: Date; content: XdomeaContent }> }>;
}

const FORMAT_CODES: Record<string, string> = { "application/pdf": "018", "image/tiff": "024", "image/png": "019", "image/jpeg": "010", "text/plain": "045" };
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const day = (d: Date) => d.toISOString().slice(0, 10);
const stamp = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
const CONFIDENTIALITY: Record<string, string> = { "002": 'NfD: Das Schriftgutobjekt ist als "nur für den Dienstgebrauch (nfD)" eingestuft.', "003": "Offen: Das Schriftgutobjekt ist nicht eingestuft." };
const confidentialityXml = (code: string | undefined) =>
  code && CONFIDENTIALITY[code] ? `<xdomea:Vertraulichkeitsstufe listURI="urn:xoev-de:xdomea:codeliste:vertraulichkeitsstufe" listVersionID="1.0"><code>${code}</code><name>${esc(CONFIDENTIALITY[code])}</name></xdomea:Vertraulichkeitsstufe>` : "";
const ELECTRONIC = `<xdomea:Medium listURI="urn:xoev-de:xdomea:codeliste:medium" listVersionID="1.0"><code>001</code><name>Elektronisch: Das Schriftgutobjekt liegt ausschließlich in elektronischer Form vor.</name></xdomea:Medium>`;

/** The 0503 message and the files to put beside it (primary document names are unique in the ZIP). */
export function build0503(f: XdomeaFile, opts: { sender: string; archive: string; now: Date; processId?: string }): { processId: string; sgoId: string; xml: string; files: Record<string, XdomeaContent> } {
  const processId = opts.processId ?? randomUUID();
  const sgoId = randomUUID();
  const files: Record<string, XdomeaContent> = {};
  const docs = f.documents
    .map((d, i) => {
      const versions = d.versions
        .map((v) => {
          const ext = v.filename.includes(".") ? v.filename.slice(v.filename.lastIndexOf(".")).toLowerCase().replace(/[^.a-z0-9]/g, "") : "";
          const name = `${d.id}_v${v.version}${ext}`;
          files[name] = v.content;
          return `<xdomea:Version><xdomea:Nummer>${v.version}</xdomea:Nummer><xdomea:Format><xdomea:Name listURI="urn:xoev-de:xdomea:codeliste:dateiformat" listVersionID="2.0"><code>${FORMAT_CODES[v.mediaType] ?? "018"}</code></xdomea:Name><xdomea:Version/><xdomea:Primaerdokument><xdomea:Dateiname>${esc(name)}</xdomea:Dateiname><xdomea:DateinameOriginal>${esc(v.filename)}</xdomea:DateinameOriginal><xdomea:DatumUhrzeit>${stamp(v.createdAt)}</xdomea:DatumUhrzeit></xdomea:Primaerdokument></xdomea:Format></xdomea:Version>`;
        })
        .join("");
      return `<xdomea:Dokument><xdomea:Identifikation><xdomea:ID>${d.id}</xdomea:ID><xdomea:NummerImUebergeordnetenContainer>${i + 1}</xdomea:NummerImUebergeordnetenContainer></xdomea:Identifikation><xdomea:AllgemeineMetadaten><xdomea:Betreff>${esc(d.title)}</xdomea:Betreff>${confidentialityXml(d.confidentiality)}${ELECTRONIC}</xdomea:AllgemeineMetadaten><xdomea:DatumDesSchreibens>${day(d.createdAt)}</xdomea:DatumDesSchreibens><xdomea:Bearbeiter>${esc(d.createdBy)}</xdomea:Bearbeiter>${versions}</xdomea:Dokument>`;
    })
    .join("");
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<xdomea:Aussonderung.Aussonderung.0503 xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0"><xdomea:Kopf><xdomea:ProzessID>${processId}</xdomea:ProzessID><xdomea:Nachrichtentyp listURI="urn:xoev-de:xdomea:codeliste:nachrichtentyp" listVersionID="2.0"><code>0503</code><name>Aussonderung.Aussonderung</name></xdomea:Nachrichtentyp><xdomea:Erstellungszeitpunkt>${stamp(opts.now)}</xdomea:Erstellungszeitpunkt><xdomea:Absender><xdomea:Institution><xdomea:Name>${esc(opts.sender)}</xdomea:Name></xdomea:Institution><xdomea:Organisationseinheit><xdomea:Name>${esc(f.ownerUnit)}</xdomea:Name></xdomea:Organisationseinheit></xdomea:Absender><xdomea:Empfaenger><xdomea:Institution><xdomea:Name>${esc(opts.archive)}</xdomea:Name></xdomea:Institution></xdomea:Empfaenger><xdomea:Importbestaetigung>1</xdomea:Importbestaetigung><xdomea:RueckmeldungArchivkennung>0</xdomea:RueckmeldungArchivkennung><xdomea:Empfangsbestaetigung>1</xdomea:Empfangsbestaetigung></xdomea:Kopf><xdomea:Schriftgutobjekt><xdomea:Vorgang><xdomea:Identifikation><xdomea:ID>${sgoId}</xdomea:ID></xdomea:Identifikation><xdomea:AllgemeineMetadaten><xdomea:Betreff>${esc(f.title)}</xdomea:Betreff><xdomea:Kennzeichen>${esc(f.fileNumber)}</xdomea:Kennzeichen><xdomea:Federfuehrung>${esc(f.ownerUnit)}</xdomea:Federfuehrung>${confidentialityXml(f.confidentiality)}<xdomea:Bemerkung>Vorgang ${esc(f.caseReference)}</xdomea:Bemerkung>${ELECTRONIC}<xdomea:Aktenplaneinheit><xdomea:Kennzeichen>${esc(f.planCode)}</xdomea:Kennzeichen><xdomea:Inhaltsangabe>${esc(f.planTitle)}</xdomea:Inhaltsangabe></xdomea:Aktenplaneinheit></xdomea:AllgemeineMetadaten><xdomea:Aktenbetreff>${esc(f.title)}</xdomea:Aktenbetreff>${f.closedAt ? `<xdomea:ZdA>true</xdomea:ZdA><xdomea:ZdADatum>${day(f.closedAt)}</xdomea:ZdADatum>` : ""}<xdomea:Laufzeit><xdomea:Beginn>${day(f.createdAt)}</xdomea:Beginn>${f.closedAt ? `<xdomea:Ende>${day(f.closedAt)}</xdomea:Ende>` : ""}</xdomea:Laufzeit>${docs}</xdomea:Vorgang></xdomea:Schriftgutobjekt></xdomea:Aussonderung.Aussonderung.0503>
`;
  return { processId, sgoId, xml, files };
}

/** The XSDs of xdomea 3.0.0 (and the XÖV code types they import), as xmllint-wasm's in-memory files. */
function schemaFiles(): Array<{ fileName: string; contents: string }> {
  const dir = rootPath("data", "records", "xdomea");
  const xsds = readdirSync(`${dir}/xdomea_3.0.0`).filter((f) => f.endsWith(".xsd"));
  return [
    ...xsds.map((f) => ({ fileName: `xdomea_3.0.0/${f}`, contents: readFileSync(`${dir}/xdomea_3.0.0/${f}`, "utf8") })),
    ...["xoev/code/1_0/xoev-code.xsd", "xoev/latinchars/1_1/datatypes/latinchars.xsd"].map((p) => ({ fileName: p, contents: readFileSync(`${dir}/${p}`, "utf8") })),
  ];
}

/** Validates an xdomea message against the 3.0.0 XSDs; errors as xmllint reports them. */
export async function validateXdomea(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const preload = schemaFiles();
  const result = await validateXML({ xml: [{ fileName: "message.xml", contents: xml }], schema: preload.find((p) => p.fileName === "xdomea_3.0.0/xdomea.xsd")!, preload, disableFileNameValidation: true });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}

/**
 * The ZIP of a 0503 message (the XML plus the primary files) as a stream: entries are deflated one after the other while
 * their bytes are read (a large object in 256 KiB pieces), and the compressed output is handed on only as fast as the
 * reader takes it — memory stays at a few pieces whatever the size of the file.
 */
export function zip0503(m: { processId: string; xml: string; files: Record<string, XdomeaContent> }): Readable {
  const entries: Array<[string, XdomeaContent]> = [[`${m.processId}_Aussonderung.Aussonderung.0503.xml`, Buffer.from(m.xml, "utf8")], ...Object.entries(m.files)];
  return Readable.from(
    (async function* () {
      const out: Uint8Array[] = [];
      let failure: Error | null = null;
      const zip = new Zip((err, data) => {
        if (err) failure = err;
        else out.push(data);
      });
      const take = () => {
        if (failure) throw failure;
        return out.splice(0);
      };
      for (const [name, content] of entries) {
        const entry = new ZipDeflate(name, { level: 6 });
        zip.add(entry);
        if (Buffer.isBuffer(content)) entry.push(content, true);
        else {
          // One piece held back, so the last one can be pushed as final.
          let held: Uint8Array | undefined;
          for await (const piece of content()) {
            if (held) {
              entry.push(held);
              yield* take();
            }
            held = piece;
          }
          entry.push(held ?? new Uint8Array(0), true);
        }
        yield* take();
      }
      zip.end();
      yield* take();
    })(),
    { objectMode: false },
  );
}
