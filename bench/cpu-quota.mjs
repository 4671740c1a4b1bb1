// A CPU quota for a bench's server process, through a Linux control group: the process and all its threads may
// use at most `cores` of a core per 10 ms, however many cores are idle. bench/load-intake.mjs uses it to show
// what a second app instance adds when each instance is limited as if it had a small machine of its own, which a
// machine with only 2 cores (two apps, PostgreSQL and the load client on them) cannot show otherwise (issue 13,
// goal 3). Needs root; cgroup v2 (cpu.max) and v1 (the cpu controller's cfs quota) both work.
import fs from "node:fs";
import path from "node:path";

// A short period: a process over its quota waits for the rest of one period (6 ms at 0.4 of a core when one thread
// spends the budget, up to about 8 ms when several run at once), not 60–80 ms, so the quota slows it as a slower
// core would rather than adding long pauses to answers.
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
  const quotaUs = Math.round(cores * periodUs);
  // The kernel takes no quota under 1 ms a period.
  if (!(quotaUs >= 1_000)) throw new Error(`--cpu-quota: ${cores} is under the smallest quota, 0.1 of a core`);
  const { root, limit } = hierarchy();
  const dir = path.join(root, `aagahi-bench-${name}-${process.pid}`);
  try {
    fs.mkdirSync(dir);
  } catch (error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error).code;
    throw new Error(
      `--cpu-quota could not make a control group at ${dir} (${code}${code === "EACCES" || code === "EPERM" ? ": it needs root" : ""})`,
    );
  }
  try {
    limit(dir, quotaUs);
    fs.writeFileSync(path.join(dir, "cgroup.procs"), String(pid));
  } catch (error) {
    fs.rmdirSync(dir);
    throw error;
  }
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
      } catch (error) {
        console.error(`could not remove the control group ${dir}: ${/** @type {Error} */ (error).message}`);
      }
    },
  };
}
