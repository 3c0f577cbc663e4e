/**
 * How someone the coordinators signed up without a phone comes to log in: a coordinator, with
 * the person there, records the phone they will use (only on an assisted account, only in
 * their market, unique, audited), gives them a code in person, and the person chooses their
 * password with it; from then on the account is theirs and coordinators can no longer change
 * its phone.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { PHONE_SET } from "../../app/features/access/coord-accounts.server";
import * as account from "../../app/routes/coordinacion.cuentas.$userId";
import * as codePage from "../../app/routes/recuperar.codigo";
import { auditLog, users } from "../../db/schema";
import { createCoordinator, createMarket, createProducer, createUser } from "../factories";
import { formRequest, loggedInCookie, run } from "../helpers";

let cookie: string;
let coordinatorId: number;
let marketId: number;
let otherMarketCookie: string;

beforeAll(async () => {
  marketId = createMarket().id;
  const coordinator = createCoordinator({ marketId });
  coordinatorId = coordinator.id;
  cookie = await loggedInCookie(coordinator.id);
  otherMarketCookie = await loggedInCookie(createCoordinator({ marketId: createMarket().id }).id);
});

function post(userId: number, fields: Record<string, string>, as = cookie) {
  return run(
    account.action,
    formRequest(`/coordinacion/cuentas/${userId}`, fields, { cookie: as }),
    {
      params: { userId: String(userId) },
    },
  );
}

const userRow = (id: number) => db().select().from(users).where(eq(users.id, id)).get()!;
const phoneAudits = (id: number) =>
  db()
    .select()
    .from(auditLog)
    .where(eq(auditLog.entityId, String(id)))
    .all()
    .filter((row) => row.action === PHONE_SET);

function assistedProducer(name: string) {
  return createProducer({ marketId, user: createUser({ name, phone: null, assisted: true }) }).user;
}

describe("an assisted producer without a phone", () => {
  it("gets a phone from the coordinator, then a code, then chooses a password and owns the account", async () => {
    const martina = assistedProducer("Martina Quispe");
    const saved = await post(martina.id, { intent: "setPhone", phone: "984 700 111" });
    expect(saved.status).toBe(302);
    expect(userRow(martina.id)).toMatchObject({ phone: "+51984700111", assisted: true });
    const [audit] = phoneAudits(martina.id);
    expect(audit).toMatchObject({ actorUserId: coordinatorId, marketId });
    expect(JSON.parse(audit.data)).toEqual({ before: null, after: "111" });

    const given = await (await post(martina.id, { intent: "giveCode" })).json();
    const used = await run(
      codePage.action,
      formRequest("/recuperar/codigo", {
        contact: "984700111",
        code: given.given.code,
        password: "chuño de la puna 2026",
      }),
      { context: { clientIp: "10.9.1.1" } },
    );
    expect(used.status).toBe(302);
    // Her own password now: the coordinators no longer keep the account.
    expect(userRow(martina.id).assisted).toBe(false);
    const refused = await post(martina.id, { intent: "setPhone", phone: "984 700 222" });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.phone).toEqual(["coordAccounts.errors.notAssisted"]);
    expect(userRow(martina.id).phone).toBe("+51984700111");
  });

  it("refuses a phone another account has, a malformed one, and accounts people manage themselves", async () => {
    const felipa = assistedProducer("Felipa Mamani");
    createUser({ phone: "+51984700333" });
    const taken = await post(felipa.id, { intent: "setPhone", phone: "984700333" });
    expect(taken.status).toBe(409);
    expect((await taken.json()).error.phone).toEqual(["coordAccounts.errors.phoneTaken"]);
    const malformed = await post(felipa.id, { intent: "setPhone", phone: "12345" });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.phone).toEqual(["coordAssisted.errors.phoneInvalid"]);
    expect(userRow(felipa.id).phone).toBeNull();

    const selfRegistered = createProducer({
      marketId,
      user: createUser({ phone: "+51984700444" }),
    }).user;
    const refused = await post(selfRegistered.id, { intent: "setPhone", phone: "984700555" });
    expect(refused.status).toBe(409);
    expect(userRow(selfRegistered.id).phone).toBe("+51984700444");
    expect([...phoneAudits(felipa.id), ...phoneAudits(selfRegistered.id)]).toEqual([]);
  });

  it("is another market's coordinators' business only in their market: 404 and nothing written", async () => {
    const nilda = assistedProducer("Nilda Ccori");
    const response = await post(
      nilda.id,
      { intent: "setPhone", phone: "984700666" },
      otherMarketCookie,
    );
    expect(response.status).toBe(404);
    expect(userRow(nilda.id).phone).toBeNull();
  });
});
