import vm from "node:vm";
import { expect, test } from "vitest";
import {
  offlinePagePaths,
  offlineStrategy,
  serviceWorkerSource,
  type OfflineConfig,
} from "../../app/browser-scripts/service-worker";
import { privatePathSegments } from "../../app/utils/private-paths.mjs";

const origin = "https://aagahi.test";
const config: OfflineConfig = {
  version: "t1",
  languages: ["ur", "en"],
  pagePaths: offlinePagePaths,
  networkTimeoutMs: 4000,
  privateSegments: privatePathSegments,
};
const strategy = (path: string, method = "GET") => offlineStrategy(new URL(path, origin), method, origin, config);

test.each([
  "/ur",
  "/en",
  "/ur/fake-job-offers",
  "/en/bonded-labour",
  "/ur/law",
  "/en/safety",
  "/ur/get-help",
  "/en/job-check",
])("the awareness page %s is network first with an offline copy", (path) => {
  expect(strategy(path)).toBe("page");
});

test.each([
  "/build/_assets/app-ABC.css",
  "/build/_assets/noto-nastaliq-urdu-subset-X.woff2",
  "/assets/enhance.js?v=1a2b",
])("the hashed file %s is cache first", (path) => {
  expect(strategy(path)).toBe("asset");
});

test.each([
  "/ur/report",
  "/en/report?category=bonded_labour",
  "/ur/report/sent?t=token",
  "/ur/follow-up",
  "/en/follow-up/case?t=token",
  "/api/v1/tips",
  "/staff",
  "/staff/tips/1",
  "/staff/tips/1/evidence/1?page=1",
  "/build/../staff",
  "/ur/job-check/result?fee=none",
  "/ur?utm=x",
  "/fr",
  "/ur/no-such-page",
  "/sw.js",
  "/ur/manifest.webmanifest",
  "/assets/enhance.js",
])("%s is left to the network and never stored", (path) => {
  expect(strategy(path)).toBe("network");
});

// The same list as the page cache (app/utils/private-paths.mjs): even under /build/, a private segment wins.
test.each(privatePathSegments)("a path through the private segment %s is never touched", (segment) => {
  expect(strategy(`/build/${segment}/app.css`)).toBe("network");
  expect(strategy(`/build/x/${segment.toUpperCase()}/app.css`)).toBe("network");
});

test("posts and other origins are never touched, even to cacheable addresses", () => {
  expect(strategy("/ur/job-check", "POST")).toBe("network");
  expect(strategy("/ur", "POST")).toBe("network");
  expect(offlineStrategy(new URL("https://elsewhere.example/ur"), "GET", origin, config)).toBe("network");
});

/** Runs the worker's script in a fresh context holding only what a worker has, with an empty cache. */
function loadWorker() {
  const listeners = new Map<string, (event: unknown) => void>();
  const self = {
    location: new URL(origin),
    addEventListener: (type: string, listener: (event: unknown) => void) => listeners.set(type, listener),
    skipWaiting: () => Promise.resolve(),
    clients: { claim: () => Promise.resolve() },
  };
  const emptyCache = {
    match: () => Promise.resolve(undefined),
    put: () => Promise.resolve(),
    keys: () => Promise.resolve([]),
  };
  const caches = {
    open: () => Promise.resolve(emptyCache),
    keys: () => Promise.resolve([]),
    delete: () => Promise.resolve(true),
  };
  // Any reference to this module's scope (rather than the worker's) would throw here.
  vm.runInNewContext(serviceWorkerSource(config), {
    self,
    URL,
    caches,
    fetch: () => Promise.reject(new TypeError("offline")),
    setTimeout,
  });
  return listeners;
}

test("the worker script runs on its own and registers its handlers", () => {
  expect([...loadWorker().keys()].sort()).toEqual(["activate", "fetch", "install", "message"]);
});

test("the worker answers only allowlisted pages and hashed files; report and follow-up go to the network", async () => {
  const listeners = loadWorker();
  const answered: string[] = [];
  const responses: Promise<unknown>[] = [];
  for (const path of ["/ur/report", "/en/follow-up/case?t=x", "/api/v1/tips", "/ur", "/build/_assets/app.css"]) {
    listeners.get("fetch")!({
      request: { url: `${origin}${path}`, method: "GET" },
      respondWith: (response: Promise<unknown>) => {
        answered.push(path);
        responses.push(response.catch(() => "network error"));
      },
      waitUntil: () => undefined,
    });
  }
  expect(answered).toEqual(["/ur", "/build/_assets/app.css"]);
  // Offline with nothing kept, both fail as the network would: the worker invents no page.
  expect(await Promise.all(responses)).toEqual(["network error", "network error"]);
});
