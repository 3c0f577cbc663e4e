/**
 * The pickup desk's form handling, server-only: kept out of the route module so the form
 * schema and its parser never reach the desk's browser bundle.
 */
import { redirect } from "@remix-run/node";
import { requireCoordinator } from "../access/coordinator.server";
import { setFlash } from "../../infra/flash.server";
import { DeskActionSchema } from "./desk-schemas";
import { parseForm } from "../../lib/form-parse";
import { formatMoney } from "../../lib/format";
import { readFormData, refuseForm } from "../../lib/forms.server";
import type { DeskFailure } from "./desk-transaction.server";
import { undoDeskAction } from "./desk-undo.server";
import { markNoShow, recordPickup } from "./pickup-desk.server";

const REFUSAL_STATUS: Record<DeskFailure["error"], number> = {
  notFound: 404,
  notPending: 409,
  notPaid: 409,
  slotNotOver: 409,
  cashShort: 400,
  nothingDelivered: 400,
  nothingToUndo: 409,
  undoExpired: 409,
  stockGone: 409,
  keyReused: 400,
};

/** Parses a desk form, runs its action, and answers as the page expects: redirect or refusal. */
export async function handleDeskAction(request: Request, orderId: number) {
  const { user, market } = await requireCoordinator(request);
  const formData = await readFormData(request);
  const submission = parseForm(formData, DeskActionSchema);
  if (submission.status !== "success") {
    const cashError = submission.error?.cashReceived?.[0];
    return refuseForm(formData, { formErrors: [cashError ?? "coordDesk.errors.invalid"] });
  }
  const { intent, requestKey, items = [], cashReceived } = submission.value;
  const base = { marketId: market.id, orderId, actorUserId: user.id, requestKey };
  const result =
    intent === "noShow"
      ? markNoShow(base)
      : intent === "undo"
        ? undoDeskAction(base)
        : recordPickup({
            ...base,
            // The numbers on the form decide (they start at the full quantities): what the
            // coordinator saw as the total and the change is what gets recorded.
            delivered: new Map(items.map((i) => [i.id, i.delivered])),
            cashReceivedCents: cashReceived ?? null,
          });
  if (!result.ok) {
    const values =
      result.totalCents === undefined ? undefined : { total: formatMoney(result.totalCents) };
    return refuseForm(formData, {
      formErrors: [`coordDesk.errors.${result.error}`],
      values,
      status: REFUSAL_STATUS[result.error],
    });
  }
  const flash = result.repeated
    ? { key: "coordDesk.flash.repeated" }
    : result.action === "desk.pickup"
      ? {
          key: result.givenBackCents
            ? "coordDesk.flash.pickedUpGiveBack"
            : result.changeCents
              ? "coordDesk.flash.pickedUpChange"
              : "coordDesk.flash.pickedUp",
          values: {
            total: formatMoney(result.totalCents),
            change: formatMoney(result.changeCents ?? 0),
            givenBack: formatMoney(result.givenBackCents ?? 0),
          },
        }
      : {
          key:
            result.action === "desk.no_show" ? "coordDesk.flash.noShow" : "coordDesk.flash.undone",
        };
  return redirect(`/coordinacion/recojo/${orderId}`, {
    headers: { "Set-Cookie": await setFlash(flash) },
  });
}
