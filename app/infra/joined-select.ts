/**
 * The type of a select whose joins a helper writes once for several queries (selectOffers,
 * selectOrdersWithPickup, …) while each caller picks its own columns.
 *
 * drizzle cannot type a join on a selection that is still a type parameter (the builder's
 * methods vanish), so such a helper builds its joins on the widened selection and gives the
 * query back this type: the one drizzle gives the same chain written out with the caller's
 * columns. `Inner` are the tables joined with innerJoin, `Left` those joined with leftJoin
 * (their columns may be null).
 */
import type { RunResult } from "better-sqlite3";
import type { SelectedFields, SQLiteSelectBase } from "drizzle-orm/sqlite-core";

export type JoinedSelect<
  S extends SelectedFields,
  Table extends string,
  Inner extends string,
  Left extends string = never,
> = SQLiteSelectBase<
  Table,
  "sync",
  RunResult,
  S,
  "partial",
  Record<Table | Inner, "not-null"> & Record<Left, "nullable">
>;
