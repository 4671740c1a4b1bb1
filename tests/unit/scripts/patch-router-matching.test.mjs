// The route-matching patch (docs/decisions/038) only keeps what matching computed before: with it, every URL
// must match the same routes with the same params as the router as published.
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test, vi } from "vitest";
import {
  applyRouterPatch,
  routerCjsFile,
  routerPatches,
  routerPatchState,
} from "../../../scripts/patch-router-matching.mjs";

const require = createRequire(import.meta.url);
/** @type {string[]} */
const made = [];

afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

/** The router as npm installs it, rebuilt from the patched file by taking the patch out again. */
function unpatchedCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "router-"));
  made.push(dir);
  const file = path.join(dir, "router.cjs.js");
  let source = fs.readFileSync(routerCjsFile(), "utf8");
  for (const { broken, fixed } of routerPatches) {
    expect(source.split(fixed)).toHaveLength(2);
    source = source.replace(fixed, broken);
  }
  fs.writeFileSync(file, source);
  return file;
}

// The shape of this app's route tree (app/routes), with the kinds of segment the router treats differently.
const routes = [
  {
    id: "root",
    path: "",
    children: [
      { id: "home", index: true },
      {
        id: "lang",
        path: ":lang",
        children: [
          { id: "lang-index", index: true },
          { id: "report", path: "report" },
          { id: "report-sent", path: "report/sent" },
          { id: "follow-up", path: "follow-up" },
          { id: "follow-up-case", path: "follow-up/case" },
          { id: "article", path: ":article" },
          { id: "optional", path: "job-check/:step?" },
        ],
      },
      {
        id: "staff",
        path: "staff",
        children: [
          { id: "staff-index", index: true },
          { id: "tip", path: "tips/:tipId" },
          { id: "case-file", path: "tips/:tipId/case-file" },
          { id: "staff-missing", path: "*" },
        ],
      },
      { id: "login", path: "staff/login" },
      { id: "evidence", path: "staff/tips/:tipId/evidence/:position" },
      { id: "api", path: "api/v1/tips" },
      { id: "Exact", path: "Exact", caseSensitive: true },
      { id: "missing", path: "*" },
    ],
  },
];

const urls = [
  "/",
  "/ur",
  "/en/",
  "/en/report",
  "/EN/Report",
  "/ur/report/sent",
  "/ur/report/sent/extra",
  "/en/follow-up/case",
  "/en/fake-job-offers",
  "/en/job-check",
  "/en/job-check/result",
  "/staff",
  "/staff/tips/abc",
  "/staff/tips/abc/case-file",
  "/staff/tips/abc/evidence/2",
  "/staff/no/such/page",
  "/staff/login",
  "/api/v1/tips",
  "/Exact",
  "/exact",
  "/%D8%A2%DA%AF%D8%A7%DB%81%DB%8C",
  "/a/b/c/d",
];

/** What a match is, without the route objects (compared by id). */
const described = (matches) =>
  matches?.map(({ route, params, pathname, pathnameBase }) => ({ id: route.id, params, pathname, pathnameBase })) ??
  null;

test("the installed router is patched", () => {
  expect(routerPatchState()).toBe("patched");
});

test("every URL matches as with the published router, the first time and again", () => {
  const patched = require(routerCjsFile());
  const published = require(unpatchedCopy());
  expect(published.matchRoutes).not.toBe(patched.matchRoutes);
  for (const url of urls) {
    const expected = described(published.matchRoutes(routes, url));
    expect(described(patched.matchRoutes(routes, url)), url).toEqual(expected);
    expect(described(patched.matchRoutes(routes, url)), url).toEqual(expected);
    // A new route list of the same shape, as React Router builds on each render.
    expect(described(patched.matchRoutes(structuredClone(routes), url)), url).toEqual(expected);
    expect(described(patched.matchRoutes(routes, url, "/en")), url).toEqual(
      described(published.matchRoutes(routes, url, "/en")),
    );
  }
});

