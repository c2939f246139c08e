/** Attachments of a citizen's statement: PDF or images, at most three, each at most 10 MB (or UPLOAD_MAX_BYTES if lower). */
export const ATTACHMENT_TYPES = ["application/pdf", "image/png", "image/jpeg"] as const;
export const ATTACHMENTS_MAX = 3;
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
