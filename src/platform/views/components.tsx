import type { ComponentChildren } from "preact";
import type { Translate } from "../i18n/index.js";

/** Field errors keyed by field name, values as the user typed them (re-rendered on error). */
export interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
}

export const emptyForm = (values: Record<string, string> = {}): FormState => ({ values, errors: {} });

/** GOV.UK/KERN error summary: focusable alert at the top linking to each field. */
export function ErrorSummary({ form, t, labels }: { form: FormState; t: Translate; labels?: Record<string, string> }) {
  const entries = Object.entries(form.errors);
  if (entries.length === 0) return null;
  return (
    <div class="kern-alert kern-alert--danger kp-error-summary" role="alert" tabIndex={-1} id="fehler">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
        <h2 class="kern-title">{t("error.summary")}</h2>
      </div>
      <div class="kern-alert__body">
        <ul class="kern-list">
          {entries.map(([field, message]) => (
            <li>
              <a class="kern-link" href={`#${field}`}>
                {labels?.[field] ? `${labels[field]}: ` : ""}
                {message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  form: FormState;
  type?: "text" | "email" | "password" | "tel" | "number" | "date" | "time";
  hint?: string;
  autocomplete?: string;
  required?: boolean;
  inputMode?: "numeric" | "text" | "email";
  maxLength?: number;
  /** Expected answer length in characters: 2 and 4 are KERN's width classes, 8–30 the portal's (public/app.css); none = full width. */
  width?: 2 | 4 | 8 | 12 | 20 | 30;
}

/** The ids that describe a field: its hint and its error, where present. */
export const describedByOf = (name: string, hint?: ComponentChildren, error?: string): string | undefined =>
  [hint ? `${name}-hint` : "", error ? `${name}-error` : ""].filter(Boolean).join(" ") || undefined;

/**
 * The frame of every single-control field: label (with "optional"), hint, inline error, then the control
 * (which gets `id={name}` and `aria-describedby={describedByOf(…)}`). One markup for all fields.
 */
export function FieldFrame({ name, label, hint, error, optional, children }: { name: string; label: ComponentChildren; hint?: ComponentChildren; error?: string; optional?: boolean; children: ComponentChildren }) {
  return (
    <div class={`kern-form-input${error ? " kern-form-input--error" : ""}`}>
      <label class="kern-label" for={name}>
        {label}
        {optional && <span class="kern-label__optional"> – optional</span>}
      </label>
      {hint && (
        <div class="kern-hint" id={`${name}-hint`}>
          {hint}
        </div>
      )}
      <FieldError name={name} error={error} />
      {children}
    </div>
  );
}

/** A labelled input with hint and inline error, keeping what the user typed (never for passwords). */
export function TextField({ name, label, form, type = "text", hint, autocomplete, required, inputMode, maxLength, width }: FieldProps) {
  const error = form.errors[name];
  const cls = ["kern-form-input__input", error ? "kern-form-input__input--error" : "", width ? (width <= 4 ? `kern-form-input__input--width-${width}` : `kp-input--width-${width}`) : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <FieldFrame name={name} label={label} hint={hint} error={error} optional={!required}>
      <input
        {...({ type } as { type: "text" })}
        class={cls}
        id={name}
        name={name}
        value={type === "password" ? undefined : form.values[name] ?? ""}
        autocomplete={autocomplete}
        required={required}
        aria-required={required ? "true" : undefined}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedByOf(name, hint, error)}
        inputMode={inputMode}
        maxLength={maxLength}
      />
    </FieldFrame>
  );
}

/** A labelled file input (uploads are checked on the server by content and size; the hint says which types). */
export function FileField({ name, label, hint, error, accept, multiple, optional }: { name: string; label: string; hint?: string; error?: string; accept: string; multiple?: boolean; optional?: boolean }) {
  return (
    <FieldFrame name={name} label={label} hint={hint} error={error} optional={optional}>
      <input class={`kern-form-input__input${error ? " kern-form-input__input--error" : ""}`} type="file" id={name} name={name} accept={accept} multiple={multiple} aria-invalid={error ? "true" : undefined} aria-describedby={describedByOf(name, hint, error)} />
    </FieldFrame>
  );
}

/** Hidden CSRF field; every state-changing form includes it. */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export function Button({ children, variant = "primary", name, value }: { children: ComponentChildren; variant?: "primary" | "secondary" | "tertiary"; name?: string; value?: string }) {
  return (
    <button type="submit" class={`kern-btn kern-btn--${variant}`} name={name} value={value}>
      <span class="kern-label">{children}</span>
    </button>
  );
}

export function Alert({ kind, title, children }: { kind: "info" | "success" | "warning" | "danger"; title: string; children?: ComponentChildren }) {
  return (
    <div class={`kern-alert kern-alert--${kind}`} role={kind === "danger" || kind === "warning" ? "alert" : "status"}>
      <div class="kern-alert__header">
        <span class={`kern-icon kern-icon--${kind}`} aria-hidden="true"></span>
        <h2 class="kern-title">{title}</h2>
      </div>
      {children && <div class="kern-alert__body">{children}</div>}
    </div>
  );
}

export function PageHeading({ children, preline }: { children: ComponentChildren; preline?: string }) {
  return (
    <div class="kern-hgroup kp-page-heading">
      {preline && <p class="kern-preline">{preline}</p>}
      <h1 class="kern-heading-large">{children}</h1>
    </div>
  );
}

interface ChoiceProps {
  name: string;
  label: string;
  form: FormState;
  options: Array<{ value: string; label: string }>;
  hint?: string;
  required?: boolean;
}

function FieldError({ name, error }: { name: string; error?: string }) {
  if (!error) return null;
  return (
    <p class="kern-error" id={`${name}-error`} role="alert">
      <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true"></span>
      <span class="kern-body">{error}</span>
    </p>
  );
}

/** The fieldset around a group of radios or checkboxes: legend, hint, error, then the boxes. */
function ChoiceFieldset({ name, label, hint, error, children }: { name: string; label: string; hint?: string; error?: string; children: ComponentChildren }) {
  const describedBy = describedByOf(name, hint, error);
  return (
    <fieldset class={`kern-fieldset${error ? " kern-fieldset--error" : ""}`} aria-describedby={describedBy}>
      <legend class="kern-label">{label}</legend>
      {hint && (
        <div class="kern-hint" id={`${name}-hint`}>
          {hint}
        </div>
      )}
      <FieldError name={name} error={error} />
      <div class="kern-fieldset__body">{children}</div>
    </fieldset>
  );
}

/** Radio buttons in a fieldset; the first radio carries the field id so the error summary can link to it. */
export function RadioGroup({ name, label, form, options, hint, required }: ChoiceProps) {
  const error = form.errors[name];
  return (
    <ChoiceFieldset name={name} label={label} hint={hint} error={error}>
      {options.map((o, i) => (
        <div class={`kern-form-check${error ? " kern-form-check--error" : ""}`}>
          <input
            class={`kern-form-check__radio${error ? " kern-form-check__radio--error" : ""}`}
            type="radio"
            id={i === 0 ? name : `${name}-${o.value}`}
            name={name}
            value={o.value}
            checked={form.values[name] === o.value}
            required={required}
          />
          <label class="kern-label" for={i === 0 ? name : `${name}-${o.value}`}>
            {o.label}
          </label>
        </div>
      ))}
    </ChoiceFieldset>
  );
}

/**
 * Checkboxes in a fieldset, all under one name (the body holds one or several values). The form
 * state keeps the checked values space-separated; the first box carries the field id for the error summary.
 */
export function CheckboxGroup({ name, label, form, options, hint }: Omit<ChoiceProps, "required">) {
  const error = form.errors[name];
  const checked = new Set((form.values[name] ?? "").split(" ").filter(Boolean));
  return (
    <ChoiceFieldset name={name} label={label} hint={hint} error={error}>
      {options.map((o, i) => {
        const id = i === 0 ? name : `${name}-${o.value.replace(/[^A-Za-z0-9_-]/g, "-")}`;
        return (
          <div class={`kern-form-check${error ? " kern-form-check--error" : ""}`}>
            <input class={`kern-form-check__checkbox${error ? " kern-form-check__checkbox--error" : ""}`} type="checkbox" id={id} name={name} value={o.value} checked={checked.has(o.value)} />
            <label class="kern-label" for={id}>
              {o.label}
            </label>
          </div>
        );
      })}
    </ChoiceFieldset>
  );
}

/** A labelled native select with a neutral first option. */
export function SelectField({ name, label, form, options, hint, required, placeholder }: ChoiceProps & { placeholder: string }) {
  const error = form.errors[name];
  return (
    <FieldFrame name={name} label={label} hint={hint} error={error}>
      <div class="kern-form-input__select-wrapper">
        <select
          class={`kern-form-input__select${error ? " kern-form-input__select--error" : ""}`}
          id={name}
          name={name}
          aria-describedby={describedByOf(name, hint, error)}
          aria-invalid={error ? "true" : undefined}
          required={required}
        >
          <option value="">{placeholder}</option>
          {options.map((o) => (
            <option value={o.value} selected={form.values[name] === o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </FieldFrame>
  );
}

/** An accessible data table in KERN style, scrollable on small screens. */
export function DataTable({ caption, head, rows }: { caption: string; head: string[]; rows: Array<Array<preact.ComponentChildren>> }) {
  return (
    <div class="kern-table-responsive" tabIndex={0} role="region" aria-label={caption}>
      <table class="kern-table kern-table--striped">
        <caption class="kern-title kern-sr-only">{caption}</caption>
        <thead>
          <tr class="kern-table__row">
            {head.map((h) => (
              <th class="kern-table__header" scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {rows.map((r) => (
            <tr class="kern-table__row">
              {r.map((cell) => (
                <td class="kern-table__cell">{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A labelled textarea with hint and inline error, keeping what the user typed. */
export function TextArea({ name, label, form, hint, rows = 4, maxLength, optional }: { name: string; label: string; form: FormState; hint?: string; rows?: number; maxLength?: number; optional?: boolean }) {
  const error = form.errors[name];
  return (
    <FieldFrame name={name} label={label} hint={hint} error={error} optional={optional}>
      <textarea
        class={`kern-form-input__input${error ? " kern-form-input__input--error" : ""}`}
        id={name}
        name={name}
        rows={rows}
        maxLength={maxLength}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedByOf(name, hint, error)}
      >
        {form.values[name] ?? ""}
      </textarea>
    </FieldFrame>
  );
}

/** One row of a DescriptionList; `false`/`null` rows and rows without a value are left out. */
export type DescriptionRow = readonly [ComponentChildren, ComponentChildren] | false | null | undefined;

/** A KERN description list (the facts of one object: key, value). */
export function DescriptionList({ rows }: { rows: readonly DescriptionRow[] }) {
  const shown = rows.filter((r): r is readonly [ComponentChildren, ComponentChildren] => !!r && r[1] !== null && r[1] !== undefined && r[1] !== "" && r[1] !== false);
  return (
    <dl class="kern-description-list">
      {shown.map(([k, v]) => (
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{k}</dt>
          <dd class="kern-description-list-item__value">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The buttons under a form: the submit button and a "cancel" link back. */
export function FormActions({ submit, cancelHref, cancelLabel }: { submit: ComponentChildren; cancelHref: string; cancelLabel: string }) {
  return (
    <div>
      <Button>{submit}</Button>{" "}
      <a class="kern-link" href={cancelHref}>
        {cancelLabel}
      </a>
    </div>
  );
}

/** A page section with its h2 heading (the heading names the landmark). */
export function Section({ id, title, children }: { id: string; title: ComponentChildren; children: ComponentChildren }) {
  return (
    <section aria-labelledby={id} class="kern-stack">
      <h2 class="kern-heading-medium" id={id}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A link on a line of its own (back to the list, to a related page). */
export function LinkLine({ href, children }: { href: string; children: ComponentChildren }) {
  return (
    <p class="kern-body">
      <a class="kern-link" href={href}>
        {children}
      </a>
    </p>
  );
}
