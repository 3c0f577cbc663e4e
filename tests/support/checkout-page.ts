/**
 * For integration tests that post the checkout form: the prices the checkout page shows this
 * person now, read from its loader as a browser reads the hidden field before posting (the
 * reservation refuses any other price with a 409).
 */
import * as checkout from "../../app/routes/canasta_.confirmar";
import { getRequest, run } from "../helpers";

/** The page's `seenPrices` field, or "" when there is no page to show (empty basket, no day). */
export async function seenPricesOf(cookie: string): Promise<string> {
  const page = await run(checkout.loader, getRequest("/canasta/confirmar", { cookie }));
  if (page.status !== 200) return "";
  return ((await page.json()) as { seenPrices: string }).seenPrices;
}
