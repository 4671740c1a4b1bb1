// The React DOM fix (docs/decisions/003) is checked at server start (docs/decisions/030): an install that
// skipped postinstall must not serve Urdu pages with NUL bytes in them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test, vi } from "vitest";
import {
  applyReactDomPatch,
  reactDomCjsDir,
  reactDomPatchRefusal,
  reactDomPatchStates,
} from "../../../scripts/patch-react-dom.mjs";

const productionBuild = "react-dom-server.node.production.min.js";
const developmentBuild = "react-dom-server.node.development.js";
/** @type {string[]} */
const made = [];

afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of the installed react-dom server builds, with the fix taken out (as `npm ci --ignore-scripts` leaves them). */
function unpatchedCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "react-dom-"));
  made.push(dir);
  for (const { file, target, broken, fixed } of reactDomPatchStates()) {
    fs.writeFileSync(path.join(dir, file), fs.readFileSync(target, "utf8").replace(fixed, broken));
  }
  return dir;
}

test("the installed react-dom is patched, so the server may start", () => {
  expect(reactDomPatchStates().map(({ file, state }) => [file, state])).toEqual([
    [productionBuild, "patched"],
    [developmentBuild, "patched"],
  ]);
  expect(reactDomPatchRefusal()).toBeNull();
});

test("an unpatched react-dom is refused with a message that says how to fix it; the script then fixes it", () => {
  const dir = unpatchedCopy();
  expect(reactDomPatchStates(dir).map(({ state }) => state)).toEqual(["unpatched", "unpatched"]);
  expect(reactDomPatchRefusal(dir)).toMatch(
    /^react-dom is not patched \(react-dom-server\.node\.production\.min\.js, react-dom-server\.node\.development\.js\).*--ignore-scripts.*node scripts\/patch-react-dom\.mjs/,
  );
  expect(applyReactDomPatch(dir)).toBe(true);
  expect(reactDomPatchRefusal(dir)).toBeNull();
  expect(fs.readFileSync(path.join(dir, productionBuild), "utf8")).toBe(
    fs.readFileSync(path.join(reactDomCjsDir(), productionBuild), "utf8"),
  );
});

test("a react-dom the script does not know, or none at all, is refused too", () => {
  const dir = unpatchedCopy();
  fs.writeFileSync(path.join(dir, developmentBuild), "// some other react-dom");
  expect(reactDomPatchRefusal(dir)).toMatch(
    /^react-dom is not patched \(react-dom-server\.node\.production\.min\.js\)/,
  );
  fs.writeFileSync(path.join(dir, productionBuild), "// some other react-dom");
  expect(reactDomPatchRefusal(dir)).toMatch(/^react-dom is not the version scripts\/patch-react-dom\.mjs knows/);
  const complaints = vi.spyOn(console, "error").mockImplementation(() => {});
  expect(applyReactDomPatch(dir)).toBe(false);
  expect(complaints).toHaveBeenCalledWith(`patch-react-dom: expected code not found in ${productionBuild}`);
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), "react-dom-"));
  made.push(empty);
  expect(reactDomPatchRefusal(empty)).toMatch(/server builds were not found/);
});

test("the server checks the patch before anything else starts", () => {
  const source = fs.readFileSync(path.join(import.meta.dirname, "../../../server/index.mjs"), "utf8");
  const check = source.indexOf("const patchRefusal = reactDomPatchRefusal();");
  expect(check).toBeGreaterThan(0);
  expect(check).toBeLessThan(source.indexOf("const build = await loadBuild();"));
  expect(check).toBeLessThan(source.indexOf("server.listen("));
  expect(source.slice(check, source.indexOf("process.exit(1);", check))).toContain("Aagahi did not start.");
});
