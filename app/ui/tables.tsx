/** The pieces every table of the app is built with, so they all read the same way. */
import type { ReactNode } from "react";

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
