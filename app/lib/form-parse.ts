/**
 * Form parsing shared by actions (authoritative) and the browser (instant feedback): conform's
 * `parse` with a zod/mini schema. We do not use @conform-to/zod here because it pulls in
 * zod's classic API, ~25 KB gzip more on every page with a form (measured); zod/mini with
 * this small resolver costs ~6 KB. Both sides run this same code, so they always agree.
 */
import { parse } from "@conform-to/react";
import { safeParse, type $ZodType, type output } from "zod/v4/core";

/** Empty inputs arrive as "": treat them as absent, as conform's zod integration does. */
function emptyToUndefined(value: unknown): unknown {
  if (value === "") return undefined;
  if (Array.isArray(value)) return value.map(emptyToUndefined);
  if (value && typeof value === "object" && !(value instanceof File)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, emptyToUndefined(v)]));
  }
  return value;
}

/** ["items", 0, "quantity"] → "items[0].quantity", conform's field naming. */
function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (name, key) =>
      typeof key === "number" ? `${name}[${key}]` : name ? `${name}.${String(key)}` : String(key),
    "",
  );
}

export function parseForm<Schema extends $ZodType>(
  formData: FormData | URLSearchParams,
  schema: Schema,
) {
  return parse<output<Schema>, string[]>(formData, {
    resolve(payload) {
      const result = safeParse(schema, emptyToUndefined(payload));
      if (result.success) return { value: result.data };
      const error: Record<string, string[]> = {};
      for (const issue of result.error.issues) {
        const name = fieldName(issue.path);
        (error[name] ??= []).push(issue.message);
      }
      return { error };
    },
  });
}
