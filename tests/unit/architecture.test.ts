import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

const appDir = path.resolve(__dirname, "../../app");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

function imports(file: string): string[] {
  const source = fs.readFileSync(file, "utf8");
  return [...source.matchAll(/(?:import|export)[^"']*?from\s+["']([^"']+)["']|import\(["']([^"']+)["']\)/g)].map(
    (match) => match[1] ?? match[2] ?? "",
  );
}

// The classic compiler silently replaces *.server imports with empty modules in the browser build, so a
// wrong import only shows at run time. Keep the pure layers pure.
test.each(["domain", "components", "utils", "browser-scripts"])(
  "app/%s imports no server-only module, database or Node built-in",
  (layer) => {
    for (const file of sourceFiles(path.join(appDir, layer))) {
      for (const specifier of imports(file)) {
        expect(specifier, path.relative(appDir, file)).not.toMatch(/\.server(\.tsx?)?$|^node:|prisma|@remix-run\/node/);
      }
    }
  },
);

test("app/domain does no I/O and reads no clock", () => {
  for (const file of sourceFiles(path.join(appDir, "domain")).filter((f) => !f.endsWith(".test.ts"))) {
    const source = fs.readFileSync(file, "utf8");
    expect(source, path.relative(appDir, file)).not.toMatch(
      /Date\.now\(\)|new Date\(\)|fetch\(|process\.env|Math\.random/,
    );
  }
});

// Issue 12: all database access goes through app/models/. Only the client's own module (app/server/db.server.ts)
// and the models hold a client; routes, components, utilities and the entry modules call model functions.
const databaseModules = new Set([path.join(appDir, "server/db.server.ts")]);

function touchesTheDatabase(source: string): boolean {
  return /\bgetDb\b|\$transaction|\bdb\.\w+\.|\bdb\.\$|from\s+["'](?:~\/utils\/db\.server|[./]+utils\/db\.server)["']|generated\/prisma/.test(
    source,
  );
}

const outsideModels = () =>
  sourceFiles(appDir).filter(
    (file) =>
      !file.startsWith(path.join(appDir, "models") + path.sep) &&
      !file.endsWith(".test.ts") &&
      !databaseModules.has(file),
  );

test("nothing outside app/models reaches the database", () => {
  const offenders = outsideModels().filter((file) => touchesTheDatabase(fs.readFileSync(file, "utf8")));
  expect(offenders.map((file) => path.relative(appDir, file))).toEqual([]);
});

// Every change writes its audit row in the transaction that makes it, and only a model can open that
// transaction: outside app/models, nothing may write an audit row itself (recordAuditEvent, for events that
// change nothing else, is a model function and stays allowed).
function writesAuditRows(source: string): boolean {
  return [...source.matchAll(/import\s*\{([^}]*)\}\s*from\s*["'][^"']*models\/audit\.server["']/g)].some((match) =>
    (match[1] ?? "").split(",").some((name) =>
      ["audit", "changeWithAudit"].includes(
        name
          .trim()
          .replace(/^type\s+/, "")
          .split(/\s+as\s+/)[0] ?? "",
      ),
    ),
  );
}

test("audit rows are written only inside app/models", () => {
  const offenders = outsideModels().filter((file) => writesAuditRows(fs.readFileSync(file, "utf8")));
  expect(offenders.map((file) => path.relative(appDir, file))).toEqual([]);
});

test("the audit-write check recognises a direct audit write and allows an event", () => {
  expect(writesAuditRows('import { audit } from "~/models/audit.server";')).toBe(true);
  expect(writesAuditRows('import { listAuditPage, changeWithAudit as change } from "../models/audit.server";')).toBe(
    true,
  );
  expect(writesAuditRows('import { recordAuditEvent, type AuditAction } from "~/models/audit.server";')).toBe(false);
});

