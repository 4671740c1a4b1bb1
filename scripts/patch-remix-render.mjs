// Remix 2 rebuilds on every rendered page what never changes while the server runs, and prepares data for a
// browser that no page of this app asks for (docs/decisions/039-rendered-page-set-up-once.md):
//
// - RemixServer (@remix-run/react) makes React Router's route tree for every route of the app, and React Router's
//   static router (react-router-dom/server) converts that tree again, for each render; the new tree also made the
//   router rank every route again when it matched the URL during the render (scripts/patch-router-matching.mjs
//   keeps a ranking per tree). Both trees depend only on the build, so each is now made once per build.
// - With single fetch, Remix's server encodes each page's loader data for the browser's router (turbo-stream)
//   before rendering, and holds it with a 5 s timer. Only `<Scripts>` reads it, and no page renders `<Scripts>`
//   (no page hydrates: docs/decisions/002 and 038). It is now encoded when first read, so never here.
// - Remix's server hands each loader and action a new Request without its own URL parameters (`index`,
//   `_routes`), made twice per route even when the URL has none. Such a URL's request is now passed on as it is.
//
// Applied after every install, like scripts/patch-react-dom.mjs and scripts/patch-router-matching.mjs. Without
// it the server is slower, not wrong: a unit test fails when an upgrade leaves it unapplied.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

/** @param {string} name @param {...string} rest */
const packageFile = (name, ...rest) => path.join(path.dirname(require.resolve(`${name}/package.json`)), ...rest);

const marker = "/* aagahi: rendered page set up once */";

/**
 * The CommonJS files Node loads on the server, and what changes in each. `broken` must occur exactly once
 * (`count` times when given).
 * @returns {{ name: string, file: string, patches: { broken: string, fixed: string, count?: number }[] }[]}
 */
export function remixRenderTargets() {
  return [
    {
      name: "@remix-run/react RemixServer",
      file: packageFile("@remix-run/react", "dist", "server.js"),
      patches: [
        {
          broken: "function RemixServer({\n",
          fixed: `${marker}
// The server route tree depends only on the build's manifest and route modules: made once per build.
const keptServerRoutes = new WeakMap();
function serverRoutesOf(manifestRoutes, routeModules, future, isSpaMode) {
  let kept = keptServerRoutes.get(manifestRoutes);
  if (kept && kept.isSpaMode === isSpaMode && kept.future === future && Object.keys(manifestRoutes).every(id => kept.routeModules[id] === routeModules[id])) {
    return kept.routes;
  }
  let made = routes.createServerRoutes(manifestRoutes, routeModules, future, isSpaMode);
  keptServerRoutes.set(manifestRoutes, { routes: made, routeModules: { ...routeModules }, future, isSpaMode });
  return made;
}
// Only StreamTransfer reads the handoff stream, and only after <Scripts> rendered: open it then.
function handoffReaderOf(context) {
  let reader = null;
  return { read: () => (reader ??= context.serverHandoffStream.getReader()).read() };
}
function RemixServer({
`,
        },
        {
          broken:
            "let routes$1 = routes.createServerRoutes(manifest.routes, routeModules, context.future, context.isSpaMode);",
          fixed: "let routes$1 = serverRoutesOf(manifest.routes, routeModules, context.future, context.isSpaMode);",
        },
        {
          broken: "context.future.v3_singleFetch && context.serverHandoffStream ?",
          fixed: 'context.future.v3_singleFetch && "serverHandoffStream" in context ?',
        },
        {
          broken: "reader: context.serverHandoffStream.getReader(),",
          fixed: "reader: handoffReaderOf(context),",
        },
      ],
    },
    {
      name: "react-router-dom createStaticRouter",
      file: packageFile("react-router-dom", "server.js"),
      patches: [
        {
          broken:
            "function createStaticRouter(routes, context, opts = {}) {\n  let manifest = {};\n  let dataRoutes = router.UNSAFE_convertRoutesToDataRoutes(routes, reactRouter.UNSAFE_mapRouteProperties, undefined, manifest);\n",
          fixed: `${marker}
// A route tree (RemixServer's, kept per build) is converted to data routes once; a static render never changes them.
const keptDataRoutes = new WeakMap();
function createStaticRouter(routes, context, opts = {}) {
  let kept = keptDataRoutes.get(routes);
  if (!kept) {
    let manifest = {};
    kept = { manifest, dataRoutes: router.UNSAFE_convertRoutesToDataRoutes(routes, reactRouter.UNSAFE_mapRouteProperties, undefined, manifest) };
    keptDataRoutes.set(routes, kept);
  }
  let { manifest, dataRoutes } = kept;
`,
        },
      ],
    },
    {
      name: "@remix-run/server-runtime handoff stream",
      file: packageFile("@remix-run/server-runtime", "dist", "server.js"),
      patches: [
        {
          broken:
            "async function handleDocumentRequest(serverMode, build, staticHandler, request, loadContext, handleError, criticalCss) {\n",
          fixed: `${marker}
// Encoded when first read (by <Scripts>, through StreamTransfer), not for every page. Not enumerable, so the
// error render's copy of the context ({ ...entryContext }) does not read it either.
function encodeHandoffWhenRead(entryContext, encode) {
  let stream = null;
  Object.defineProperty(entryContext, "serverHandoffStream", { get: () => (stream ??= encode()), enumerable: false, configurable: true });
}
async function handleDocumentRequest(serverMode, build, staticHandler, request, loadContext, handleError, criticalCss) {
`,
        },
        {
          broken: `    ...(build.future.v3_singleFetch ? {
      serverHandoffStream: singleFetch.encodeViaTurboStream(state, request.signal, build.entry.module.streamTimeout, serverMode),
      renderMeta: {}
    } : null),
    future: build.future,
    isSpaMode: build.isSpaMode,
    serializeError: err => errors.serializeError(err, serverMode)
  };
`,
          fixed: `    ...(build.future.v3_singleFetch ? {
      renderMeta: {}
    } : null),
    future: build.future,
    isSpaMode: build.isSpaMode,
    serializeError: err => errors.serializeError(err, serverMode)
  };
  if (build.future.v3_singleFetch) encodeHandoffWhenRead(entryContext, () => singleFetch.encodeViaTurboStream(state, request.signal, build.entry.module.streamTimeout, serverMode));
`,
        },
        {
          broken: `      ...(build.future.v3_singleFetch ? {
        serverHandoffStream: singleFetch.encodeViaTurboStream(state, request.signal, build.entry.module.streamTimeout, serverMode),
        renderMeta: {}
      } : null)
    };
`,
          fixed: `      ...(build.future.v3_singleFetch ? {
        renderMeta: {}
      } : null)
    };
    if (build.future.v3_singleFetch) encodeHandoffWhenRead(entryContext, () => singleFetch.encodeViaTurboStream(state, request.signal, build.entry.module.streamTimeout, serverMode));
`,
        },
      ],
    },
    {
      name: "@remix-run/server-runtime loader requests",
      file: packageFile("@remix-run/server-runtime", "dist", "data.js"),
      patches: [
        {
          broken: "function stripIndexParam(request) {\n",
          fixed: `${marker}
// Each loader and action got a new Request with the same URL less Remix's own parameters, two per route: on
// the receipt page about a sixth of its time. A URL without them is passed on as it came. Loaders read the same
// values either way: only the query's spelling could differ (URLSearchParams writes it anew).
function searchMayName(url, name) {
  let start = url.indexOf("?");
  if (start === -1) return false;
  let end = url.indexOf("#", start);
  let search = end === -1 ? url.slice(start + 1) : url.slice(start + 1, end);
  // A %-escape may spell the name: such a query is stripped the published way.
  return search.includes("%") || search.split("&").some(pair => pair.split("=")[0] === name);
}
function stripIndexParam(request) {
  if (!searchMayName(request.url, "index")) return request;
`,
        },
        {
          broken: "function stripDataParam(request) {\n",
          fixed: 'function stripDataParam(request) {\n  if (!searchMayName(request.url, "_data")) return request;\n',
        },
        {
          broken: "function stripRoutesParam(request) {\n",
          fixed:
            'function stripRoutesParam(request) {\n  if (!searchMayName(request.url, "_routes")) return request;\n',
        },
      ],
    },
  ];
}

