/**
 * Labelled form controls with their hint and error (an i18n key, translated here). The error
 * is tied to the control with aria-describedby so screen readers read it with the field.
 */
import {
  getInputProps,
  getSelectProps,
  type FieldMetadata,
  type FormMetadata,
} from "@conform-to/react";
import { useEffect, useRef, type InputHTMLAttributes, type ReactNode } from "react";
import { useTranslation } from "../infra/translate";
import { supportedLanguages } from "../infra/i18n";

type TextFieldProps = {
  field: FieldMetadata<unknown>;
  label: string;
  hint?: string;
  type?: "text" | "password" | "email" | "tel";
  /** Never send a value back into the field (passwords). */
  keepValue?: boolean;
  /** When this changes (a new server reply), the field is emptied: for passwords. */
  clearOn?: unknown;
} & Pick<
  InputHTMLAttributes<HTMLInputElement>,
  "autoComplete" | "inputMode" | "autoCapitalize" | "spellCheck"
>;

/**
 * A field's errors (i18n keys, `values` filling their placeholders), as the paragraph its
 * control names in aria-describedby; nothing when there are none. `alert` for an error that
 * belongs to no control on the page, so it is read out when it appears.
 */
export function FieldError({
  id,
  errors,
  values,
  alert = false,
}: {
  id: string;
  errors?: string[] | null;
  values?: Record<string, unknown>;
  alert?: boolean;
}) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <p id={id} className="field-error" role={alert ? "alert" : undefined}>
      {errors.map((e) => t(e, values)).join(" ")}
    </p>
  );
}

/**
 * A plain form's labelled control: the label, the hint (its id `<id>-hint`, for the control's
 * aria-describedby), the control itself (`children`, carrying `id`), then its errors (the
 * paragraph `<id>-error`, or `errorId`).
 */
export function Field({
  id,
  label,
  hint,
  errors,
  errorId = `${id}-error`,
  errorValues,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[] | null;
  errorId?: string;
  errorValues?: Record<string, unknown>;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      <FieldError id={errorId} errors={errors} values={errorValues} />
    </div>
  );
}

export function TextField({
  field,
  label,
  hint,
  type = "text",
  keepValue = true,
  clearOn,
  ...rest
}: TextFieldProps) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (clearOn !== undefined && ref.current) ref.current.value = "";
  }, [clearOn]);
  const hintId = hint ? `${field.id}-hint` : undefined;
  // conform's props carry a React key; it must not be spread.
  const { key, ...inputProps } = getInputProps(field, {
    type,
    value: keepValue,
    ariaDescribedBy: hintId,
  });
  return (
    <Field id={field.id} label={label} hint={hint} errorId={field.errorId} errors={field.errors}>
      <input key={key} ref={ref} {...inputProps} {...rest} />
    </Field>
  );
}

/**
 * A phone or email that names an account: the contact hint, no capitals or spell check.
 * `autoComplete` "off" for a new contact, not the one the browser keeps for this account.
 */
export function ContactField({
  field,
  label,
  autoComplete = "username",
}: {
  field: FieldMetadata<unknown>;
  label?: string;
  autoComplete?: "username" | "off";
}) {
  const { t } = useTranslation();
  return (
    <TextField
      field={field}
      label={label ?? t("fields.contact")}
      hint={t("fields.contactHint")}
      autoComplete={autoComplete}
      autoCapitalize="none"
      spellCheck={false}
    />
  );
}

/**
 * A password, never sent back into the field; `fresh` for a new one (its hint, and the
 * browser's "new-password"), else the current one.
 */
export function PasswordField({
  field,
  label,
  fresh = false,
  clearOn,
}: {
  field: FieldMetadata<unknown>;
  label: string;
  fresh?: boolean;
  clearOn?: unknown;
}) {
  const { t } = useTranslation();
  return (
    <TextField
      field={field}
      label={label}
      hint={fresh ? t("fields.newPasswordHint") : undefined}
      type="password"
      keepValue={false}
      clearOn={clearOn}
      autoComplete={fresh ? "new-password" : "current-password"}
    />
  );
}

export function SelectField({
  field,
  label,
  hint,
  children,
}: {
  field: FieldMetadata<unknown>;
  label: string;
  hint?: string;
  children: ReactNode;
}) {
  const hintId = hint ? `${field.id}-hint` : undefined;
  const { key, ...selectProps } = getSelectProps(field, { ariaDescribedBy: hintId });
  return (
    <Field id={field.id} label={label} hint={hint} errorId={field.errorId} errors={field.errors}>
      <select key={key} {...selectProps}>
        {children}
      </select>
    </Field>
  );
}

/** The language an account reads the site in, each language named in itself. */
export function LanguageField({ field, label }: { field: FieldMetadata<unknown>; label: string }) {
  const { t } = useTranslation();
  return (
    <SelectField field={field} label={label}>
      {supportedLanguages.map((lng) => (
        <option key={lng} value={lng} lang={lng}>
          {t(`language.${lng}`)}
        </option>
      ))}
    </SelectField>
  );
}

/** Radio buttons in a fieldset whose legend names the choice. */
export function RadioGroup({
  field,
  legend,
  options,
}: {
  field: FieldMetadata<unknown>;
  legend: string;
  options: { value: string; label: string; hint?: string }[];
}) {
  const current = field.value ?? field.initialValue;
  return (
    <fieldset
      className="field radio-group"
      aria-describedby={field.errors?.length ? field.errorId : undefined}
    >
      <legend>{legend}</legend>
      {options.map((option) => {
        const id = `${field.id}-${option.value}`;
        return (
          <div key={option.value} className="radio">
            <input
              type="radio"
              id={id}
              name={field.name}
              form={field.formId}
              value={option.value}
              defaultChecked={current === option.value}
            />
            <label htmlFor={id}>
              {option.label}
              {option.hint ? <span className="hint"> {option.hint}</span> : null}
            </label>
          </div>
        );
      })}
      <FieldError id={field.errorId} errors={field.errors} />
    </fieldset>
  );
}

/**
 * Errors that belong to the whole form (wrong password, too many attempts…); `values` fills
 * their placeholders (e.g. the minutes to wait).
 */
export function FormErrors({
  form,
  values,
}: {
  form: Pick<FormMetadata, "errorId" | "errors">;
  values?: Record<string, string | number>;
}) {
  const { t } = useTranslation();
  if (!form.errors?.length) return null;
  return (
    <div id={form.errorId} className="form-error" role="alert">
      {form.errors.map((e) => (
        <p key={e}>{t(e, values)}</p>
      ))}
    </div>
  );
}

/**
 * A field people never see or fill: bots that fill every field give themselves away.
 * Hidden with CSS (not `type=hidden`, which bots skip) and from assistive technology.
 */
export function Honeypot() {
  const { t } = useTranslation();
  return (
    <div className="hp" aria-hidden="true">
      <label htmlFor="hp-website">{t("forms.honeypot")}</label>
      <input id="hp-website" name="website" type="text" tabIndex={-1} autoComplete="off" />
    </div>
  );
}

/**
 * The end of a form anyone may post: the honeypot, then the submit button; `submitting` (where
 * the page follows it) disables the button and says the form is on its way.
 */
export function OpenFormSubmit({ label, submitting }: { label: string; submitting?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Honeypot />
      <button type="submit" className="button primary" disabled={submitting}>
        {submitting ? t("forms.sending") : label}
      </button>
    </>
  );
}
