/**
 * The pickup desk without a signal, on a phone, through a relay whose network the test cuts:
 * the desk prepares the day, loses the network, records five actions (one partial handover with
 * change, one no-show after its slot), reloads while still offline, and sends them once the
 * network is back. Meanwhile a second desk, online, handed one of those orders over: the server
 * holds each action exactly once and the desk shows that conflict in words.
 */
import AxeBuilder from "@axe-core/playwright";
import Database from "better-sqlite3";
import { E2E_DATABASE } from "../../playwright.config";
import { seedOrder } from "./desk-orders";
import { expect, loginAs, test } from "./fixtures";
import { switchableNetwork } from "./switchable-network";

const COORDINATOR = "coordinacion@qhatu.pe";
const PHONE = { width: 360, height: 740 };
const soles = (cents: number) => `S/\u00a0${(cents / 100).toFixed(2)}`;

/** Each order's status and the desk actions the audit log holds for it. */
function serverView(orderIds: number[]) {
  const db = new Database(E2E_DATABASE, { readonly: true });
  try {
    return orderIds.map((id) => {
      const order = db
        .prepare(
          "SELECT status, total_cents AS total, cash_received_cents AS cash FROM orders WHERE id = ?",
        )
        .get(id) as { status: string; total: number; cash: number | null };
      const actions = db
        .prepare(
          `SELECT action FROM audit_log WHERE entity_type = 'order' AND entity_id = ?
           AND action LIKE 'desk.%' ORDER BY id`,
        )
        .all(String(id))
        .map((row) => (row as { action: string }).action);
      return { ...order, actions };
    });
  } finally {
    db.close();
  }
}

test("the desk works offline and sends each action once when the signal is back", async ({
  page,
  context,
  browser,
}) => {
  const net = await switchableNetwork();
  try {
    await page.setViewportSize(PHONE);
    await loginAs(context, COORDINATOR);
    const partial = seedOrder("next");
    const [whole1, whole2, contested] = [seedOrder("next"), seedOrder("next"), seedOrder("next")];
    const late = seedOrder("next", { slotEnded: true });
    const deskUrl = `${net.url}/coordinacion/recojo?dia=${partial.dayId}`;
    await page.goto(deskUrl);
    await page.getByRole("button", { name: "Preparar la mesa" }).click();
    await expect(page.getByText(/Mesa lista sin señal: \d+ pedidos/)).toBeVisible();

    await net.goOffline(context);
    await expect(page.getByText("Sin conexión: se busca en los pedidos guardados")).toBeVisible();
    const search = async (query: string) => {
      await page.getByLabel("Código, celular o nombre").fill(query);
      await page.getByRole("button", { name: "Buscar" }).click();
    };

    // A partial handover with cash and change: the first item is missing altogether.
    await search(partial.code.toLowerCase());
    await expect(page.getByRole("heading", { level: 2, name: partial.code })).toBeVisible();
    await page.getByRole("spinbutton").first().fill("0");
    const total = Math.round(
      Number((await page.locator(".desk-total").textContent())!.replace(/[^\d.]/g, "")) * 100,
    );
    expect(total).toBeLessThan(partial.totalCents);
    await page.getByLabel("Efectivo recibido (S/)").fill("100");
    await expect(page.locator("#offline-cash-change")).toHaveText(
      `Vuelto: ${soles(10_000 - total)}`,
    );
    await page.getByRole("button", { name: "Registrar lo entregado" }).click();
    await expect(page.getByRole("status").filter({ hasText: "por enviar" }).first()).toContainText(
      `Dar vuelto: ${soles(10_000 - total)}`,
    );
    await expect(page.getByText("1 acción por enviar")).toBeVisible();

    // Three whole handovers, paid exact.
    for (const order of [whole1, whole2, contested]) {
      await page.getByRole("button", { name: "← Volver a buscar" }).click();
      await search(order.code);
      await page.getByRole("button", { name: "Registrar lo entregado" }).click();
      await expect(page.getByText("Guardado en este equipo, por enviar.")).toBeVisible();
    }

    // A no-show: its slot ended an hour ago.
    await page.getByRole("button", { name: "← Volver a buscar" }).click();
    await search(late.code);
    await page.getByRole("button", { name: "No vino a recoger" }).click();
    await expect(page.getByText("por enviar: no vino a recoger")).toBeVisible();
    await expect(page.getByText("5 acciones por enviar")).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );

    // Meanwhile a second desk, online, hands the contested order over.
    const other = await browser.newContext();
    await loginAs(other, COORDINATOR);
    const second = await other.newPage();
    await second.goto(`/coordinacion/recojo/${contested.id}`);
    await second.getByRole("button", { name: "Registrar lo entregado" }).click();
    await expect(second.getByRole("heading", { name: "Recogido" })).toBeVisible();
    await other.close();

    // A reload without a signal keeps the queue (the page comes from the service worker).
    await page.reload();
    await expect(page.getByText("5 acciones por enviar")).toBeVisible();
    await search("rosa");
    await expect(page.getByRole("button", { name: new RegExp(late.code) })).toContainText(
      "por enviar",
    );

    // The offline desk (search, results, queue) is as accessible as the online one.
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(
      violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id),
    ).toEqual([]);

    await net.goOnline(context);
    await expect(page.getByText("Nada por enviar.")).toBeVisible({ timeout: 15_000 });
    const conflicts = page.getByRole("alert").filter({ hasText: "No se pudo registrar" });
    await expect(conflicts).toContainText(
      new RegExp(
        `${contested.code} · Rosa[^:]*: ya se entregó en otra mesa\\. No se registró otra vez\\.`,
      ),
    );

    const ids = [partial.id, whole1.id, whole2.id, contested.id, late.id];
    expect(serverView(ids)).toEqual([
      { status: "partially_picked_up", total, cash: 10_000, actions: ["desk.pickup"] },
      {
        status: "picked_up",
        total: whole1.totalCents,
        cash: whole1.totalCents,
        actions: ["desk.pickup"],
      },
      {
        status: "picked_up",
        total: whole2.totalCents,
        cash: whole2.totalCents,
        actions: ["desk.pickup"],
      },
      {
        status: "picked_up",
        total: contested.totalCents,
        cash: contested.totalCents,
        actions: ["desk.pickup"],
      },
      { status: "no_show", total: late.totalCents, cash: null, actions: ["desk.no_show"] },
    ]);

    // A reload online sends nothing more; the conflict stays until dismissed.
    await page.reload();
    await expect(conflicts).toBeVisible();
    await conflicts.getByRole("button", { name: "Entendido" }).click();
    await expect(conflicts).toHaveCount(0);
    expect(serverView(ids).map((o) => o.actions.length)).toEqual([1, 1, 1, 1, 1]);
  } finally {
    await net.close();
  }
});
