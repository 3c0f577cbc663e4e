/**
 * The flash cookie is the one way a page says what a redirect did. It carries only message
 * keys (a page's "flash.*", a coordinator page's "done.*" or "notice.*"), never any other text,
 * even when signed with our own secret.
 */
import { describe, expect, it } from "vitest";
import { redirectWithFlash, setFlash, takeFlash } from "../../app/infra/flash.server";
import { flashOf } from "../support/flash";

const read = async (key: string) =>
  (
    await takeFlash(
      new Request("http://localhost/", {
        headers: { Cookie: (await setFlash({ key })).split(";")[0] },
      }),
    )
  ).flash;

describe("the flash", () => {
  it("carries the message keys of every area", async () => {
    for (const key of [
      "flash.added",
      "bundles.flash.removed",
      "coordDays.done.saved",
      "coordProducers.notice.approved",
      "coordSettlement.notice.paid",
    ]) {
      expect(await read(key)).toEqual({ key });
    }
  });

  it("refuses anything that is not a message key", async () => {
    for (const key of ["<script>alert(1)</script>", "errors.required", "a.b.c.flash.x", ""]) {
      expect(await read(key)).toBeNull();
    }
  });

  it("a redirect with a flash goes where it says and carries its values", async () => {
    const response = await redirectWithFlash("/coordinacion/ferias/3", {
      key: "coordDays.done.saved",
      values: { producer: "Chacra Alta" },
    });
    expect(response.headers.get("Location")).toBe("/coordinacion/ferias/3");
    expect(await flashOf(response)).toEqual({
      key: "coordDays.done.saved",
      values: { producer: "Chacra Alta" },
    });
  });
});
