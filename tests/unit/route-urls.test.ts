import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { expect, test } from "vitest";

// Issue 17 moved the case page into a route folder (staff.tips.$tipId/route.tsx). Remix's flat routes must still
// give every staff page the address it had, and the folder's other files (its forms, intents.server.ts) must not
// become routes. Uses the same function the classic compiler uses to read app/routes.
const require = createRequire(import.meta.url);
const { flatRoutes } = require("@remix-run/dev/dist/config/flat-routes.js") as {
  flatRoutes: (
    appDir: string,
    ignored: string[],
  ) => Record<string, { id: string; parentId?: string; path?: string; index?: boolean; file: string }>;
};

function fullPaths() {
  const routes = flatRoutes(path.resolve(__dirname, "../../app"), ["**/.*", "**/*.test.{ts,tsx}"]);
  const pathOf = (id: string): string => {
    const route = routes[id]!;
    const parent = route.parentId && route.parentId !== "root" ? pathOf(route.parentId) : "";
    return route.path ? `${parent}/${route.path}` : parent || "/";
  };
  return Object.fromEntries(
    Object.values(routes).map((route) => [
      route.id,
      { path: pathOf(route.id), index: Boolean(route.index), file: route.file },
    ]),
  );
}

test("the staff pages keep their addresses, and a route folder adds exactly one route", () => {
  const routes = fullPaths();
  const staff = Object.fromEntries(
    Object.entries(routes)
      .filter(([id]) => id.startsWith("routes/staff"))
      .map(([id, route]) => [id, route.path]),
  );
  expect(staff).toEqual({
    "routes/staff": "/staff",
    "routes/staff._index": "/staff",
    "routes/staff.$": "/staff/*",
    "routes/staff.account": "/staff/account",
    "routes/staff.audit": "/staff/audit",
    "routes/staff.directory": "/staff/directory",
    "routes/staff.helplines": "/staff/helplines",
    "routes/staff.routing": "/staff/routing",
    "routes/staff.stats": "/staff/stats",
    "routes/staff.tips.$tipId": "/staff/tips/:tipId",
    "routes/staff.tips.$tipId_.case-file": "/staff/tips/:tipId/case-file",
    "routes/staff.users": "/staff/users",
    "routes/staff_.export[.]csv": "/staff/export.csv",
    "routes/staff_.login": "/staff/login",
    "routes/staff_.login_.verify": "/staff/login/verify",
    "routes/staff_.logout": "/staff/logout",
    "routes/staff_.stats[.]csv": "/staff/stats.csv",
    "routes/staff_.tips.$tipId.evidence.$position": "/staff/tips/:tipId/evidence/:position",
  });
  // Each route folder is one route, its route.tsx, whatever else the folder holds.
  const folders = fs
    .readdirSync(path.resolve(__dirname, "../../app/routes"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  expect(folders).toEqual(expect.arrayContaining(["staff.tips.$tipId", "staff.directory", "staff.helplines"]));
  for (const folder of folders) {
    expect(routes[`routes/${folder}`]!.file).toBe(`routes/${folder}/route.tsx`);
    expect(Object.values(routes).filter((route) => route.file.startsWith(`routes/${folder}/`))).toHaveLength(1);
  }
});