test("the database-access check recognises a route that uses a client", () => {
  expect(touchesTheDatabase('import { getDb } from "~/server/db.server";')).toBe(true);
  expect(touchesTheDatabase("await db.staffUser.update({})")).toBe(true);
  expect(touchesTheDatabase("await db.$transaction(async (tx) => {})")).toBe(true);
  expect(touchesTheDatabase('import { listAuditPage } from "~/models/audit.server";')).toBe(false);
});

// Issue 17: a route module imports no other route; shared code lives in app/utils, app/models or app/domain.
// A route folder (staff.tips.$tipId/) may import its own files.
function importsAnotherRoute(file: string, specifier: string): boolean {
  if (specifier.startsWith("~/routes/")) return true;
  if (!specifier.startsWith(".")) return false;
  const target = path.resolve(path.dirname(file), specifier);
  const routesDir = path.join(appDir, "routes");
  const inFolder = path.dirname(file) !== routesDir;
  return !(inFolder && path.dirname(target) === path.dirname(file)) && target.startsWith(routesDir);
}

test("no route module imports another route", () => {
  const offenders = sourceFiles(path.join(appDir, "routes")).flatMap((file) =>
    imports(file)
      .filter((specifier) => importsAnotherRoute(file, specifier))
      .map((specifier) => `${path.relative(appDir, file)} -> ${specifier}`),
  );
  expect(offenders).toEqual([]);
});

test("the route-import check recognises a route importing a route and allows a route folder's own files", () => {
  const routes = path.join(appDir, "routes");
  expect(importsAnotherRoute(path.join(routes, "staff_.login_.verify.tsx"), "./staff_.login")).toBe(true);
  expect(importsAnotherRoute(path.join(routes, "staff.tsx"), "~/routes/staff._index")).toBe(true);
  expect(importsAnotherRoute(path.join(routes, "staff.tips.$tipId/route.tsx"), "./status-form")).toBe(false);
  expect(importsAnotherRoute(path.join(routes, "staff.tips.$tipId/route.tsx"), "../staff._index")).toBe(true);
  expect(importsAnotherRoute(path.join(routes, "staff.tsx"), "~/utils/forms")).toBe(false);
});

// Issue 17: folders say what they hold. app/server/ is server-only (every module named *.server.*, so the
// browser build can never pull one in); app/utils/ is only what is safe in the browser too.
test("every module in app/server is server-only by name, and app/utils holds none", () => {
  const serverDir = path.join(appDir, "server");
  const notMarked = fs.readdirSync(serverDir).filter((name) => !/\.server\.(ts|mjs|d\.mts)$/.test(name));
  expect(notMarked).toEqual([]);
  const serverInUtils = fs.readdirSync(path.join(appDir, "utils")).filter((name) => name.includes(".server."));
  expect(serverInUtils).toEqual([]);
});

// One rule for where tests live: the pure domain's table tests beside their module, every other test in tests/.
test("tests live in app/domain beside their module or under tests/, nowhere else", () => {
  const repo = path.resolve(appDir, "..");
  const stray = ["app", "server", "scripts", "bench"]
    .flatMap((dir) => allFiles(path.join(repo, dir)))
    .filter((file) => /\.test\.[cm]?[jt]sx?$/.test(file))
    .map((file) => path.relative(repo, file))
    .filter((file) => !file.startsWith("app/domain/"));
  expect(stray).toEqual([]);
});

function allFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.name === "results" || entry.name === "node_modules") return [];
    return entry.isDirectory() ? allFiles(full) : [full];
  });
}

// server/index.mjs hands only addresses with an extension to the static file handler (pages have none).
test("every file served from public/ has an extension", () => {
  const publicDir = path.resolve(appDir, "../public");
  const withoutExtension = allFiles(publicDir)
    .map((file) => path.relative(publicDir, file))
    .filter((file) => !file.startsWith(`build${path.sep}`) && path.extname(file) === "");
  expect(withoutExtension).toEqual([]);
});
