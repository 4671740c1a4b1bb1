// The V8 flags the server sets for itself (docs/decisions/033, docs/performance.md "Server memory"):
// - Prisma's query compiler is WebAssembly (3.3 MB). V8 compiles it with its baseline compiler, then recompiles
//   hot functions with its optimising one: about 75 MB of resident memory that never came back, for no
//   measurable gain, since Prisma caches each query's plan and runs the compiler once per query shape.
// - Under load V8 let the old generation grow to 200+ MB of mostly garbage (about 60 MB live) before collecting
//   it. A fixed growing factor of 1.2 collects sooner, with no cap: a large export still gets the memory it needs.
export const memoryFlags = ["--liftoff-only", "--heap-growing-percent=20"];

/**
 * A flag's name as V8 compares it: without `--`/`--no-` or a value, and `_` read as `-`.
 * @param {string} flag
 */
function flagName(flag) {
  return flag
    .replace(/^--(no-)?/, "")
    .replace(/=.*$/s, "")
    .replace(/_/g, "-");
}

/**
 * The memory flags not already given on node's command line (the operator's own setting wins, either spelling).
 * @param {readonly string[]} execArgv
 */
export function memoryFlagsToSet(execArgv) {
  const given = new Set(execArgv.map(flagName));
  return memoryFlags.filter((flag) => !given.has(flagName(flag)));
}
