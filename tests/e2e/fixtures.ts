import { expect, test as base, type Page } from "@playwright/test";

/** The demo accounts the server seeds at first start (see README). */
export const DEMO = {
  consumer: { contact: "987 654 321", name: "Rosa" },
  producer: { contact: "984 111 222", name: "Juan" },
  password: "feria2026",
};

let counter = 0;
/** A phone number no other test uses, so tests can sign up and fail logins in parallel. */
export function freshPhone() {
  const n = (Date.now() % 1_000_000) * 100 + (counter++ % 100) + (process.pid % 7);
  return `95${String(n).padStart(7, "0").slice(-7)}`;
}

export async function logIn(page: Page, contact: string, password = DEMO.password) {
  await page.goto("/ingresar");
  await page.getByLabel("Celular o correo").fill(contact);
  await page.getByLabel("Contraseña").fill(password);
  await page.getByRole("button", { name: "Ingresar" }).click();
}

export const test = base;
export { expect };
