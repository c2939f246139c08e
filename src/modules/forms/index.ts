/**
 * The form engine: pure functions over form definitions and answers, no database, no HTTP, no registrations
 * (issue 11). The applications module stores drafts and submissions with it; scripts import XDatenfelder with it.
 * This file is the only one other modules import. Layers, bottom up (no cycles):
 *   types, dataDir, xml → calculations → definition → layout, fileAnswers → answers → jsonSchema, fieldPaths, taskList;
 *   genericode → xdatenfelder.
 */

/** Form definitions (data/forms/*.form.json): types, checks, reading the shipped files. */
export type { CodeEntry, Condition, DataType, DateBound, FeePayment, FeeRule, FieldDef, FormDefinition, GroupDef, ItemDef, PageDef, ValidationRule, Cardinality } from "./definition.js";
export { DATA_TYPES, FORMS_DIR, FormDefinitionError, definitionProblems, isRepeating, itemAt, parseCardinality, readFormFiles, walkItems } from "./definition.js";

/** Answers: checking and coercing what a citizen sent (form fields or JSON), conditions, fees. */
export type { Answers } from "./types.js";
export type { AnswerError } from "./answers.js";
export { checkAnswers, checkStructure, cleanText, coerceField, decided, feeApplies, feeFor, holds, instanceCount, isRepeatingGroup, pointerToName, valuesToTree } from "./answers.js";

/** Layout: the expected length of an answer and the input width that holds it. */
export type { InputWidth } from "./layout.js";
export { INPUT_WIDTHS, expectedChars, inputWidthFor } from "./layout.js";

/** File fields: references to stored uploads inside the answers. */
export type { FileRef } from "./fileAnswers.js";
export { FILE_MISSING_FORM, FILE_MISSING_JSON, apiFileIds, coerceFile, collectFileRefs, draftFileValue, fieldAccept, fieldMaxBytes, fileLabel, mapApiFileValues, pageHasFileField, parseDraftFileRef, trustedFileRef } from "./fileAnswers.js";

/** Calculations (dog tax), dated by a reference day; a submission's by its submission time. */
export type { CalculationResult } from "./calculations.js";
export { calculate, codeLabelOf, computedAmount, dogTax, dogTaxRates, isCalculation, submissionCalculation, taxableMonths } from "./calculations.js";

/** The JSON Schema of a form (API) and the check of a JSON copy against it. */
export { generateJsonSchema, validateAgainstSchema } from "./jsonSchema.js";

/** Field paths (JSON Pointer) of a form, as a table for the API documentation. */
export type { FieldPathRow } from "./fieldPaths.js";
export { fieldPathTable, fieldPaths } from "./fieldPaths.js";

/** The task list of long forms: sections and their state. */
export type { Section, SectionStatus } from "./taskList.js";
export { TASK_LIST_MIN_PAGES, sections, usesTaskList, visitKey } from "./taskList.js";

/** Imports: XDatenfelder 2/3 and genericode code lists (data/codelists). */
export type { ImportOptions, ImportResult, ResolvedReference } from "./xdatenfelder.js";
export { XDF2_NS, XDF3_NS, XDatenfelderError, importXDatenfelder } from "./xdatenfelder.js";
export type { GenericodeColumn, GenericodeList, ResolvedCodeList } from "./genericode.js";
export { CODELISTS_DIR, CodeListStore, GenericodeError, codeEntries, compareVersions, parseGenericode, readCodeListStore } from "./genericode.js";
export type { XmlElement } from "./xml.js";
export { XmlError, namespaceOf, parseXml } from "./xml.js";
