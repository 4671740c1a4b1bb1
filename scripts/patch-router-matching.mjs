// @remix-run/router 1.x matches a URL to routes by flattening and ranking every route, then compiling each
// route's pattern to a regular expression, again on every call; a Remix request calls it two or three times.
// On the report form that was 22 % of the server's time for each sent tip (docs/performance.md, issue 13).
// This keeps each compiled pattern (a pure function of the pattern and its options), the ranked branches of a
// route list that is matched again, and that list's matches for the paths last asked for (each caller gets its own
// copy); the router's own way of adding routes to a list (route discovery) drops everything kept for every
// list, so matching gives the same answer. React Router 7 is not an option with Remix 2,
// so, like the react-dom fix (scripts/patch-react-dom.mjs), it is applied after every install.
// See docs/decisions/038-rendered-page-request-costs.md.
//
// Without it the server is slower, not wrong: it starts either way, and a unit test fails when an upgrade
// leaves the patch unapplied.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

/** The CommonJS build of @remix-run/router that Node loads for Remix's server and React Router. */
export function routerCjsFile() {
  return path.join(path.dirname(require.resolve("@remix-run/router/package.json")), "dist", "router.cjs.js");
}

const marker = "/* aagahi: remembered route patterns */";

/** Each piece of code the patch replaces, and what replaces it (exported for the test, which takes it out again). */
export const routerPatches = [
  {
    broken: "function matchRoutesImpl(routes, locationArg, basename, allowPartial) {\n",
    fixed:
      "function matchRoutesImpl(routes, locationArg, basename, allowPartial) {\n" +
      "  return rememberedMatches(routes, locationArg, basename, allowPartial);\n" +
      "}\n" +
      "function matchRoutesImplAgain(routes, locationArg, basename, allowPartial) {\n",
  },
  {
    broken: "  let branches = flattenRoutes(routes);\n  rankRouteBranches(branches);\n  let matches = null;",
    fixed: "  let branches = rankedBranchesOf(routes);\n  let matches = null;",
  },
  {
    broken: "  childrenToPatch.push(...newRoutes);\n}\n",
    fixed: "  childrenToPatch.push(...newRoutes);\n  forgetRankedBranches();\n}\n",
  },
  {
    broken: "function compilePath(path, caseSensitive, end) {\n",
    fixed: `${marker}
// Server route lists do not change once matched; a new list (React Router's own, on each render) is ranked once
// and forgotten with it. Routes added by discovery (patchRoutesImpl) change a list in place: all are ranked again.
let rankedBranches = new WeakMap();
// Per route list, the matches of each path asked for: a server matches each request two or three times over the
// same list, and the paths people ask for are few. Capped, so made-up paths cannot grow it.
let knownMatches = new WeakMap();
const knownMatchesKept = 1000;
function forgetRankedBranches() {
  rankedBranches = new WeakMap();
  knownMatches = new WeakMap();
}
function rememberedMatches(routes, locationArg, basename, allowPartial) {
  let location = typeof locationArg === "string" ? parsePath(locationArg) : locationArg;
  let pathname = stripBasename(location.pathname || "/", basename);
  if (pathname == null) {
    return null;
  }
  let known = knownMatches.get(routes);
  if (!known) knownMatches.set(routes, (known = new Map()));
  const key = (allowPartial ? "1" : "0") + pathname;
  let matches = known.get(key);
  if (matches === undefined) {
    matches = matchRoutesImplAgain(routes, { pathname }, "/", allowPartial);
    if (known.size >= knownMatchesKept) known.clear();
    known.set(key, matches);
  }
  if (matches === null) return null;
  // A copy for each caller, which may change what it gets; as the router makes them, the matches share one params.
  const params = Object.assign({}, matches[matches.length - 1]?.params);
  return matches.map((match) => ({ params, pathname: match.pathname, pathnameBase: match.pathnameBase, route: match.route }));
}
function rankedBranchesOf(routes) {
  let branches = rankedBranches.get(routes);
  if (!branches) {
    branches = flattenRoutes(routes);
    rankRouteBranches(branches);
    rankedBranches.set(routes, branches);
  }
  return branches;
}
// Patterns come from route definitions, so there are few; the cap only guards callers of matchPath.
const compiledPaths = new Map();
const compiledPathsKept = 1000;
function compilePath(path, caseSensitive, end) {
  // As compilePathAgain reads them: end defaults to true, and both are taken as true or false.
  const key = (caseSensitive ? "1" : "0") + (end === undefined || end ? "1" : "0") + path;
  let compiled = compiledPaths.get(key);
  if (!compiled) {
    if (compiledPaths.size >= compiledPathsKept) compiledPaths.clear();
    compiled = compilePathAgain(path, caseSensitive, end);
    compiledPaths.set(key, compiled);
  }
  return compiled;
}
function compilePathAgain(path, caseSensitive, end) {
`,
  },
];

/**
 * Whether the router build is "patched", "unpatched" (every piece of code the patch replaces is there) or
 * "unknown" (a different @remix-run/router).
 * @param {string} [file]
 * @returns {"patched" | "unpatched" | "unknown"}
 */
export function routerPatchState(file = routerCjsFile()) {
  const source = fs.readFileSync(file, "utf8");
  if (source.includes(marker) && routerPatches.every(({ fixed }) => source.includes(fixed))) return "patched";
  if (!source.includes(marker) && routerPatches.every(({ broken }) => source.split(broken).length === 2))
    return "unpatched";
  return "unknown";
}

/** Applies the patch where it is missing; false when the router is a version this script does not know. */
export function applyRouterPatch(file = routerCjsFile()) {
  const state = routerPatchState(file);
  if (state === "patched") return true;
  if (state === "unknown") {
    console.error(`patch-router-matching: expected code not found in ${file}; route matching stays unpatched`);
    return false;
  }
  let source = fs.readFileSync(file, "utf8");
  for (const { broken, fixed } of routerPatches) source = source.replace(broken, fixed);
  fs.writeFileSync(file, source);
  console.log("patch-router-matching: route patterns are compiled once, and matches kept per path");
  return true;
}

// An unknown router version does not stop an install: the server is only slower (the unit test says so).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) applyRouterPatch();