/**
 * "patched", "unpatched" (every piece of code the patch replaces is there as often as expected) or "unknown"
 * (a version this script does not know), per target.
 * @param {ReturnType<typeof remixRenderTargets>[number]} target
 * @returns {"patched" | "unpatched" | "unknown"}
 */
export function targetPatchState(target) {
  const source = fs.readFileSync(target.file, "utf8");
  if (source.includes(marker) && target.patches.every(({ fixed }) => source.includes(fixed))) return "patched";
  if (
    !source.includes(marker) &&
    target.patches.every(({ broken, count = 1 }) => source.split(broken).length === count + 1)
  )
    return "unpatched";
  return "unknown";
}

/** The state of all targets: "patched" only when every one is. */
export function remixRenderPatchState(targets = remixRenderTargets()) {
  const states = targets.map(targetPatchState);
  if (states.every((state) => state === "patched")) return "patched";
  if (states.every((state) => state !== "unknown")) return "unpatched";
  return "unknown";
}

/** Applies each target's patch where it is missing; false when any target is a version this script does not know. */
export function applyRemixRenderPatch(targets = remixRenderTargets()) {
  let known = true;
  for (const target of targets) {
    const state = targetPatchState(target);
    if (state === "patched") continue;
    if (state === "unknown") {
      console.error(`patch-remix-render: expected code not found in ${target.file}; ${target.name} stays unpatched`);
      known = false;
      continue;
    }
    let source = fs.readFileSync(target.file, "utf8");
    for (const { broken, fixed } of target.patches) source = source.split(broken).join(fixed);
    fs.writeFileSync(target.file, source);
    console.log(`patch-remix-render: ${target.name} set up once`);
  }
  return known;
}

// An unknown version does not stop an install: the server is only slower (the unit test says so).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) applyRemixRenderPatch();
