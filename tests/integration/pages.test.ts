/** Home, language choice and health, through their loaders and actions. */
import { eq } from "drizzle-orm";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { describe, expect, it } from "vitest";
import { closeDb, db } from "../../app/infra/db.server";
import { getLocale } from "../../app/infra/i18n.server";
import { users } from "../../db/schema";
import * as home from "../../app/routes/_index";
import * as healthz from "../../app/routes/healthz";
import * as language from "../../app/routes/idioma";
import * as notFound from "../../app/routes/$";
import { createMarket, createMarketDay, createUser, openMarketDayScenario } from "../factories";
import { cookiesFrom, formRequest, getRequest, loggedInCookie, run } from "../helpers";
import { addDays, limaDateOf } from "../../app/lib/time";
import { orderWindow } from "../../app/features/market-days/markets.server";

describe("home page", () => {
  it("shows the next market day with what is on offer, in the person's language", async () => {
    const today = limaDateOf(new Date());
    const date = addDays(today, 3);
    const { market } = openMarketDayScenario({
      market: { name: "Mercado de prueba" },
      categories: {
        tubers: {
          slug: "papas",
          nameEs: "Papas",
          nameQu: "Papakuna",
          nameEn: "Potatoes",
          position: 1,
        },
        herbs: {
          slug: "hierbas",
          nameEs: "Hierbas",
          nameQu: "Qhurakuna",
          nameEn: "Herbs",
          position: 2,
        },
        fruit: {
          slug: "frutas",
          nameEs: "Frutas",
          nameQu: "Rurukuna",
          nameEn: "Fruit",
          position: 3,
        },
      },
      producers: { approved: {}, other: {}, pending: { status: "pending" } },
      date,
      cutoffAt: new Date(Date.now() + 2 * 86_400_000 + 3600_000),
      offers: {
        approvedTubers: { producer: "approved", category: "tubers" },
        approvedHerbs: { producer: "approved", category: "herbs" },
        otherHerbs: { producer: "other", category: "herbs" },
        otherFruit: { producer: "other", category: "fruit", status: "paused" }, // paused: not on offer
        pendingFruit: { producer: "pending", category: "fruit" }, // pending producer: not on offer
      },
    });
    createMarketDay({ marketId: market.id, date: addDays(today, 10) });

    const response = await run(
      home.loader,
      getRequest("/", { headers: { "Accept-Language": "qu-PE,qu;q=0.9" } }),
    );
    const data = await response.json();
    expect(data.marketName).toBe("Mercado de prueba");
    expect(data.day).toMatchObject({
      date,
      window: "open",
      producerCount: 2,
      offerCount: 3,
      categories: [
        { slug: "papas", name: "Papakuna" },
        { slug: "hierbas", name: "Qhurakuna" },
      ],
      timeLeft: expect.stringMatching(/2/),
    });
    expect(data.title).toBe("Chakra runakunaq qhatun");
  });

  it("judges the order window on the server clock: upcoming, open, closed", () => {
    const market = createMarket();
    const { day } = createMarketDay({ marketId: market.id, date: "2026-12-05" });
    const at = (iso: string) => orderWindow(day, new Date(iso));
    expect(at("2026-11-27T00:00:00Z")).toBe("upcoming");
    expect(at("2026-12-01T12:00:00Z")).toBe("open");
    // The cutoff is Friday 20:00 in Lima, 01:00 UTC on Saturday.
    expect(at("2026-12-05T00:59:59Z")).toBe("open");
    expect(at("2026-12-05T01:00:00Z")).toBe("closed");
    expect(orderWindow({ ...day, status: "cancelled" }, new Date("2026-12-01T12:00:00Z"))).toBe(
      "closed",
    );
    expect(orderWindow({ ...day, status: "scheduled" }, new Date("2026-12-01T12:00:00Z"))).toBe(
      "upcoming",
    );
  });
});

describe("language", () => {
  it("follows Accept-Language, then the chosen cookie", async () => {
    expect(await getLocale(getRequest("/"))).toBe("es");
    expect(
      await getLocale(getRequest("/", { headers: { "Accept-Language": "en-US,en;q=0.8" } })),
    ).toBe("en");
    expect(await getLocale(getRequest("/", { headers: { "Accept-Language": "fr-FR" } }))).toBe(
      "es",
    );
    const response = await run(
      language.action,
      formRequest("/idioma", { locale: "qu", redirectTo: "/registro" }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/registro");
    const cookie = cookiesFrom(response);
    expect(await getLocale(getRequest("/", { cookie, headers: { "Accept-Language": "en" } }))).toBe(
      "qu",
    );
  });

  it("is kept on the account of a logged-in person", async () => {
    const user = createUser({ locale: "es" });
    const cookie = await loggedInCookie(user.id);
    await run(
      language.action,
      formRequest("/idioma", { locale: "en", redirectTo: "/" }, { cookie }),
    );
    expect(db().select().from(users).where(eq(users.id, user.id)).get()!.locale).toBe("en");
  });

  it("refuses an unknown language or an off-site redirect", async () => {
    expect((await run(language.action, formRequest("/idioma", { locale: "xx" }))).status).toBe(400);
    const offsite = await run(
      language.action,
      formRequest("/idioma", { locale: "en", redirectTo: "https://evil.example" }),
    );
    expect(offsite.headers.get("Location")).toBe("/");
  });
});

describe("health and errors", () => {
  it("answers 200 while the database reads, 503 when it cannot", async () => {
    const ok = await run(healthz.loader, getRequest("/healthz"));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: "ok", database: "ok" });

    const broken = new Database(":memory:"); // no tables: reads fail
    (globalThis as { __qhatuDb?: unknown }).__qhatuDb = drizzle(broken);
    const down = await run(healthz.loader, getRequest("/healthz"));
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: "error", database: "unavailable" });
    closeDb();
  });

  it("answers unknown addresses with 404", async () => {
    expect((await run(notFound.loader, getRequest("/no-existe"))).status).toBe(404);
  });
});
