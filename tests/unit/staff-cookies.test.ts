// Staff cookies (issue 10, items 10 and 11) and the staff limit settings (item 5): a malformed cookie is
// treated as absent on every staff page, cookies carry the __Host- prefix, cookies from before the prefix are
// ignored, and INSECURE_COOKIES is refused unless the server listens on loopback.
import "../setup/database";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, expect, test, vi } from "vitest";
import { createStaffUser } from "~/models/staff-user.server";
import { getDb } from "~/server/db.server";
import { ConfigurationError, parseEnv } from "~/server/env.server";
import { getSession, languageCookie, startSession, staffLanguageFromRequest } from "~/server/staff-session.server";
import { seedDirectory } from "../../prisma/seed";

const root = path.resolve(__dirname, "../..");
const origin = "http://aagahi.test";
const malformed = "%E0%A4%A";

beforeAll(async () => {
  await seedDirectory(await getDb());
});

afterEach(() => {
  delete process.env.INSECURE_COOKIES;
});

/** Calls a loader or action; a thrown Response (redirect, 404) is its answer, anything else thrown is a 500. */
async function answerOf(call: () => Promise<unknown>): Promise<{ status: number; location: string | null }> {
  try {
    const result = await call();
    return result instanceof Response
      ? { status: result.status, location: result.headers.get("Location") }
      : { status: 200, location: null };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, location: error.headers.get("Location") };
    throw error;
  }
}

const staffRouteFiles = fs
  .readdirSync(path.join(root, "app/routes"))
  .filter((file) => /^staff[._]/.test(file) || file === "staff.tsx");

test.each(staffRouteFiles)("a malformed staff cookie is treated as absent by %s (no 500)", async (file) => {
  // A route folder's module is its route.tsx (the case page: app/routes/staff.tips.$tipId/route.tsx).
  const isFolder = fs.statSync(path.join(root, "app/routes", file)).isDirectory();
  const route = (await import(`~/routes/${isFolder ? `${file}/route` : file.replace(/\.tsx?$/, "")}`)) as {
    loader?: (args: unknown) => Promise<unknown>;
    action?: (args: unknown) => Promise<unknown>;
  };
  const cookie = `__Host-staff_session=${malformed}; __Host-staff_lang=${malformed}; staff_session=${malformed}`;
  const args = (method: string) => ({
    request: new Request(`${origin}/staff/tips/x`, {
      method,
      headers: { Cookie: cookie },
      ...(method === "POST" ? { body: new URLSearchParams({ intent: "x" }) } : {}),
    }),
    params: { tipId: "x" },
    context: {},
  });
  expect(route.loader ?? route.action, "a staff route with a loader or an action").toBeDefined();
  for (const [method, handler] of [
    ["GET", route.loader],
    ["POST", route.action],
  ] as const) {
    if (!handler) continue;
    const answer = await answerOf(() => handler(args(method)));
    expect(answer.status, `${method} ${file}`).toBeLessThan(500);
    if (answer.status === 302 && !file.startsWith("staff_.login")) expect(answer.location).toMatch(/^\/staff\/login/);
  }
});

test("getSession and the language cookie read a malformed value as no value", async () => {
  const request = new Request(origin, {
    headers: { Cookie: `__Host-staff_session=${malformed}; __Host-staff_lang=${malformed}` },
  });
  expect(await getSession(request)).toBeNull();
  expect(staffLanguageFromRequest(request)).toBeNull();
});

test("staff cookies carry the __Host- prefix with Secure, Path=/ and no Domain", async () => {
  const user = await createStaffUser(await getDb(), {
    email: "cookie1@aagahi.test",
    name: "C",
    password: "a-long-enough-pass",
    role: "admin",
    agencyCode: null,
  });
  for (const setCookie of [await startSession(user.id, "full", new Request(origin)), languageCookie("en")]) {
    const [pair, ...attributes] = setCookie.split("; ");
    expect(pair).toMatch(/^__Host-staff_(session|lang)=/);
    expect(attributes).toContain("Secure");
    expect(attributes).toContain("Path=/");
    expect(attributes).toContain("HttpOnly");
    expect(attributes.some((attribute) => /^domain=/i.test(attribute))).toBe(false);
  }
});

