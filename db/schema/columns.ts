/** Column and constraint helpers shared by the schema files. */
import { sql } from "drizzle-orm";
import { integer } from "drizzle-orm/sqlite-core";

/** `col IN ('a','b')` for a CHECK constraint built from one of the lists above. */
export function oneOf(column: string, values: readonly string[]) {
  return sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(", ")})`);
}

export const id = () => integer("id").primaryKey({ autoIncrement: true });
export const instant = (name: string) => integer(name, { mode: "timestamp_ms" });
export const createdAt = () =>
  instant("created_at")
    .notNull()
    .$defaultFn(() => new Date());
export const updatedAt = () =>
  instant("updated_at")
    .notNull()
    .$defaultFn(() => new Date())
    .$onUpdateFn(() => new Date());
