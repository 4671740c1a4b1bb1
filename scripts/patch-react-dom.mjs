// React 18.3.1's streaming renderer corrupts multi-byte text: when a UTF-8 character does not fit at the end
// of its 2048-byte buffer, it sends the whole buffer, unwritten tail bytes included, so NUL bytes appear in
// the HTML (seen on Urdu pages at offsets 2047, 6143, 10239...). React 19 fixed it by sending only the
// written part. React 18 has no newer release and Remix 2 needs React 18, so we apply the same one-line fix
// after every install. See docs/decisions/003-patch-react-dom-utf8-streaming.md.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cjsDir = path.join(path.dirname(require.resolve("react-dom/package.json")), "cjs");

const patches = [
  {
    files: ["react-dom-server.node.production.min.js"],
    broken: "d<b.length&&(t(a,k),k=new Uint8Array(2048)",
    fixed: "d<b.length&&(t(a,k.subarray(0,l)),k=new Uint8Array(2048)",
  },
  {
    files: ["react-dom-server.node.development.js"],
    broken: "if (read < stringChunk.length) {\n    writeToDestination(destination, currentView);",
    fixed: "if (read < stringChunk.length) {\n    writeToDestination(destination, currentView.subarray(0, writtenBytes));",
  },
];

let failed = false;
for (const { files, broken, fixed } of patches) {
  for (const file of files) {
    const target = path.join(cjsDir, file);
    if (!fs.existsSync(target)) continue;
    const source = fs.readFileSync(target, "utf8");
    if (source.includes(fixed)) continue;
    if (!source.includes(broken)) {
      // A different react-dom: check whether it still needs the fix before changing this script.
      console.error(`patch-react-dom: expected code not found in ${file}`);
      failed = true;
      continue;
    }
    fs.writeFileSync(target, source.replace(broken, fixed));
    console.log(`patch-react-dom: fixed UTF-8 streaming in ${file}`);
  }
}
if (failed) process.exit(1);
