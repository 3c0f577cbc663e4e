/**
 * Malformed submissions of a real form, for the fuzz test: each starts from what the page
 * would send and breaks it one way — a field's value (wrong type, out of range, oversized,
 * invisible characters), the fields themselves (missing, repeated, nested names), or the
 * body's encoding (broken percent-encoding, invalid UTF-8, JSON, a file where text goes).
 */
import type { PageForm } from "./html-forms";

export { random } from "../../db/seed-demo";

export type Submission = {
  what: string;
  fields: [string, string | Blob][];
  multipart?: boolean;
  raw?: { body: BodyInit; contentType?: string };
};

const BAD_VALUES = [
  "",
  " ",
  "-1",
  "0",
  "-0",
  "1.5",
  "1e309",
  "NaN",
  "Infinity",
  "0x1A",
  "９",
  "99999999999999999999999",
  String(Number.MAX_SAFE_INTEGER + 2),
  "2026-02-30",
  "99999-12-31",
  "0000-00-00",
  "12:99",
  "null",
  "undefined",
  "[]",
  "{}",
  "true",
  "__proto__",
  "constructor",
  "'; DROP TABLE orders; --",
  "<script>alert(1)</script>",
  "../../../etc/passwd",
  "\u0000",
  "Rosa\u202eepsiuQ",
  "\u200b",
  "\ud800",
  "🌽🥔🌽",
  "S/ 12,50",
  "12,345.67",
  "+51 987 654 321",
  "a".repeat(300),
  "ñ".repeat(3000),
  "x".repeat(40_000),
];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)];
}

/** What the page itself would send: each field with its value (or its first option). */
function baseline(form: PageForm): [string, string][] {
  return form.fields.map((f) => [f.name, f.value || f.options[0] || ""]);
}

/** A plausible value for a field: one of its options, or something of its type. */
function plausible(rand: () => number, form: PageForm, name: string): string {
  const field = form.fields.find((f) => f.name === name);
  if (field?.options.length) return pick(rand, field.options);
  return pick(rand, ["1", "2", "10", "abc", "2026-12-05", "07:00", "12.50"]);
}

const STRATEGIES: ((form: PageForm, rand: () => number) => Submission)[] = [
  // One field gets a bad value.
  (form, rand) => {
    const fields = baseline(form);
    if (fields.length === 0) return { what: "empty form", fields: [] };
    const i = Math.floor(rand() * fields.length);
    const value = pick(rand, BAD_VALUES);
    fields[i] = [fields[i][0], value];
    return { what: `${fields[i][0]}=${JSON.stringify(value.slice(0, 30))}`, fields };
  },
  // Several fields get bad or merely plausible values.
  (form, rand) => {
    const fields = baseline(form).map(([name, value]): [string, string] => [
      name,
      rand() < 0.5 ? value : rand() < 0.5 ? plausible(rand, form, name) : pick(rand, BAD_VALUES),
    ]);
    return { what: "several fields changed", fields };
  },
  // A field missing.
  (form, rand) => {
    const fields = baseline(form);
    const [removed] = fields.splice(Math.floor(rand() * fields.length), 1);
    return { what: `without ${removed?.[0]}`, fields };
  },
  // A field twice, with different values.
  (form, rand) => {
    const fields = baseline(form);
    const [name, value] = fields[Math.floor(rand() * fields.length)] ?? ["x", "1"];
    fields.push([name, rand() < 0.5 ? value : pick(rand, BAD_VALUES)]);
    return { what: `${name} twice`, fields };
  },
  // Names a form parser might turn into arrays, objects or prototype writes.
  (form, rand) => {
    const fields = baseline(form);
    const [name] = fields[Math.floor(rand() * fields.length)] ?? ["x"];
    const odd = pick(rand, [
      `${name}[0]`,
      `${name}[199]`,
      `${name}.value`,
      "__proto__[admin]",
      "constructor.prototype.x",
      "items[0].quantity",
      "items[150].offerId",
      "delivered[1]",
    ]);
    fields.push([odd, pick(rand, ["1", "on", "-5", "x"])]);
    return { what: `extra field ${odd}`, fields };
  },
  // Hundreds of fields.
  (form) => {
    const fields = baseline(form);
    for (let i = 0; i < 450; i++) fields.push([`f${i}`, "1"]);
    return { what: "450 extra fields", fields };
  },
  // A file where text is expected.
  (form, rand) => {
    const fields: [string, string | Blob][] = baseline(form);
    const i = Math.floor(rand() * Math.max(1, fields.length));
    const name = fields[i]?.[0] ?? "photo";
    const file = new File([new Uint8Array([0xff, 0xd8, 0xff, 0x00, 0x01])], "x.jpg", {
      type: pick(rand, ["image/jpeg", "text/html", "application/octet-stream"]),
    });
    fields[i] = [name, file];
    return { what: `file in ${name}`, fields, multipart: true };
  },
  // Bodies that are not the form they claim to be.
  (form, rand) => {
    const urlencoded = new URLSearchParams(baseline(form)).toString();
    const bodies: NonNullable<Submission["raw"]>[] = [
      { body: `${urlencoded}&x=%ZZ&y=%`, contentType: "application/x-www-form-urlencoded" },
      {
        body: Buffer.concat([Buffer.from(`${urlencoded}&name=`), Buffer.from([0xff, 0xfe, 0xc3])]),
        contentType: "application/x-www-form-urlencoded",
      },
      { body: JSON.stringify(Object.fromEntries(baseline(form))), contentType: "application/json" },
      { body: urlencoded, contentType: "text/plain" },
      { body: urlencoded },
      {
        body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1',
        contentType: "multipart/form-data; boundary=x",
      },
      { body: urlencoded, contentType: "multipart/form-data" },
      { body: "", contentType: "application/x-www-form-urlencoded" },
    ];
    const raw = pick(rand, bodies);
    return { what: `raw body as ${raw.contentType ?? "(no type)"}`, fields: [], raw };
  },
];

/** `count` malformed submissions of `form`, drawn with `rand`. */
export function mutatedSubmissions(form: PageForm, rand: () => number, count: number) {
  return Array.from({ length: count }, () => pick(rand, STRATEGIES)(form, rand));
}
