/** The pieces every table of the app is built with, so they all read the same way. */
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { allErrorsOf, typedIn, type FormReply } from "../lib/form-reply";
import { FieldError } from "./fields";

/**
 * A table's header row, one column header per label (a null label is a column this table
 * leaves out); `check` first, in the narrow column people tick on paper.
 */
export function ColumnHeads({ columns, check }: { columns: ReactNode[]; check?: ReactNode }) {
  return (
    <thead>
      <tr>
        {check !== undefined ? (
          <th scope="col" className="check-cell">
            {check}
          </th>
        ) : null}
        {columns
          .filter((label) => label !== null)
          .map((label, i) => (
            <th key={i} scope="col">
              {label}
            </th>
          ))}
      </tr>
    </thead>
  );
}

/**
 * A wide table that scrolls sideways on a phone: a region keyboard users can focus and
 * scroll, named by the table's caption (`labelledBy`) or by `label`.
 */
export function ScrollRegion({
  labelledBy,
  label,
  children,
}: {
  labelledBy?: string;
  label?: string;
  children: ReactNode;
}) {
  return (
    <div
      className="table-scroll"
      tabIndex={0}
      role="region"
      aria-labelledby={labelledBy}
      aria-label={label}
    >
      {children}
    </div>
  );
}

/**
 * A wide table named by its caption (`captionId`): the ScrollRegion around it, the caption,
 * its column heads, then its body and foot (`children`).
 */
export function ScrollTable({
  captionId,
  className,
  caption,
  columns,
  children,
}: {
  captionId: string;
  className: string;
  caption: ReactNode;
  columns: ReactNode[];
  children: ReactNode;
}) {
  return (
    <ScrollRegion labelledBy={captionId}>
      <table className={className}>
        <caption id={captionId}>{caption}</caption>
        <ColumnHeads columns={columns} />
        {children}
      </table>
    </ScrollRegion>
  );
}

/**
 * A number changed inside a table cell (a basket's quantity of a product, a slot's capacity):
 * a small plain form naming its row (`row`), the label read only by screen readers, and the
 * errors of its last refusal (`reply`, already this form's) under it.
 */
export function CellNumberForm({
  intent,
  row,
  id,
  name,
  size,
  stored,
  label,
  submit,
  rowName,
  reply,
  errorId,
}: {
  intent: string;
  row: { name: string; value: string | number };
  id: string;
  name: string;
  size: number;
  stored: string;
  label: string;
  submit: string;
  rowName: string;
  reply: FormReply | undefined;
  errorId: string;
}) {
  return (
    <Form method="post" className="coord-slot-form">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name={row.name} value={row.value} />
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type="text"
        inputMode="numeric"
        size={size}
        defaultValue={typedIn(reply, name) ?? stored}
        aria-invalid={reply ? true : undefined}
        aria-describedby={reply ? errorId : undefined}
      />
      <button type="submit" className="button small">
        {submit}
        <span className="visually-hidden"> {rowName}</span>
      </button>
      <FieldError id={errorId} errors={allErrorsOf(reply)} values={reply?.values} />
    </Form>
  );
}
