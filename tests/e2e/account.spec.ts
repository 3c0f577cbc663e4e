/**
 * The account page: a person chooses how they receive messages and sees the choice kept, on a
 * 360 px phone, with and without JavaScript; no sideways scroll; axe finds nothing.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { createAccountWithDemoPassword, expect, freshPhone, loginAs, test } from "./fixtures";

test.use({ viewport: { width: 360, height: 740 } });

async function expectAxeClean(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`),
  ).toEqual([]);
}

async function expectNoSidewaysScroll(page: Page) {
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
}

test("the demo consumer changes her notification channels on /cuenta at 360 px", async ({
  page,
  context,
}) => {
  await loginAs(context, "+51987654321");
  await page.goto("/feria");
  await page.getByRole("link", { name: "Mi cuenta" }).click();
  await expect(page).toHaveURL(/\/cuenta$/);
  await expect(page.getByRole("heading", { level: 1, name: "Mi cuenta" })).toBeVisible();
  await expectNoSidewaysScroll(page);
  await expectAxeClean(page);

  // Rosa has a phone and no email: SMS and WhatsApp are offered, email is explained.
  await expect(page.getByText("Correo: tu cuenta no tiene un correo.")).toBeVisible();
  await expect(page.getByRole("checkbox", { name: /correo/i })).toHaveCount(0);
  const sms = page.getByRole("checkbox", { name: "SMS al +51 987 654 321" });
  const whatsapp = page.getByRole("checkbox", { name: "WhatsApp al +51 987 654 321" });
  const before = { sms: await sms.isChecked(), whatsapp: await whatsapp.isChecked() };

  await sms.setChecked(!before.sms);
  await whatsapp.setChecked(!before.whatsapp);
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByRole("status")).toHaveText("Guardamos tus cambios.");
  await expect(sms).toBeChecked({ checked: !before.sms });
  await expect(whatsapp).toBeChecked({ checked: !before.whatsapp });
  await expectNoSidewaysScroll(page);

  // Kept: a fresh load shows the saved choice.
  await page.reload();
  await expect(sms).toBeChecked({ checked: !before.sms });
  await expect(whatsapp).toBeChecked({ checked: !before.whatsapp });
  await expectAxeClean(page);

  // Put the demo account back as it was.
  await sms.setChecked(before.sms);
  await whatsapp.setChecked(before.whatsapp);
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByRole("status")).toHaveText("Guardamos tus cambios.");
  await expect(sms).toBeChecked({ checked: before.sms });
});

test("@nojs channels and language are saved without JavaScript", async ({ page, context }) => {
  const phone = freshPhone();
  createAccountWithDemoPassword(phone, "Lucía Condori");
  await loginAs(context, `+51${phone}`);
  await page.goto("/cuenta");
  const sms = page.getByRole("checkbox", { name: /^SMS al/ });
  const whatsapp = page.getByRole("checkbox", { name: /^WhatsApp al/ });
  // The defaults: SMS on, WhatsApp off.
  await expect(sms).toBeChecked();
  await expect(whatsapp).not.toBeChecked();

  await whatsapp.check();
  await sms.uncheck();
  await page.getByLabel("Idioma de la página y de los avisos").selectOption("en");
  await page.getByRole("button", { name: "Guardar" }).click();

  // The page comes back in English with the choice kept.
  await expect(page.getByRole("heading", { level: 1, name: "My account" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("Your changes are saved.");
  await expect(page.getByRole("checkbox", { name: /^WhatsApp to/ })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: /^SMS to/ })).not.toBeChecked();
  await expect(page.getByLabel("Language of the pages and messages")).toHaveValue("en");
  // (axe needs scripts in the page; it checks this page in the test above.)
  await expectNoSidewaysScroll(page);
});
