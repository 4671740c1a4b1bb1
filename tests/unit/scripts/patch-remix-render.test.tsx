// The rendered-page patch (docs/decisions/039) keeps Remix's route trees per build and encodes the browser's data
// only when a page reads it. Pages must come out the same, request after request, and a page that renders
// <Scripts> must still get its data.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, createRequestHandler, type ServerBuild } from "@remix-run/node";
import { Links, Meta, Outlet, RemixServer, Scripts, useLoaderData } from "@remix-run/react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { createRequire } from "node:module";
import { afterEach, expect, test, vi } from "vitest";
import {
  applyRemixRenderPatch,
  remixRenderPatchState,
  remixRenderTargets,
  targetPatchState,
} from "../../../scripts/patch-remix-render.mjs";

const require = createRequire(import.meta.url);
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

/** Each target as npm installs it, in a folder of its own, rebuilt from the patched file by taking the patch out. */
function publishedCopies() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "remix-render-"));
  made.push(dir);
  return remixRenderTargets().map((target, index) => {
    let source = fs.readFileSync(target.file, "utf8");
    for (const { broken, fixed } of target.patches) source = source.split(fixed).join(broken);
    const file = path.join(dir, `${index}.js`);
    fs.writeFileSync(file, source);
    return { ...target, file, patchedSource: fs.readFileSync(target.file, "utf8") };
  });
}

test("the installed Remix packages are patched", () => {
  expect(remixRenderPatchState()).toBe("patched");
});

test("the patch applies to the published files, once, and leaves a version it does not know alone", () => {
  const copies = publishedCopies();
  for (const copy of copies) expect(targetPatchState(copy), copy.name).toBe("unpatched");
  expect(remixRenderPatchState(copies)).toBe("unpatched");
  expect(applyRemixRenderPatch(copies)).toBe(true);
  for (const copy of copies) expect(fs.readFileSync(copy.file, "utf8"), copy.name).toBe(copy.patchedSource);
  expect(applyRemixRenderPatch(copies)).toBe(true);
  for (const copy of copies) expect(fs.readFileSync(copy.file, "utf8"), copy.name).toBe(copy.patchedSource);

  const other = publishedCopies();
  const changed = other[0]!;
  const source = fs.readFileSync(changed.file, "utf8").replace("function RemixServer({", "function RemixServer2({");
  fs.writeFileSync(changed.file, source);
  const errors: unknown[] = [];
  const originalError = console.error;
  console.error = (...args: unknown[]) => errors.push(args);
  try {
    expect(applyRemixRenderPatch(other)).toBe(false);
  } finally {
    console.error = originalError;
  }
  expect(errors).toHaveLength(1);
  expect(fs.readFileSync(changed.file, "utf8")).toBe(source);
  expect(remixRenderPatchState(other)).toBe("unknown");
});

/** Every request a page's loader was given, in order. */
const loaderRequests: Request[] = [];

// A Remix build made by hand: a root and two pages with loaders, rendered as the app renders (to a string), or
// with the streaming renderer and <Scripts> as a hydrating app would.
function buildWith(render: "string" | "stream"): ServerBuild {
  const Root = () => (
    <html lang="en">
      <head>
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        {render === "stream" ? <Scripts /> : null}
      </body>
    </html>
  );
  const Page = () => {
    const { says } = useLoaderData<{ says: string }>();
    return <p data-says="">{says}</p>;
  };
  const page = (id: string, pathname: string, says: (url: URL) => string) => ({
    id,
    parentId: "root",
    path: pathname,
    module: {
      default: Page,
      loader: ({ request }: { request: Request }) => {
        loaderRequests.push(request);
        return { says: says(new URL(request.url)) };
      },
    },
  });
  const routes = {
    root: { id: "root", path: "", module: { default: Root } },
    ...Object.fromEntries(
      [
        page("routes/a", "a", (url) => `page a ${url.searchParams.get("n")}`),
        page("routes/b", "b", (url) => `page b ${url.searchParams.get("n")}`),
      ].map((route) => [route.id, route]),
    ),
  };
  const manifestRoutes = Object.fromEntries(
    Object.values(routes).map((route) => [
      route.id,
      {
        id: route.id,
        parentId: "parentId" in route ? route.parentId : undefined,
        path: route.path,
        hasAction: false,
        hasLoader: "loader" in route.module,
        hasClientAction: false,
        hasClientLoader: false,
        hasErrorBoundary: false,
        module: `/build/${route.id}.js`,
        imports: [],
      },
    ]),
  );
  const handleRequest = (request: Request, status: number, headers: Headers, context: never) => {
    headers.set("Content-Type", "text/html; charset=utf-8");
    if (render === "string") {
      const html = renderToString(<RemixServer context={context} url={request.url} />);
      return new Response(`<!DOCTYPE html>${html}`, { status, headers });
    }
    return new Promise<Response>((resolve, reject) => {
      const { pipe } = renderToPipeableStream(<RemixServer context={context} url={request.url} />, {
        onAllReady() {
          const body = new PassThrough();
          resolve(new Response(createReadableStreamFromReadable(body), { status, headers }));
          pipe(body);
        },
        onShellError: reject,
      });
    });
  };
  return {
    mode: "production",
    entry: { module: { default: handleRequest, streamTimeout: 5_000 } },
    routes,
    assets: {
      entry: { module: "/build/entry.client.js", imports: [] },
      routes: manifestRoutes,
      url: "/build/manifest.js",
      version: "test",
    },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: {
      v3_fetcherPersist: true,
      v3_relativeSplatPath: true,
      v3_throwAbortReason: true,
      v3_singleFetch: true,
      v3_lazyRouteDiscovery: true,
    },
    isSpaMode: false,
  } as unknown as ServerBuild;
}

