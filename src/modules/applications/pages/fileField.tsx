import { registerMessages, type Translate } from "../../../platform/i18n/index.js";
import { Button, type FormState } from "../../../platform/views/components.js";
import { formatBytes, typeList } from "../../../platform/files/sniff.js";
import { collectFileRefs, fieldAccept, fieldMaxBytes, fileLabel, parseDraftFileRef, type Answers, type FieldDef, type FormDefinition } from "../../forms/index.js";
import { uploadMessages } from "../uploadMessages.js";

registerMessages(uploadMessages);

let portalMaxBytes = 10 * 1024 * 1024;
/** The portal's UPLOAD_MAX_BYTES, for the hint under file fields (set when the module starts). */
export function setUploadLimitForViews(maxBytes: number): void {
  portalMaxBytes = maxBytes;
}

/** Download link of a draft's file (the uploader's own; see uploadRoutes.ts). */
export const draftFileHref = (fileId: string) => `/antraege/dateien/${fileId}`;

/**
 * A file field (KERN form input with type=file): the current file with a download link and a
 * "Datei entfernen" button, the allowed types and the limit as hint, the error at the field.
 * Works without JavaScript: the step form posts multipart/form-data.
 */
export function FileField({ field, name, form, hint, t }: { field: FieldDef; name: string; form: FormState; hint?: string; t: Translate }) {
  const error = form.errors[name];
  const current = parseDraftFileRef(form.values[name]);
  const required = field.cardinality === "1:1";
  const accept = fieldAccept(field);
  const limits = t("applications.upload.hint", { types: typeList(accept), max: formatBytes(fieldMaxBytes(field, portalMaxBytes)) });
  const describedBy = [`${name}-hint`, error ? `${name}-error` : "", current ? `${name}-current` : ""].filter(Boolean).join(" ");
  return (
    <div class={`kern-form-input${error ? " kern-form-input--error" : ""}`}>
      <label class="kern-label" for={name}>
        {field.label}
        {!required && <span class="kern-label__optional"> – optional</span>}
      </label>
      <div class="kern-hint" id={`${name}-hint`}>
        {[hint, limits, current ? t("applications.upload.replace") : ""].filter(Boolean).join(" ")}
      </div>
      {error && (
        <p class="kern-error" id={`${name}-error`} role="alert">
          <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true"></span>
          <span class="kern-body">{error}</span>
        </p>
      )}
      {current && (
        <div class="kern-stack kp-file-current" id={`${name}-current`}>
          <p class="kern-body">
            {t("applications.upload.current")}{" "}
            <a class="kern-link" href={draftFileHref(current.id)}>
              {fileLabel(current)}
            </a>
          </p>
        </div>
      )}
      <input
        type="file"
        class={`kern-form-input__input${error ? " kern-form-input__input--error" : ""}`}
        id={name}
        name={name}
        accept={accept.join(",")}
        aria-required={required && !current ? "true" : undefined}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy}
      />
      {current && (
        <p class="kern-body">
          <Button variant="secondary" name="aktion" value={`datei-entfernen:${name}`}>
            {t("applications.upload.remove")}
            <span class="kern-sr-only">: {field.label}</span>
          </Button>
        </p>
      )}
    </div>
  );
}

/** The files of a submission with size and SHA-256 (receipt page). */
export function AttachmentList({ def, answers, t }: { def: FormDefinition; answers: Answers; t: Translate }) {
  const files = collectFileRefs(def, answers);
  if (!files.length) return null;
  return (
    <section class="kern-stack" aria-labelledby="anlagen">
      <h2 class="kern-heading-small" id="anlagen">
        {t("applications.upload.attachments")}
      </h2>
      <ul class="kern-list">
        {files.map((f) => (
          <li>
            <span class="kern-body">
              {f.label}: {fileLabel(f.ref)}
            </span>
            <br />
            <span class="kern-body kern-body--small">
              {t("applications.upload.sha256")}: <code class="kp-hash">{f.ref.sha256}</code>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

