/**
 * Reading a server-rendered page as a browser without JavaScript would: its links and its
 * forms (where each posts, and the fields it sends with their current values). A small
 * regex reader is enough for our own React-rendered HTML; it is not a general HTML parser.
 */

export type FormField = {
  name: string;
  type: string;
  value: string;
  /** What a select or a radio group offers. */
  options: string[];
};

export type PageForm = { action: string; method: string; enctype: string; fields: FormField[] };

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" };

export function unescapeHtml(text: string) {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ENTITIES[e]);
}

export function attributesOf(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  const inner = tag.replace(/^<\w+/, "").replace(/\/?>$/, "");
  for (const m of inner.matchAll(/([\w-]+)(?:="([^"]*)")?/g)) {
    found[m[1].toLowerCase()] = unescapeHtml(m[2] ?? "");
  }
  return found;
}

/** Same-site links of a page, as absolute paths. */
export function linksOf(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*\bhref="(\/[^"]*)"/g)].map((m) => unescapeHtml(m[1]));
}

/** Every form of a page; `pageUrl` is where a form without an action posts. */
export function formsOf(html: string, pageUrl: string): PageForm[] {
  return [...html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)].map(([markup]) => {
    const open = attributesOf(markup.slice(0, markup.indexOf(">") + 1));
    const fields = new Map<string, FormField>();
    const add = (name: string | undefined, type: string, value: string, option?: string) => {
      if (!name) return;
      const field = fields.get(name) ?? { name, type, value: "", options: [] };
      if (option !== undefined) field.options.push(option);
      if (value !== "" || !fields.has(name)) field.value = value || field.value;
      fields.set(name, field);
    };
    for (const [tag] of markup.matchAll(/<input\b[^>]*>/g)) {
      const a = attributesOf(tag);
      const type = (a.type ?? "text").toLowerCase();
      if (type === "radio" || type === "checkbox") {
        add(a.name, type, "checked" in a ? a.value : "", a.value ?? "on");
      } else if (type !== "submit" && type !== "button" && type !== "file") {
        add(a.name, type, a.value ?? "");
      } else if (type === "file") {
        add(a.name, type, "");
      }
    }
    for (const [, attrs, inner] of markup.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const a = attributesOf(`<select${attrs}>`);
      const options = [...inner.matchAll(/<option\b([^>]*)>/g)].map(
        ([, o]) => attributesOf(`<option${o}>`).value ?? "",
      );
      const selected = /<option\b[^>]*\bvalue="([^"]*)"[^>]*\bselected/.exec(inner)?.[1];
      add(a.name, "select", unescapeHtml(selected ?? options[0] ?? ""));
      fields.get(a.name)?.options.push(...options);
    }
    for (const [, attrs, text] of markup.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
      add(attributesOf(`<textarea${attrs}>`).name, "textarea", unescapeHtml(text));
    }
    // The button that was pressed sends its own name and value (an "intent", often).
    for (const [tag] of markup.matchAll(/<button\b[^>]*>/g)) {
      const a = attributesOf(tag);
      if (a.name && (a.type ?? "submit") === "submit") add(a.name, "submit", a.value ?? "");
    }
    return {
      action: open.action || pageUrl,
      method: (open.method ?? "get").toLowerCase(),
      enctype: open.enctype ?? "application/x-www-form-urlencoded",
      fields: [...fields.values()],
    };
  });
}
