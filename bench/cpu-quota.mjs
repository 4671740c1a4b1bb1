// A CPU quota for a bench's server process, through a Linux control group: the process and all its threads may
// use at most `cores` of a core per 10 ms, however many cores are idle. bench/load-intake.mjs uses it to show
// what a second app instance adds when each instance is limited as if it had a small machine of its own, which a
// machine with only 2 cores (two apps, PostgreSQL and the load client on them) cannot show otherwise (issue 13,
// goal 3). Needs root; cgroup v2 (cpu.max) and v1 (the cpu controller's cfs quota) both work.
import fs from "node:fs";
import path from "node:path";

// A short period: a process over its quota waits at most the rest of one period (6 ms at 0.4 of a core), not 60 ms,
// so the quota slows it as a slower core would rather than adding pauses to every answer.
const periodUs = 10_000;

/** Where new control groups go and how a quota is written, or why there is none. */
function hierarchy() {
  if (fs.existsSync("/sys/fs/cgroup/cgroup.controllers")) {
    const controllers = fs.readFileSync("/sys/fs/cgroup/cgroup.subtree_control", "utf8");
    if (!/\bcpu\b/.test(controllers))
      throw new Error("--cpu-quota: the cgroup v2 root does not delegate the cpu controller (cgroup.subtree_control)");
    return {
      root: "/sys/fs/cgroup",
      limit: (/** @type {string} */ dir, /** @type {number} */ quotaUs) =>
        fs.writeFileSync(path.join(dir, "cpu.max"), `${quotaUs} ${periodUs}`),
    };
  }
  if (fs.existsSync("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"))
    return {
      root: "/sys/fs/cgroup/cpu",
      limit: (/** @type {string} */ dir, /** @type {number} */ quotaUs) => {
        fs.writeFileSync(path.join(dir, "cpu.cfs_period_us"), String(periodUs));
        fs.writeFileSync(path.join(dir, "cpu.cfs_quota_us"), String(quotaUs));
      },
    };
  throw new Error("--cpu-quota: no cgroup cpu controller under /sys/fs/cgroup");
}

/**
 * Puts a running process (all its threads) into a new control group limited to `cores` of a core.
 * @param {number} pid @param {number} cores @param {string} name
 * @returns {{ throttled: () => { periods: number, throttled: number }, remove: () => void }} `throttled`: of the
 *   10 ms periods so far, how many ended with the group held back by its quota (it was the limit then)
 */
export function limitCpu(pid, cores, name) {
  if (!(cores > 0)) throw new Error(`--cpu-quota: ${cores} is not a share of a core above 0`);
  const { root, limit } = hierarchy();
  const dir = path.join(root, `aagahi-bench-${name}-${process.pid}`);
  try {
    fs.mkdirSync(dir);
  } catch (error) {
    throw new Error(`--cpu-quota needs root to make a control group (${/** @type {Error} */ (error).message})`);
  }
  limit(dir, Math.round(cores * periodUs));
  fs.writeFileSync(path.join(dir, "cgroup.procs"), String(pid));
  return {
    throttled: () => {
      const stat = fs.readFileSync(path.join(dir, "cpu.stat"), "utf8");
      const count = (/** @type {string} */ field) => Number(new RegExp(`^${field} (\\d+)`, "m").exec(stat)?.[1] ?? 0);
      return { periods: count("nr_periods"), throttled: count("nr_throttled") };
    },
    // A group can only go once it holds no process: call it after the server has stopped.
    remove: () => {
      try {
        fs.rmdirSync(dir);
      } catch {
        // still busy or already gone; the kernel frees an empty group's memory either way
      }
    },
  };
}
