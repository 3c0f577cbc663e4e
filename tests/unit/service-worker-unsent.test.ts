/**
 * The logout page's warning (app/service-worker/unsent.ts): it counts what waits in the desk's
 * and the producers' queues on this device, says so on /salir only, and never creates a queue's
 * database by looking for it.
 */
import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { countUnsent, pageNotice } from "../../app/service-worker/unsent";
import { queueFormPost } from "../../app/service-worker/outbox";
import { forgetOutboxDb } from "../../app/service-worker/outbox-store";
import { enqueue } from "../../app/features/desk/offline/desk-store";

const ORIGIN = "https://qhatu.test";

beforeEach(() => {
  vi.stubGlobal("indexedDB", new IDBFactory());
  forgetOutboxDb();
});
afterEach(() => vi.unstubAllGlobals());

function offerChange(quantity: string) {
  return new Request(`${ORIGIN}/productor/ofertas`, {
    method: "POST",
    body: new URLSearchParams({ intent: "update", offerId: "7", quantity }),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
}

it("says nothing, and creates nothing, on a device with no queue", async () => {
  expect(await countUnsent()).toBe(0);
  expect(await pageNotice(new URL(`${ORIGIN}/salir`), "es")).toBe("");
  expect(await indexedDB.databases()).toEqual([]);
});

it("warns on the logout page, in the page's language, of the desk's and the producer's queues", async () => {
  await queueFormPost(offerChange("12"));
  await queueFormPost(offerChange("13"));
  await enqueue({
    requestKey: "5b0f3c1e-8f44-4d7a-9a51-2f7d9e0c1a22",
    orderId: 41,
    version: "v1",
    intent: "noShow",
    recordedAt: new Date().toISOString(),
  });
  expect(await countUnsent()).toBe(3);

  const es = await pageNotice(new URL(`${ORIGIN}/salir`), "es");
  expect(es).toContain('role="alert"');
  expect(es).toContain("En este teléfono hay acciones sin enviar: 3. Si sales ahora, se borran.");
  const en = await pageNotice(new URL(`${ORIGIN}/salir`), "en");
  expect(en).toContain("There are actions on this phone not sent yet: 3.");
  // Elsewhere only the outbox's own notice shows; on the desk, not even that.
  expect(await pageNotice(new URL(`${ORIGIN}/feria`), "es")).not.toContain("sin enviar");
});

it("never fails a page where IndexedDB does not work: no notice instead", async () => {
  vi.stubGlobal("indexedDB", {
    open: () => {
      throw new DOMException("The operation is insecure.", "SecurityError");
    },
    databases: () => Promise.reject(new DOMException("insecure", "SecurityError")),
  });
  forgetOutboxDb();
  await expect(pageNotice(new URL(`${ORIGIN}/productor/ofertas`), "es")).resolves.toBe("");
  await expect(pageNotice(new URL(`${ORIGIN}/salir`), "es")).resolves.toBe("");
});