test("a session cookie from before the prefix (staff_session) is ignored; the same token under the new name works", async () => {
  const user = await createStaffUser(await getDb(), {
    email: "cookie2@aagahi.test",
    name: "C",
    password: "a-long-enough-pass",
    role: "admin",
    agencyCode: null,
  });
  const token = (await startSession(user.id, "full", new Request(origin))).split(";")[0]!.split("=")[1]!;
  expect(await getSession(new Request(origin, { headers: { Cookie: `staff_session=${token}` } }))).toBeNull();
  expect(
    (await getSession(new Request(origin, { headers: { Cookie: `__Host-staff_session=${token}` } })))?.user.id,
  ).toBe(user.id);
});

test("INSECURE_COOKIES=1 (loopback only) drops Secure and, as browsers require, the prefix", async () => {
  process.env.INSECURE_COOKIES = "1";
  const user = await createStaffUser(await getDb(), {
    email: "cookie3@aagahi.test",
    name: "C",
    password: "a-long-enough-pass",
    role: "admin",
    agencyCode: null,
  });
  const setCookie = await startSession(user.id, "full", new Request(origin));
  expect(setCookie).toMatch(/^staff_session_insecure=/);
  expect(setCookie).not.toMatch(/Secure/);
  const cookie = setCookie.split(";")[0]!;
  expect((await getSession(new Request(origin, { headers: { Cookie: cookie } })))?.user.id).toBe(user.id);
});

function problemsOf(source: Record<string, string>): string[] {
  try {
    parseEnv(source);
    return [];
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
}

test.each([
  ["127.0.0.1", true],
  ["127.1.2.3", true],
  ["::1", true],
  ["[::1]", true],
  ["localhost", true],
  ["0.0.0.0", false],
  ["192.168.1.10", false],
  ["aagahi.pk", false],
  [undefined, false],
])("INSECURE_COOKIES=1 with HOST=%s is allowed: %s", (host, allowed) => {
  const problems = problemsOf({ NODE_ENV: "test", INSECURE_COOKIES: "1", ...(host ? { HOST: host } : {}) });
  if (allowed) expect(problems).toEqual([]);
  else
    expect(problems).toEqual([
      expect.stringMatching(/^INSECURE_COOKIES: 1 is allowed only when HOST is a loopback address/),
    ]);
});

test("the server refuses to start with INSECURE_COOKIES=1 on every interface", () => {
  const result = spawnSync(process.execPath, ["server/index.mjs"], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      PORT: "1",
      NODE_ENV: "production",
      AAGAHI_DEMO: "1",
      INSECURE_COOKIES: "1",
    } as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 20_000,
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("INSECURE_COOKIES: 1 is allowed only when HOST is a loopback address");
});

test("the staff limits are configurable: per connection (0 turns it off) and site-wide", async () => {
  expect(parseEnv({ NODE_ENV: "test" })).toMatchObject({
    STAFF_FAILURES_PER_CONNECTION: 50,
    STAFF_FAILURES_SITE_WIDE: 1000,
  });
  expect(
    parseEnv({ NODE_ENV: "test", STAFF_FAILURES_PER_CONNECTION: "0", STAFF_FAILURES_SITE_WIDE: "20000" }),
  ).toMatchObject({
    STAFF_FAILURES_PER_CONNECTION: 0,
    STAFF_FAILURES_SITE_WIDE: 20_000,
  });
  expect(problemsOf({ NODE_ENV: "test", STAFF_FAILURES_PER_CONNECTION: "many" })).toEqual([
    expect.stringMatching(/^STAFF_FAILURES_PER_CONNECTION: /),
  ]);
  expect(problemsOf({ NODE_ENV: "test", STAFF_FAILURES_SITE_WIDE: "0" })).toEqual([
    expect.stringMatching(/^STAFF_FAILURES_SITE_WIDE: /),
  ]);

  // Behind a proxy (one address for everyone): with the per-connection limit off, one key never trips it,
  // while the site-wide ceiling still holds.
  vi.resetModules();
  process.env.STAFF_FAILURES_PER_CONNECTION = "0";
  process.env.STAFF_FAILURES_SITE_WIDE = "300";
  try {
    const limits = await import("~/server/staff-login-limit.server");
    for (let index = 0; index < 299; index++) limits.recordStaffFailure("the-proxy");
    expect(limits.staffAttemptsOverLimit("the-proxy")).toBe(false);
    limits.recordStaffFailure("the-proxy");
    expect(limits.staffAttemptsOverLimit("the-proxy")).toBe(true);
    expect(limits.staffAttemptsOverLimit("anyone-else")).toBe(true);
  } finally {
    delete process.env.STAFF_FAILURES_PER_CONNECTION;
    delete process.env.STAFF_FAILURES_SITE_WIDE;
    vi.resetModules();
  }
});
