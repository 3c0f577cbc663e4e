/**
 * A coordinator gives a one-time code in person (/coordinacion/cuentas): they find only their
 * market's families and producers (never another market's people, other coordinators or
 * admins: 404 with nothing written), the code is shown once, in the answer to the POST, is
 * audited without the code, is stored only as a hash, and works at /recuperar/codigo. An
 * account without phone or email gets no code: it could not log in with one.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { CODE_GIVEN } from "../../app/features/access/coord-accounts.server";
import * as search from "../../app/routes/coordinacion.cuentas._index";
import * as account from "../../app/routes/coordinacion.cuentas.$userId";
import * as codePage from "../../app/routes/recuperar.codigo";
import { accountCodes, auditLog } from "../../db/schema";
import {
  createCoordinator,
  createMarket,
  createMembership,
  createProducer,
  createUser,
} from "../factories";
import { formRequest, getRequest, loggedInCookie, run } from "../helpers";

let coordinatorCookie: string;
let coordinatorId: number;
let marketId: number;
const people = {} as Record<
  | "family"
  | "producer"
  | "noContact"
  | "otherMarket"
  | "colleague"
  | "admin"
  | "coordinatesElsewhere",
  { id: number }
>;

beforeAll(async () => {
  marketId = createMarket().id;
  const other = createMarket().id;
  const coordinator = createCoordinator({ marketId, name: "Coordinadora Yupanqui" });
  coordinatorId = coordinator.id;
  coordinatorCookie = await loggedInCookie(coordinator.id);
  const member = (values: Parameters<typeof createUser>[0], market = marketId) => {
    const user = createUser(values);
    createMembership({ userId: user.id, marketId: market, role: "consumer" });
    return user;
  };
  people.family = member({ name: "Sonia Ccori Huamán", phone: "+51987300001" });
  people.producer = createProducer({
    marketId,
    user: createUser({ name: "Teodoro Ccori", phone: "+51987300002" }),
    status: "pending",
  }).user;
  people.noContact = createProducer({
    marketId,
    user: createUser({ name: "Martina Ccori", phone: null, assisted: true }),
  }).user;
  people.otherMarket = member({ name: "Julia Ccori", phone: "+51987300003" }, other);
  people.colleague = createCoordinator({ marketId, name: "Rita Ccori" });
  people.admin = createCoordinator({ marketId, role: "admin", name: "Abel Ccori" });
  // A family of this market who coordinates another one: still not for a coordinator to reset.
  people.coordinatesElsewhere = member({ name: "Nilda Ccori", phone: "+51987300004" });
  createMembership({
    userId: people.coordinatesElsewhere.id,
    marketId: other,
    role: "coordinator",
  });
});

async function find(q: string, cookie = coordinatorCookie) {
  const response = await run(
    search.loader,
    getRequest(`/coordinacion/cuentas?${new URLSearchParams({ q })}`, { cookie }),
  );
  return { status: response.status, data: response.status === 200 ? await response.json() : null };
}

function openPage(userId: number | string, cookie = coordinatorCookie) {
  return run(account.loader, getRequest(`/coordinacion/cuentas/${userId}`, { cookie }), {
    params: { userId: String(userId) },
  });
}

function giveCode(userId: number | string, cookie = coordinatorCookie, intent = "giveCode") {
  return run(
    account.action,
    formRequest(`/coordinacion/cuentas/${userId}`, { intent }, { cookie }),
    {
      params: { userId: String(userId) },
    },
  );
}

const codesOf = (userId: number) =>
  db().select().from(accountCodes).where(eq(accountCodes.userId, userId)).all();
const auditOf = (userId: number) =>
  db()
    .select()
    .from(auditLog)
    .where(eq(auditLog.entityId, String(userId)))
    .all()
    .filter((row) => row.action === CODE_GIVEN);

describe("finding people", () => {
  it("finds the market's families and producers by name, whatever the accents", async () => {
    const { data } = await find("ccori");
    expect(data.people.map((p: { name: string }) => p.name)).toEqual([
      "Martina Ccori",
      "Sonia Ccori Huamán",
      "Teodoro Ccori",
    ]);
    expect((await find("HUAMAN")).data.people).toHaveLength(1);
    const teodoro = data.people.find((p: { name: string }) => p.name === "Teodoro Ccori");
    expect(teodoro).toMatchObject({
      phone: "+51 987 300 002",
      roles: [{ role: "producer", status: "pending" }],
    });
  });

  it("finds by phone digits, and only in this market", async () => {
    const { data } = await find("300 00");
    expect(data.people.map((p: { id: number }) => p.id).sort()).toEqual(
      [people.family.id, people.producer.id].sort(),
    );
  });

  it("asks for more than one letter", async () => {
    const { data } = await find("c");
    expect(data).toMatchObject({ tooShort: true, people: null });
  });

  it("is for coordinators only", async () => {
    expect((await find("ccori", await loggedInCookie(people.family.id))).status).toBe(403);
  });
});

describe("giving a code in person", () => {
  it("shows the code once, audits who gave it to whom without the code, and it works", async () => {
    const page = await (await openPage(people.family.id)).json();
    expect(page.person).toMatchObject({ name: "Sonia Ccori Huamán", canLogIn: true });
    expect(page.codesGiven).toEqual([]);

    const response = await giveCode(people.family.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const { given } = await response.json();
    expect(given).toMatchObject({ code: expect.stringMatching(/^\d{3} \d{3}$/) });
    expect(given.contact).toBe("+51 987 300 001");
    const code = given.code.replace(" ", "");

    // Loading the page again does not show it.
    const again = await openPage(people.family.id);
    const text = await again.text();
    expect(text).not.toContain(code);
    expect(JSON.parse(text).codesGiven).toHaveLength(1);

    const [row] = codesOf(people.family.id);
    expect(row).toMatchObject({ purpose: "reset", issuedByUserId: coordinatorId, usedAt: null });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(60 * 60_000);
    const [audit] = auditOf(people.family.id);
    expect(audit).toMatchObject({ marketId, actorUserId: coordinatorId, entityType: "user" });
    expect(JSON.stringify([row, audit])).not.toContain(code);

    const used = await run(
      codePage.action,
      formRequest("/recuperar/codigo", {
        contact: "987 300 001",
        code: given.code,
        password: "mote con queso del valle",
      }),
      { context: { clientIp: "10.9.0.1" } },
    );
    expect(used.status).toBe(302);
    expect(codesOf(people.family.id)[0].usedAt).not.toBeNull();
  });

  it("gives a code to a producer waiting for approval, and ends the earlier one", async () => {
    const first = (await (await giveCode(people.producer.id)).json()).given.code;
    const second = (await (await giveCode(people.producer.id)).json()).given.code;
    const live = codesOf(people.producer.id).filter((c) => c.expiresAt > new Date());
    expect(live).toHaveLength(1);
    expect(auditOf(people.producer.id)).toHaveLength(2);
    const tryCode = (code: string) =>
      run(
        codePage.action,
        formRequest("/recuperar/codigo", {
          contact: "987300002",
          code,
          password: "mote con queso del valle",
        }),
        { context: { clientIp: "10.9.0.2" } },
      );
    if (first !== second) expect((await tryCode(first)).status).toBe(400);
    expect((await tryCode(second)).status).toBe(302);
  });

  it.each([
    ["another market's family", "otherMarket"],
    ["another coordinator", "colleague"],
    ["an admin", "admin"],
    ["someone who coordinates another market", "coordinatesElsewhere"],
  ] as const)("is 404 for %s, and writes nothing", async (_, who) => {
    const id = people[who].id;
    expect((await openPage(id)).status).toBe(404);
    expect((await giveCode(id)).status).toBe(404);
    expect(codesOf(id)).toEqual([]);
    expect(auditOf(id)).toEqual([]);
    const { data } = await find("ccori");
    expect(data.people.map((p: { id: number }) => p.id)).not.toContain(id);
  });

  it.each(["999999", "abc", "0", "-1", "1e3"])("is 404 for the address /%s", async (id) => {
    expect((await openPage(id)).status).toBe(404);
    expect((await giveCode(id)).status).toBe(404);
  });

  it("is 403 for a family member", async () => {
    const cookie = await loggedInCookie(people.family.id);
    expect((await giveCode(people.producer.id, cookie)).status).toBe(403);
    expect((await openPage(people.producer.id, cookie)).status).toBe(403);
  });

  it("explains that an account without phone or email cannot log in, and gives no code", async () => {
    const page = await (await openPage(people.noContact.id)).json();
    expect(page.person).toMatchObject({ canLogIn: false, phone: null, email: null });
    const refused = await giveCode(people.noContact.id);
    expect(refused.status).toBe(409);
    expect((await refused.json()).error[""]).toEqual(["coordAccounts.errors.noContact"]);
    expect(codesOf(people.noContact.id)).toEqual([]);
    expect(auditOf(people.noContact.id)).toEqual([]);
  });

  it("refuses a forged intent with a 400 and writes nothing", async () => {
    const before = codesOf(people.family.id).length;
    expect((await giveCode(people.family.id, coordinatorCookie, "resetAll")).status).toBe(400);
    expect(codesOf(people.family.id)).toHaveLength(before);
  });
});
