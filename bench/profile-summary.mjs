// Where a server's CPU time went: sums the self time of a `node --cpu-prof` profile by package (node_modules),
// the app's server build, Node.js internals and V8's own entries, and lists the busiest functions.
//   node bench/profile-summary.mjs DIR_OR_FILE [--top 15]
// Idle time is left out of the shares: they are shares of the time the process was busy.
import fs from "node:fs";
import path from "node:path";

function groupOf(url, functionName) {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.startsWith("node:")) return `node:${url.slice(5).split("/")[0]}`;
  if (/\/build\/index\.js$/.test(url)) return "app (server build)";
  if (/\/server\//.test(url)) return "app (server/)";
  return path.basename(url);
}

export function summarise(profile) {
  const { nodes, samples, timeDeltas } = profile;
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const selfMicros = new Map();
  samples.forEach((id, index) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + Math.max(0, timeDeltas[index] ?? 0)));
  const groups = new Map();
  const functions = new Map();
  let busy = 0;
  for (const [id, micros] of selfMicros) {
    const { callFrame } = byId.get(id);
    if (callFrame.functionName === "(idle)") continue;
    busy += micros;
    const group = groupOf(callFrame.url, callFrame.functionName);
    groups.set(group, (groups.get(group) ?? 0) + micros);
    const name = `${callFrame.functionName || "(anonymous)"} ${group}`;
    functions.set(name, (functions.get(name) ?? 0) + micros);
  }
  const sorted = (map) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, micros]) => ({ name, ms: micros / 1000, share: micros / busy }));
  return { busyMs: busy / 1000, groups: sorted(groups), functions: sorted(functions) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const target = process.argv[2];
  if (!target) throw new Error("usage: node bench/profile-summary.mjs DIR_OR_FILE [--top 15]");
  const topIndex = process.argv.indexOf("--top");
  const top = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 15;
  const files = fs.statSync(target).isDirectory()
    ? fs
        .readdirSync(target)
        .filter((file) => file.endsWith(".cpuprofile"))
        .map((file) => path.join(target, file))
    : [target];
  for (const file of files) {
    const summary = summarise(JSON.parse(fs.readFileSync(file, "utf8")));
    console.log(`${path.basename(file)}: ${(summary.busyMs / 1000).toFixed(1)} s busy`);
    console.log("  by package:");
    for (const group of summary.groups.slice(0, top))
      console.log(`    ${(group.share * 100).toFixed(1).padStart(5)} %  ${group.name}`);
    console.log("  busiest functions (self time):");
    for (const fn of summary.functions.slice(0, top))
      console.log(`    ${(fn.share * 100).toFixed(1).padStart(5)} %  ${fn.name}`);
  }
}
