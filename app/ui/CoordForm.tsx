/**
 * Plain form pieces of the coordinator's pages (which ship no JavaScript): a refused form comes
 * back as the one FormReply (app/lib/form-reply.ts) naming its `formId`, and each field shows its error (an i18n key) tied
 * to it with aria-describedby and keeps what was typed.
 */
import { useActionData } from "@remix-run/react";
import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from "react";
import { replyFor, typedIn, type FormReply } from "../lib/form-reply";
import { Field } from "./fields";

/** The last answer, if it was for `formId`, with helpers to show its errors and values. */
export function useFormReply(formId: string) {
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
  return { formId, reply: mine, invalid, value, errors };
}

type Reply = ReturnType<typeof useFormReply>;

/** What every control below is given: its form's reply, its name, its label and hint. */
type ControlProps = {
  form: Reply;
  name: string;
  label: string;
  hint?: string;
  /** The control's id, where a page names it otherwise than `<formId>-<name>`. */
  id?: string;
  defaultValue?: string;
};

/**
 * A labelled control with its optional hint and its error; `id` is `<formId>-<name>` unless
 * given, its error always `<formId>-<name>-error` (what `invalid` ties the control to).
 */
function Labelled({
  form,
  name,
  label,
  hint,
  id = `${form.formId}-${name}`,
  children,
}: Omit<ControlProps, "defaultValue"> & {
  children: (props: { id: string; "aria-describedby"?: string }) => ReactNode;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <Field
      id={id}
      label={label}
      hint={hint}
      errorId={`${form.formId}-${name}-error`}
      errors={form.errors(name)}
    >
      {children({ id, "aria-describedby": hintId, ...form.invalid(name, hintId) })}
    </Field>
  );
}

export function TextInput({
  form,
  name,
  label,
  hint,
  id,
  defaultValue = "",
  ...rest
}: ControlProps &
  Pick<InputHTMLAttributes<HTMLInputElement>, "type" | "inputMode" | "autoComplete" | "max">) {
  return (
    <Labelled form={form} name={name} label={label} hint={hint} id={id}>
      {(props) => (
        <input
          type="text"
          {...rest}
          {...props}
          name={name}
          defaultValue={form.value(name, defaultValue)}
        />
      )}
    </Labelled>
  );
}

export function TextArea({
  form,
  name,
  label,
  hint,
  id,
  defaultValue = "",
  ...rest
}: ControlProps & Pick<TextareaHTMLAttributes<HTMLTextAreaElement>, "rows" | "maxLength">) {
  return (
    <Labelled form={form} name={name} label={label} hint={hint} id={id}>
      {(props) => (
        <textarea {...rest} {...props} name={name} defaultValue={form.value(name, defaultValue)} />
      )}
    </Labelled>
  );
}

export function SelectInput({
  form,
  name,
  label,
  hint,
  id,
  defaultValue = "",
  children,
}: ControlProps & { children: ReactNode }) {
  return (
    <Labelled form={form} name={name} label={label} hint={hint} id={id}>
      {(props) => (
        <select {...props} name={name} defaultValue={form.value(name, defaultValue)}>
          {children}
        </select>
      )}
    </Labelled>
  );
}