test("each caller gets matches of its own: changing them changes nothing for the next caller", () => {
  const patched = require(routerCjsFile());
  const first = patched.matchRoutes(routes, "/staff/tips/abc/case-file");
  const expected = structuredClone(described(first));
  first[first.length - 1].params.tipId = "changed";
  first[0].pathname = "/changed";
  first.pop();
  const again = patched.matchRoutes(routes, "/staff/tips/abc/case-file");
  expect(described(again)).toEqual(expected);
  expect(again).not.toBe(first);
  // As the router makes them: every match of one path shares one params object.
  expect(new Set(again.map((match) => match.params)).size).toBe(1);
});

test("each route list is ranked on its own", () => {
  const patched = require(routerCjsFile());
  const other = [{ id: "other", path: "en/report" }];
  expect(described(patched.matchRoutes(routes, "/en/report"))?.at(-1)?.id).toBe("report");
  expect(described(patched.matchRoutes(other, "/en/report"))).toEqual([
    { id: "other", params: {}, pathname: "/en/report", pathnameBase: "/en/report" },
  ]);
  expect(patched.matchRoutes(other, "/en/follow-up")).toBeNull();
  expect(described(patched.matchRoutes(routes, "/en/report"))?.at(-1)?.id).toBe("report");
});

test("routes found on navigation (route discovery) match at once, though the list was matched before", async () => {
  const patched = require(routerCjsFile());
  const found = [];
  for (const router of [patched, require(unpatchedCopy())]) {
    const late = router
      .createRouter({
        routes: [{ id: "root", path: "/", children: [{ id: "home", index: true }] }],
        history: router.createMemoryHistory({ initialEntries: ["/"] }),
        patchRoutesOnNavigation: ({ path, patch }) => {
          if (path === "/late") patch("root", [{ id: "late", path: "late" }]);
        },
      })
      .initialize();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await late.navigate("/late");
    found.push(late.state.matches.map((match) => match.route.id));
    late.dispose();
  }
  expect(found[0]).toEqual(["root", "late"]);
  expect(found[0]).toEqual(found[1]);
});

test("one pattern compiled with different options is kept apart", () => {
  const patched = require(routerCjsFile());
  const published = require(unpatchedCopy());
  const cases = [
    [{ path: "/staff/:id", caseSensitive: true, end: true }, "/Staff/1"],
    [{ path: "/staff/:id", caseSensitive: false, end: true }, "/Staff/1"],
    [{ path: "/staff/:id", caseSensitive: false, end: false }, "/Staff/1/more"],
    [{ path: "/staff/:id", caseSensitive: false, end: true }, "/Staff/1/more"],
    [{ path: "/staff/:id", caseSensitive: 0, end: null }, "/Staff/1/more"],
    [{ path: "/staff/:id", caseSensitive: "yes", end: 1 }, "/Staff/1/more"],
    [{ path: "/staff/*" }, "/staff/a/b"],
  ];
  for (const [pattern, url] of cases) {
    expect(patched.matchPath(pattern, url), JSON.stringify(pattern)).toEqual(published.matchPath(pattern, url));
  }
});

test("an unpatched router is patched by the script, and a second run changes nothing", () => {
  const file = unpatchedCopy();
  expect(routerPatchState(file)).toBe("unpatched");
  vi.spyOn(console, "log").mockImplementation(() => {});
  expect(applyRouterPatch(file)).toBe(true);
  expect(fs.readFileSync(file, "utf8")).toBe(fs.readFileSync(routerCjsFile(), "utf8"));
  expect(applyRouterPatch(file)).toBe(true);
  expect(fs.readFileSync(file, "utf8")).toBe(fs.readFileSync(routerCjsFile(), "utf8"));
});

test("a router the script does not know is left alone, and said so", () => {
  const file = unpatchedCopy();
  fs.writeFileSync(file, "// some other router\n");
  const error = vi.spyOn(console, "error").mockImplementation(() => {});
  expect(routerPatchState(file)).toBe("unknown");
  expect(applyRouterPatch(file)).toBe(false);
  expect(fs.readFileSync(file, "utf8")).toBe("// some other router\n");
  expect(error).toHaveBeenCalledWith(expect.stringMatching(/expected code not found/));
});
