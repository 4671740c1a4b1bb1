// The service worker (served as /sw.js by app/routes/sw[.]js.ts). After one visit a reader can open the
// awareness pages, red flags and helplines of their language with no network.
// - Hashed files (/build/, the versioned enhance script): cache first; their names change with their content.
// - The public awareness pages, in the allowlist below: network first, the cached copy when offline (or when
//   the network is very slow and a copy exists).
// - Everything else, above all report, follow-up, API and staff pages and every POST, is never touched: the
//   worker does not answer those requests, so no tip data is ever stored.
// Like the enhance script, these are functions (type-checked) sent as their own source text, so they must
// not use anything from outside their own bodies.

import { articlePages } from "~/content/pages";

/** Pages a reader can open offline: home, every topic, the law, safety, get help and the job-offer questions. */
export const offlinePagePaths: readonly string[] = [
  "",
  ...articlePages.map((page) => `/${page.slug}`),
  "/get-help",
  "/job-check",
];

export interface OfflineConfig {
  /** Changes with this file, the page texts and the stylesheet: a new version starts a fresh cache. */
  version: string;
  languages: readonly string[];
  /** Pages kept for offline reading, after the language prefix ("" is the home page). */
  pagePaths: readonly string[];
  /** How long a page may take from the network before a cached copy is shown instead. */
  networkTimeoutMs: number;
  /** Path segments never touched, at any depth: app/utils/private-paths.mjs. */
  privateSegments: readonly string[];
}

export type OfflineStrategy = "asset" | "page" | "network";

/** What the worker does with one request. Pure: unit-tested, and sent to the browser as source text. */
export function offlineStrategy(url: URL, method: string, origin: string, config: OfflineConfig): OfflineStrategy {
  if (method !== "GET" || url.origin !== origin) return "network";
  const segments = url.pathname.split("/");
  // Belt and braces: the allowlist below never names these, and no rule may ever reach them.
  if (segments.some((segment) => config.privateSegments.includes(segment.toLowerCase()))) {
    return "network";
  }
  if (url.pathname.startsWith("/build/")) return "asset";
  if (url.pathname === "/assets/enhance.js" && url.searchParams.has("v")) return "asset";
  if (url.search !== "") return "network";
  const lang = segments[1] ?? "";
  const rest = url.pathname.slice(lang.length + 1);
  if (config.languages.includes(lang) && config.pagePaths.includes(rest)) return "page";
  return "network";
}

// Minimal service-worker types: the DOM library this project compiles against does not have them.
interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEventLike extends ExtendableEventLike {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface MessageEventLike extends ExtendableEventLike {
  data: unknown;
}
interface WorkerScopeLike {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEventLike) => void): void;
  addEventListener(type: "fetch", listener: (event: FetchEventLike) => void): void;
  addEventListener(type: "message", listener: (event: MessageEventLike) => void): void;
}

export function runServiceWorker(config: OfflineConfig, strategyOf: typeof offlineStrategy) {
  const worker = self as unknown as WorkerScopeLike;
  const origin = worker.location.origin;
  const cacheName = `aagahi-${config.version}`;

  // Only complete, plain answers from our own origin that their sender allows to be stored.
  const keepable = (response: Response) =>
    response.status === 200 &&
    response.type === "basic" &&
    !response.redirected &&
    !/no-store|private/i.test(response.headers.get("Cache-Control") ?? "");

  worker.addEventListener("install", (event) => {
    event.waitUntil(worker.skipWaiting());
  });

  worker.addEventListener("activate", (event) => {
    event.waitUntil(
      (async () => {
        for (const name of await caches.keys()) {
          if (name.startsWith("aagahi-") && name !== cacheName) await caches.delete(name);
        }
        await worker.clients.claim();
      })(),
    );
  });

  // A page of ours asks, once loaded, to keep its language's pages and the files it used.
  worker.addEventListener("message", (event) => {
    const data = event.data as { type?: unknown; lang?: unknown; assets?: unknown } | null;
    if (data?.type !== "precache" || typeof data.lang !== "string" || !config.languages.includes(data.lang)) return;
    const assets = Array.isArray(data.assets)
      ? data.assets.filter((url): url is string => typeof url === "string")
      : [];
    event.waitUntil(precache(data.lang, assets.slice(0, 50)));
  });

  async function precache(lang: string, assets: string[]) {
    const cache = await caches.open(cacheName);
    const urls = [
      ...config.pagePaths.map((path) => `${origin}/${lang}${path}`),
      ...assets.filter((url) => {
        try {
          return strategyOf(new URL(url), "GET", origin, config) === "asset";
        } catch {
          return false;
        }
      }),
    ];
    await Promise.all(
      urls.map(async (url) => {
        if (await cache.match(url, { ignoreVary: true })) return;
        try {
          const response = await fetch(url, { credentials: "omit" });
          if (keepable(response)) await cache.put(url, response);
        } catch {
          // Offline or interrupted: the next page load tries again.
        }
      }),
    );
  }

  worker.addEventListener("fetch", (event) => {
    let strategy: OfflineStrategy;
    try {
      strategy = strategyOf(new URL(event.request.url), event.request.method, origin, config);
    } catch {
      return;
    }
    if (strategy === "asset") event.respondWith(cacheFirst(event));
    else if (strategy === "page") event.respondWith(networkFirst(event));
    // Anything else goes to the network as if there were no worker.
  });

  async function cacheFirst(event: FetchEventLike) {
    const cache = await caches.open(cacheName);
    const cached = await cache.match(event.request, { ignoreVary: true });
    if (cached) return cached;
    const response = await fetch(event.request);
    if (keepable(response)) event.waitUntil(cache.put(event.request, response.clone()));
    return response;
  }

  async function networkFirst(event: FetchEventLike) {
    const cache = await caches.open(cacheName);
    const key = event.request.url;
    const network = fetch(event.request).then((response) => {
      if (keepable(response)) event.waitUntil(cache.put(key, response.clone()));
      return response;
    });
    // The page is stored even when the reader has moved on before it arrived.
    event.waitUntil(
      network.then(
        () => undefined,
        () => undefined,
      ),
    );
    const cached = await cache.match(key, { ignoreVary: true });
    if (!cached) return network;
    const slow = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), config.networkTimeoutMs));
    try {
      return (await Promise.race([network, slow])) ?? cached;
    } catch {
      return cached;
    }
  }
}

/** The worker's script: the strategy and the worker, with their configuration. */
export function serviceWorkerSource(config: OfflineConfig): string {
  return `(${runServiceWorker.toString()})(${JSON.stringify(config)}, ${offlineStrategy.toString()});\n`;
}
