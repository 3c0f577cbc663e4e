import crypto from "node:crypto";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  fillsHoleAsIs,
  fillTemplate,
  HOLES,
  makeTemplate,
} from "../../app/infra/page-template.server";

const sha = (text: string) =>
  `'sha256-${crypto.createHash("sha256").update(text, "utf8").digest("base64")}'`;

// A page as Remix renders it for the cache: the name in the header and in the page's data.
const page = [
  `<html data-request-id="${HOLES.requestId}"><body>`,
  `<span class="hello">Hola, ${HOLES.firstName}</span>`,
  "<p>".padEnd(20_000, "papa nativa, olluco, oca, queso fresco · "),
  `<script>window.__remixContext = {"state":1};</script>`,
  `<script>enqueue("[\\"firstName\\",\\"${HOLES.firstName}\\"]");</script>`,
  `<script type="module" src="/build/entry.js"></script>`,
  "</body></html>",
].join("");

const fill = (firstName: string, requestId: string) =>
  page.replaceAll(HOLES.firstName, firstName).replaceAll(HOLES.requestId, requestId);

describe("a cached page filled in for each visitor", () => {
  const template = makeTemplate(page);

  it("is the page with the visitor's own values, plain and gzipped alike", () => {
    for (const [name, id] of [
      ["Rosa", "a1b2c3d4e5f6"],
      ["Ñusta Quispe-Huamán", "req.7-x"],
      ["", ""],
    ]) {
      const plain = fillTemplate(template, { firstName: name, requestId: id }, { gzip: false });
      const gzipped = fillTemplate(template, { firstName: name, requestId: id }, { gzip: true });
      expect(plain.body.toString("utf8")).toBe(fill(name, id));
      // What a browser gets: one gzip stream a standard decoder reads to the end.
      expect(zlib.gunzipSync(gzipped.body).toString("utf8")).toBe(fill(name, id));
      expect(gzipped.body.length).toBeLessThan(plain.body.length / 5);
    }
  });

  it("allows each inline script by the hash of what this visitor gets", () => {
    const { scriptHashes } = fillTemplate(
      template,
      { firstName: "Rosa", requestId: "abcdef" },
      { gzip: true },
    );
    expect(scriptHashes).toEqual([
      sha(`window.__remixContext = {"state":1};`),
      sha(`enqueue("[\\"firstName\\",\\"Rosa\\"]");`),
    ]);
    const other = fillTemplate(template, { firstName: "Juan", requestId: "x" }, { gzip: false });
    expect(other.scriptHashes[1]).not.toBe(scriptHashes[1]);
  });

  it("fills in only names that read the same in HTML and in the page's data", () => {
    for (const name of ["Rosa", "José", "Ñusta", "Quispe-Huamán", "Ma. Elena", "Ana 2"]) {
      expect(fillsHoleAsIs(name), name).toBe(true);
    }
    for (const name of [`Ana "Luz"`, "O'Brien", "Ana & Luz", "<b>", "a\\b", "x\u2028y", "a\nb"]) {
      expect(fillsHoleAsIs(name), name).toBe(false);
    }
  });
});
