/**
 * The server matches routes through @remix-run/router, patched (patches/) to flatten and rank
 * a route tree once and compile each path once, instead of on every request.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import type * as Router from "@remix-run/router";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
// The CommonJS build, as Remix's server runtime loads it (Vite would pick the ES module).
const { matchRoutes } = require("@remix-run/router") as typeof Router;

describe("route matching", () => {
  it("runs the patched router on the server (npm ci applied patches/)", () => {
    const file = require.resolve("@remix-run/router");
    expect(file).toMatch(/router\.cjs\.js$/);
    expect(fs.readFileSync(file, "utf8")).toContain("function rankedBranchesOf(routes)");
  });

  it("still finds the best route, the same on every call, for each route tree apart", () => {
    const routes = [
      { id: "feria", path: "/feria" },
      { id: "fecha", path: "/feria/:fecha" },
      { id: "all", path: "*" },
    ];
    const ids = (pathname: string, tree = routes) =>
      matchRoutes(tree, pathname)?.map((m) => [m.route.id, m.params]);
    for (let i = 0; i < 3; i++) {
      expect(ids("/feria/2026-12-05")).toEqual([["fecha", { fecha: "2026-12-05" }]]);
      expect(ids("/FERIA")).toEqual([["feria", {}]]);
      expect(ids("/otra/cosa")).toEqual([["all", { "*": "otra/cosa" }]]);
    }
    const other = [{ id: "solo", path: "/feria/:dia", caseSensitive: true }];
    expect(ids("/feria/sabado", other)).toEqual([["solo", { dia: "sabado" }]]);
    expect(ids("/FERIA/sabado", other)).toBeUndefined();
    expect(ids("/feria/sabado")).toEqual([["fecha", { fecha: "sabado" }]]);
  });
});
