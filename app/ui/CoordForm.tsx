/**
 * Plain form pieces of the coordinator's pages (which ship no JavaScript): a refused form comes
 * back as the one FormReply (app/lib/form-reply.ts) naming its `formId`, and each field shows its error (an i18n key) tied
 * to it with aria-describedby and keeps what was typed.
 */
import { useActionData } from "@remix-run/react";
import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from "react";
import { useTranslation } from "../infra/translate";
import { CUSCO_PROVINCES } from "../lib/cusco";
import { replyFor, typedIn, type FormReply } from "../lib/form-reply";
import { Field } from "./fields";

/**
 * The last answer, if it was for `formId`, with helpers to show its errors and values. The
 * form's controls have the ids `<formId>-<name>`, or with `bareIds` their names alone (the
 * producer page's forms, named so before these pieces).
 */
export function useFormReply(formId: string, { bareIds = false } = {}) {
  // Every action of the pages using these pieces refuses with the one FormReply.
  const mine = replyFor(useActionData<FormReply>(), formId);
  /** Marks a refused field and ties its error (after its hint, if any) to it. */
  const invalid = (name: string, hintId?: string) =>
    mine?.error?.[name]?.length
      ? {
          "aria-invalid": true as const,
          "aria-describedby": [hintId, `${formId}-${name}-error`].filter(Boolean).join(" "),
        }
      : {};
  const value = (name: string, fallback = "") => typedIn(mine, name) ?? fallback;
  const errors = (name: string) => mine?.error?.[name];
  const idOf = (name: string) => (bareIds ? name : `${formId}-${name}`);
  return { formId, reply: mine, invalid, value, errors, idOf };
}

type Reply = ReturnType<typeof useFormReply>;

/** What every control below is given: its form's reply, its name, its label and hint. */
type ControlProps = {
  form: Reply;
  name: string;
  label: string;
  hint?: string;
  defaultValue?: string;
};

/** What a control's element gets from Labelled. */
type ControlAttributes = {
  id: string;
  name: string;
  defaultValue: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
};

/**
 * A labelled control with its optional hint and its error (`<formId>-<name>-error`, what
 * `invalid` ties the control to); what was typed comes back into it.
 */
function Labelled({
  form,
  name,
  label,
  hint,
  defaultValue = "",
  children,
}: ControlProps & { children: (props: ControlAttributes) => ReactNode }) {
  const id = form.idOf(name);
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <Field
      id={id}
      label={label}
      hint={hint}
      errorId={`${form.formId}-${name}-error`}
      errors={form.errors(name)}
      errorValues={form.reply?.values}
    >
      {children({
        id,
        name,
        defaultValue: form.value(name, defaultValue),
        "aria-describedby": hintId,
        ...form.invalid(name, hintId),
      })}
    </Field>
  );
}

export function TextInput({
  type = "text",
  inputMode,
  autoComplete,
  min,
  max,
  maxLength,
  required,
  ...control
}: ControlProps &
  Pick<
    InputHTMLAttributes<HTMLInputElement>,
    "type" | "inputMode" | "autoComplete" | "min" | "max" | "maxLength" | "required"
  >) {
  const attributes = { type, inputMode, autoComplete, min, max, maxLength, required };
  return <Labelled {...control}>{(props) => <input {...attributes} {...props} />}</Labelled>;
}

export function TextArea({
  rows,
  maxLength,
  ...control
}: ControlProps & Pick<TextareaHTMLAttributes<HTMLTextAreaElement>, "rows" | "maxLength">) {
  return (
    <Labelled {...control}>
      {(props) => <textarea rows={rows} maxLength={maxLength} {...props} />}
    </Labelled>
  );
}

export function SelectInput({ children, ...control }: ControlProps & { children: ReactNode }) {
  return <Labelled {...control}>{(props) => <select {...props}>{children}</select>}</Labelled>;
}

/**
 * The province of Cusco a producer's farm is in (the field "province"): a new producer's starts
 * at "choose", a known one's at its province.
 */
export function ProvinceSelect({ defaultValue, ...control }: Omit<ControlProps, "name">) {
  const { t } = useTranslation();
  return (
    <SelectInput {...control} name="province" defaultValue={defaultValue}>
      {defaultValue === undefined ? <option value="">{t("forms.choose")}</option> : null}
      {CUSCO_PROVINCES.map((p) => (
        <option key={p} value={p}>
          {p}
        </option>
      ))}
    </SelectInput>
  );
}
