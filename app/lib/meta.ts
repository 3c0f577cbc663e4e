/** What most pages put in their <head>. */
import type { MetaDescriptor } from "@remix-run/node";

/** The page's title: its loader's translated `title`, or the app's name when the loader failed. */
export function titleMeta({ data }: { data?: { title?: string } | null }): MetaDescriptor[] {
  return [{ title: data?.title ?? "Qhatu" }];
}
