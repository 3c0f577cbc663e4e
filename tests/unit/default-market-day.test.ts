/** Which market day a coordinator's page opens on when the address names none. */
import { describe, expect, it } from "vitest";
import { defaultMarketDay } from "../../app/features/market-days/day-choice.server";
import { limaInstant } from "../../app/lib/time";

// Friday 4 December 2026, 10:00 in Lima.
const now = limaInstant("2026-12-04", "10:00");
const day = (date: string, status = "open") => ({ date, status });

describe("defaultMarketDay", () => {
  const newestFirst = [
    day("2026-12-12", "scheduled"),
    day("2026-12-05"),
    day("2026-12-04", "closed"),
    day("2026-11-28", "completed"),
  ];

  it("coming: the soonest day from today on (today's included)", () => {
    expect(defaultMarketDay(newestFirst, "coming", now)?.date).toBe("2026-12-04");
  });

  it("coming: passes over a day already completed", () => {
    const days = [day("2026-12-05"), day("2026-12-04", "completed"), day("2026-11-28")];
    expect(defaultMarketDay(days, "coming", now)?.date).toBe("2026-12-05");
  });

  it("coming: with nothing ahead, the most recent day", () => {
    const days = [day("2026-11-28", "completed"), day("2026-11-21", "completed")];
    expect(defaultMarketDay(days, "coming", now)?.date).toBe("2026-11-28");
  });

  it("lastHeld: the latest day on or before today", () => {
    expect(defaultMarketDay(newestFirst, "lastHeld", now)?.date).toBe("2026-12-04");
    expect(
      defaultMarketDay(newestFirst.slice(0, 2).concat(newestFirst[3]), "lastHeld", now)?.date,
    ).toBe("2026-11-28");
  });

  it("lastHeld: with nothing held yet, the oldest day listed", () => {
    expect(defaultMarketDay(newestFirst.slice(0, 2), "lastHeld", now)?.date).toBe("2026-12-05");
  });

  it("no days, no default", () => {
    expect(defaultMarketDay([], "coming", now)).toBeUndefined();
    expect(defaultMarketDay([], "lastHeld", now)).toBeUndefined();
  });
});
