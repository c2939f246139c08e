/** The strict XML reader lives in the platform (fast-xml-parser, no DTDs, no entity expansion). */
export { namespaceOf, parseXml, XmlError, type XmlElement } from "../../platform/xml.js";
