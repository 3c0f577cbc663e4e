import { describe, expect, it } from "vitest";
import { formatMarketDate, formatMoney, formatTime, formatTimeLeft } from "../../app/lib/format";
import { addDays, limaDateOf, limaInstant, nextWeekday, weekdayOf } from "../../app/lib/time";
import { comingMarketDate, lastMarketDate } from "../../db/seed-demo";

describe("Lima time", () => {
  it("gives the local date, which lags UTC by five hours", () => {
    expect(limaDateOf(new Date("2026-11-28T04:59:00Z"))).toBe("2026-11-27");
    expect(limaDateOf(new Date("2026-11-28T05:00:00Z"))).toBe("2026-11-28");
  });

  it("turns a local wall-clock time into the right instant", () => {
    expect(limaInstant("2026-12-05", "07:00").toISOString()).toBe("2026-12-05T12:00:00.000Z");
    expect(limaInstant("2026-12-04", "20:00").toISOString()).toBe("2026-12-05T01:00:00.000Z");
  });

  it("walks calendar days across month and year ends", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(weekdayOf("2026-12-05")).toBe(6);
    expect(nextWeekday("2026-12-01", 6)).toBe("2026-12-05");
    expect(nextWeekday("2026-12-05", 6)).toBe("2026-12-05");
  });

  it("picks the coming Saturday whose Friday-evening cutoff is still ahead", () => {
    // Tuesday morning in Lima: this week's Saturday.
    expect(comingMarketDate(new Date("2026-12-01T14:00:00Z"))).toBe("2026-12-05");
    // Friday 21:00 in Lima, after the cutoff: next week's.
    expect(comingMarketDate(new Date("2026-12-05T02:00:00Z"))).toBe("2026-12-12");
    // Saturday morning in Lima: next week's.
    expect(comingMarketDate(new Date("2026-12-05T13:00:00Z"))).toBe("2026-12-12");
    expect(lastMarketDate(new Date("2026-12-05T13:00:00Z"))).toBe("2026-11-28");
    expect(lastMarketDate(new Date("2026-12-01T14:00:00Z"))).toBe("2026-11-28");
  });
});

describe("formatting for people", () => {
  it("shows soles as Peruvians write them, from integer céntimos", () => {
    // A no-break space keeps "S/" and the amount on one line.
    expect(formatMoney(1250)).toBe("S/\u00a012.50");
    expect(formatMoney(123450)).toBe("S/\u00a01,234.50");
    expect(formatMoney(5)).toBe("S/\u00a00.05");
  });

  it("words dates and times in the chosen language, in Lima time", () => {
    expect(formatMarketDate("2026-12-05", "es")).toBe("sábado, 5 de diciembre de 2026");
    expect(formatMarketDate("2026-12-05", "en")).toBe("Saturday, December 5, 2026");
    expect(formatTime(limaInstant("2026-12-05", "07:00"), "es")).toMatch(/^7:00/);
    expect(formatMarketDate("2026-12-05", "qu")).toMatch(/2026/);
  });

  it("says how long is left in the largest sensible unit", () => {
    const now = new Date("2026-12-01T12:00:00Z");
    const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
    expect(formatTimeLeft(later(3 * 24 * 60 + 30), now, "es")).toBe("dentro de 3 días");
    expect(formatTimeLeft(later(5 * 60), now, "en")).toBe("in 5 hours");
    expect(formatTimeLeft(later(20), now, "en")).toBe("in 20 minutes");
  });
});
