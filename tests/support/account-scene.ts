/**
 * What the account tests (accounts.test.ts, account-attacks.test.ts) share: the market sign-ups
 * join, a valid sign-up form, and how many accounts exist.
 */
import { beforeEach } from "vitest";
import { db } from "../../app/infra/db.server";
import { users } from "../../db/schema";
import { createMarket } from "../factories";

/** Creates, once per file, the first market (the one sign-ups join); returns its id's reader. */
export function signupMarket() {
  let marketId: number | undefined;
  beforeEach(() => {
    marketId ??= createMarket({ slug: "mercado-campesino-cusco" }).id;
  });
  return () => marketId!;
}

export const countUsers = () => db().select().from(users).all().length;

export const validSignup = {
  name: "Rosa Quispe",
  contact: "987 111 222",
  password: "papa huayro con queso",
  locale: "qu",
  role: "consumer",
};
