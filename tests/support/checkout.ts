/** Checking out over HTTP as a browser without JavaScript would: read the page's form, send it. */

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" };

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w-]+)(?:="([^"]*)")?/g)) {
    found[m[1]] = (m[2] ?? "").replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ENTITIES[e]);
  }
  return found;
}

/**
 * The fields of the checkout page's confirm form, as rendered for this person now (hidden
 * fields such as the idempotency key and the prices shown), with the first pickup slot that
 * has room and `paymentMethod` chosen.
 */
export async function checkoutForm(
  origin: string,
  cookie: string,
  { paymentMethod = "cash" }: { paymentMethod?: string } = {},
): Promise<URLSearchParams> {
  const page = await fetch(`${origin}/canasta/confirmar`, { headers: { Cookie: cookie } });
  if (!page.ok) throw new Error(`checkout page answered ${page.status}`);
  return confirmFormOf(await page.text(), { paymentMethod });
}

/** The confirm form's fields in a checkout page's HTML. */
export function confirmFormOf(html: string, { paymentMethod = "cash" } = {}): URLSearchParams {
  const form = html
    .split(/<form\b/)
    .slice(1)
    .find((f) => /name="intent" value="confirm"/.test(f.split("</form>")[0]));
  if (!form) throw new Error("no confirm form on the checkout page");
  const fields = new URLSearchParams();
  let slotChosen = false;
  for (const [tag] of form.split("</form>")[0].matchAll(/<input\b[^>]*>/g)) {
    const a = attributes(tag);
    if (a.type === "hidden") fields.append(a.name, a.value);
    if (a.type === "radio" && a.name === "slotId" && !("disabled" in a) && !slotChosen) {
      fields.set("slotId", a.value);
      slotChosen = true;
    }
  }
  fields.set("paymentMethod", paymentMethod);
  return fields;
}
