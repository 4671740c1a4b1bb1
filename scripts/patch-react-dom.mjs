// React 18.3.1's streaming renderer corrupts multi-byte text: when a UTF-8 character does not fit at the end
// of its 2048-byte buffer, it sends the whole buffer, unwritten tail bytes included, so NUL bytes appear in
// the HTML (seen on Urdu pages at offsets 2047, 6143, 10239...). React 19 fixed it by sending only the
// written part. React 18 has no newer release and Remix 2 needs React 18, so we apply the same one-line fix
// after every install. See docs/decisions/003-patch-react-dom-utf8-streaming.md.
//
// `npm ci --ignore-scripts` skips postinstall without a word, so the server checks at start that the fix is
// in place (reactDomPatchRefusal) and refuses to run without it (docs/decisions/030).
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

/** The directory holding react-dom's CommonJS builds, as Node resolves it from this project. */
export function reactDomCjsDir() {
  return path.join(path.dirname(require.resolve("react-dom/package.json")), "cjs");
}

const patches = [
  {
    files: ["react-dom-server.node.production.min.js"],
    broken: "d<b.length&&(t(a,k),k=new Uint8Array(2048)",
    fixed: "d<b.length&&(t(a,k.subarray(0,l)),k=new Uint8Array(2048)",
  },
  {
    files: ["react-dom-server.node.development.js"],
    broken: "if (read < stringChunk.length) {\n    writeToDestination(destination, currentView);",
    fixed:
      "if (read < stringChunk.length) {\n    writeToDestination(destination, currentView.subarray(0, writtenBytes));",
  },
];

/**
 * The state of each react-dom server build this project patches: "patched", "unpatched" (the broken code is
 * there) or "unknown" (neither: a different react-dom).
 * @param {string} [cjsDir]
 * @returns {{ file: string, target: string, state: "patched" | "unpatched" | "unknown", broken: string, fixed: string }[]}
 */
export function reactDomPatchStates(cjsDir = reactDomCjsDir()) {
  return patches.flatMap(({ files, broken, fixed }) =>
    files
      .map((file) => ({ file, target: path.join(cjsDir, file) }))
      .filter(({ target }) => fs.existsSync(target))
      .map(({ file, target }) => {
        const source = fs.readFileSync(target, "utf8");
        const state = source.includes(fixed) ? "patched" : source.includes(broken) ? "unpatched" : "unknown";
        return { file, target, state: /** @type {"patched" | "unpatched" | "unknown"} */ (state), broken, fixed };
      }),
  );
}

/**
 * Why the server must not start with this react-dom, or null when every build it may load is patched.
 * @param {string} [cjsDir]
 */
export function reactDomPatchRefusal(cjsDir = reactDomCjsDir()) {
  const states = reactDomPatchStates(cjsDir);
  if (states.length === 0) return `react-dom's server builds were not found in ${cjsDir}: reinstall with \`npm ci\`.`;
  const unpatched = states.filter(({ state }) => state === "unpatched").map(({ file }) => file);
  if (unpatched.length > 0) {
    return (
      `react-dom is not patched (${unpatched.join(", ")}): Urdu pages would be sent with NUL bytes in them ` +
      "(docs/decisions/003). Installing with --ignore-scripts skips the fix: run `node scripts/patch-react-dom.mjs`."
    );
  }
  const unknown = states.filter(({ state }) => state === "unknown").map(({ file }) => file);
  if (unknown.length > 0) {
    return `react-dom is not the version scripts/patch-react-dom.mjs knows (${unknown.join(", ")}): check whether it still needs the fix (docs/decisions/003) and update the script.`;
  }
  return null;
}

/** Applies the fix where it is missing; false when a build is of a react-dom this script does not know. */
export function applyReactDomPatch(cjsDir = reactDomCjsDir()) {
  let ok = true;
  for (const { file, target, state, broken, fixed } of reactDomPatchStates(cjsDir)) {
    if (state === "patched") continue;
    if (state === "unknown") {
      // A different react-dom: check whether it still needs the fix before changing this script.
      console.error(`patch-react-dom: expected code not found in ${file}`);
      ok = false;
      continue;
    }
    fs.writeFileSync(target, fs.readFileSync(target, "utf8").replace(broken, fixed));
    console.log(`patch-react-dom: fixed UTF-8 streaming in ${file}`);
  }
  return ok;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!applyReactDomPatch()) process.exit(1);
}
