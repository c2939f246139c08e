import { test } from "node:test";
import assert from "node:assert/strict";
import { namespaceOf, parseXml, XmlError } from "./xml.js";

test("parseXml: attributes, predefined entities, character references, CDATA, comments, mixed text", () => {
  const el = parseXml(`\ufeff<?xml version="1.0"?><!-- <!DOCTYPE in a comment --><x:a xmlns:x="urn:x" k='1&lt;2'>v<b>G &amp; H&#13;&#x41;&#228;</b><![CDATA[<!DOCTYPE &e;>]]><c/>w</x:a>`);
  assert.equal(el.name, "x:a");
  assert.equal(el.local, "a");
  assert.equal(namespaceOf(el), "urn:x");
  assert.equal(el.attrs.k, "1<2");
  assert.equal(el.text, "v<!DOCTYPE &e;>w");
  assert.deepEqual(el.children.map((c) => [c.name, c.text]), [["b", "G & H\rAä"], ["c", ""]]);
});

test("parseXml refuses DTDs: no external entities (XXE), no entity expansion (billion laughs)", () => {
  const xxe = `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><a>&xxe;</a>`;
  const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]><lolz>&lol2;</lolz>`;
  for (const doc of [xxe, laughs, `<!-- x --><!DOCTYPE a SYSTEM "http://example.org/a.dtd"><a/>`, `<a><!ENTITY e "x"></a>`]) assert.throws(() => parseXml(doc), /DOCTYPE/);
  // Without a DTD an entity reference is unknown, never looked up.
  assert.throws(() => parseXml(`<a>&xxe;</a>`), XmlError);
});

test("parseXml refuses documents that are not well-formed", () => {
  for (const doc of ["", "<a><b></a></b>", `<a x="1" x="2"/>`, "<a/><b/>", "<a>&amp</a>", "<a/> Text", "Text <a/>", "<a>"]) assert.throws(() => parseXml(doc), XmlError, doc);
});
