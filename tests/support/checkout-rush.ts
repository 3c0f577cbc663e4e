/**
 * A rush at the checkout over real HTTP, for the concurrency specs: every shopper has the
 * checkout page open first (its form carries the prices it shows), then all confirm at once.
 */
import crypto from "node:crypto";
import { checkoutForm } from "./checkout";

/** A person logged in to the server, with a saved cart. */
export type Shopper = { userId: number; cookie: string };

/** One answer to a confirmation: who sent it, with which key, and what came back. */
export type Checkout = {
  shopper: Shopper;
  key: string;
  status: number;
  location: string | null;
  body: string;
};

/**
 * Every shopper posts their own checkout form at the same moment, the n-th in the n-th slot
 * (round the slots); the first `doubleSubmits` double-tap: the same form, twice, at once.
 */
export async function checkoutRush(
  origin: string,
  shoppers: Shopper[],
  slots: { id: number }[],
  doubleSubmits: number,
): Promise<Checkout[]> {
  const forms = await Promise.all(shoppers.map((shopper) => checkoutForm(origin, shopper.cookie)));
  const submit = (shopper: Shopper, key: string, slotId: number) => {
    const form = new URLSearchParams(forms[shoppers.indexOf(shopper)]);
    form.set("slotId", String(slotId));
    form.set("idempotencyKey", key);
    return fetch(`${origin}/canasta/confirmar`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: shopper.cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: form,
    }).then(async (r) => ({
      shopper,
      key,
      status: r.status,
      location: r.headers.get("Location"),
      body: r.status >= 400 ? await r.text() : "",
    }));
  };
  const requests = shoppers.flatMap((shopper, i) => {
    const key = crypto.randomUUID();
    const slotId = slots[i % slots.length].id;
    return i < doubleSubmits
      ? [submit(shopper, key, slotId), submit(shopper, key, slotId)]
      : [submit(shopper, key, slotId)];
  });
  return Promise.all(requests);
}

/** How many answers of each status, printed after `label` for the run's log. */
export function logStatuses(label: string, results: Checkout[]) {
  const statuses = new Map<number, number>();
  for (const r of results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  console.log(`${results.length} ${label}:`, Object.fromEntries(statuses));
}
