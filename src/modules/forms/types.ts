/** Answers of a form as a tree: field id → value, groups as objects, repeating groups as arrays. */
export type Answers = Record<string, unknown>;
