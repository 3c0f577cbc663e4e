/** Back to a market day's coordinator page, saying what was done (coordDays.done.*). */
import { redirectWithFlash } from "../../infra/flash.server";

export type DayDone =
  | "created"
  | "saved"
  | "slotsCleared"
  | "slotsGenerated"
  | "capacitySaved"
  | "openNow"
  | "openOnSchedule"
  | "close"
  | "copied"
  | "cancelled"
  | "alreadyCancelled";

export function backToDay(dayId: number, done: DayDone) {
  return redirectWithFlash(`/coordinacion/ferias/${dayId}`, { key: `coordDays.done.${done}` });
}