const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;

test("pages render the same, each with its own data, however often and in whatever order", async () => {
  const handler = createRequestHandler(buildWith("string"));
  const page = async (url: string) => {
    const response = await handler(new Request(`http://aagahi.test${url}`));
    expect(response.status, url).toBe(200);
    return response.text();
  };
  const firstA = await page("/a?n=1");
  expect(firstA).toContain('<p data-says="">page a 1</p>');
  expect(await page("/b?n=2")).toContain('<p data-says="">page b 2</p>');
  expect(await page("/a?n=1")).toBe(firstA);
  expect(await page("/a?n=3")).toContain('<p data-says="">page a 3</p>');
  expect(await page("/b?n=4")).toContain('<p data-says="">page b 4</p>');
});

test("the route trees are made once per build, not for every page", async () => {
  // The CommonJS modules the patched files call through (their exports objects, so a spy sees the calls).
  const remixRoutes = require("@remix-run/react/dist/routes.js");
  const router = require("@remix-run/router");
  const serverRoutes = vi.spyOn(remixRoutes, "createServerRoutes");
  const dataRoutes = vi.spyOn(router, "UNSAFE_convertRoutesToDataRoutes");
  const handler = createRequestHandler(buildWith("string"));
  for (const url of ["/a?n=1", "/b?n=2", "/a?n=3"])
    await (await handler(new Request(`http://aagahi.test${url}`))).text();
  // Published: three of each, one per page.
  expect(serverRoutes).toHaveBeenCalledTimes(1);
  expect(dataRoutes).toHaveBeenCalledTimes(1);
  // Another build (a rebuild in development) gets trees of its own.
  const other = createRequestHandler(buildWith("string"));
  expect(await (await other(new Request("http://aagahi.test/b?n=9"))).text()).toContain("page b 9");
  expect(serverRoutes).toHaveBeenCalledTimes(2);
});

test("a page without <Scripts> encodes nothing for the browser: no timer is left behind", async () => {
  const handler = createRequestHandler(buildWith("string"));
  await (await handler(new Request("http://aagahi.test/a?n=0"))).text();
  const before = timers();
  // Published, each page left a 5 s timer holding its data for the browser, which nothing read.
  for (let n = 1; n <= 10; n++) await (await handler(new Request(`http://aagahi.test/a?n=${n}`))).text();
  expect(timers() - before).toBeLessThan(2);
});

test("a page that renders <Scripts> still gets its data for the browser", async () => {
  const handler = createRequestHandler(buildWith("stream"));
  const html = await (await handler(new Request("http://aagahi.test/b?n=7"))).text();
  expect(html).toContain('<p data-says="">page b 7</p>');
  expect(html).toContain("window.__remixContext.streamController.enqueue(");
  expect(html).toContain("page b 7\\");
});

test("a loader gets the request itself when its URL has none of Remix's own parameters", async () => {
  const handler = createRequestHandler(buildWith("string"));
  const request = new Request("http://aagahi.test/a?n=1&t=AQAH-_x");
  loaderRequests.length = 0;
  expect(await (await handler(request)).text()).toContain("page a 1");
  // Published: a new Request for each strip, so never this one.
  expect(loaderRequests).toEqual([request]);
});

test("Remix's own parameters are still taken out before a loader sees the URL, however they are spelled", async () => {
  const handler = createRequestHandler(buildWith("string"));
  for (const [query, kept] of [
    ["n=2&index=&_routes=routes%2Fa&index=keep", "n=2&index=keep"],
    ["n=3&%69ndex=&_%72outes=x", "n=3"],
    ["index&n=4", "n=4"],
  ] as const) {
    loaderRequests.length = 0;
    const request = new Request(`http://aagahi.test/a?${query}`);
    await (await handler(request)).text();
    const seen = loaderRequests[0]!;
    expect(seen, query).not.toBe(request);
    expect(new URL(seen.url).searchParams.toString(), query).toBe(kept);
  }
});
