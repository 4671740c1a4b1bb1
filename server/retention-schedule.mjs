// @ts-check
// The hourly data-retention run (docs/decisions/017-data-retention.md), started by the server. Each run is a
// child process (`scripts/retention.ts`, the same as `npm run retention:run`) at low CPU priority: the deletion
// work never shares the server's event loop, so requests are not slowed. Several servers, or a cron job as
// well, are fine: a lease in the database lets one run work at a time. stop() ends a run in progress; its
// per-tip transactions roll back cleanly and its lease expires by itself.
import { spawn } from "node:child_process";
import os from "node:os";

export const retentionIntervalMs = 60 * 60 * 1000;
/** The first run waits a minute, so it never competes with the start-up itself. */
export const retentionFirstDelayMs = 60 * 1000;

/**
 * @typedef {{ once(event: "exit", listener: (code: number | null) => void): unknown, kill(signal?: NodeJS.Signals): boolean, exitCode: number | null, pid?: number }} RunProcess
 */

/** @param {string} projectRoot @returns {RunProcess} */
function spawnRetentionRun(projectRoot) {
  const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/retention.ts"], {
    cwd: projectRoot,
    stdio: ["ignore", "inherit", "inherit"],
  });
  try {
    if (child.pid) os.setPriority(child.pid, 10);
  } catch {
    // Not allowed on this system: the run is small, it simply keeps normal priority.
  }
  return child;
}

/**
 * @param {{ projectRoot: string, intervalMs?: number, firstDelayMs?: number, spawnRun?: () => RunProcess, log?: (line: string) => void }} options
 */
export function startRetentionSchedule(options) {
  const { projectRoot, intervalMs = retentionIntervalMs, firstDelayMs = retentionFirstDelayMs, log = (line) => console.error(line) } = options;
  const spawnRun = options.spawnRun ?? (() => spawnRetentionRun(projectRoot));
  /** @type {RunProcess | null} */
  let running = null;
  let stopped = false;

  const runOnce = () => {
    // An hour is far longer than a run; should one still be going, it carries on and this turn is skipped.
    if (stopped || running) return;
    const child = spawnRun();
    running = child;
    child.once("exit", (code) => {
      running = null;
      if (code !== 0 && !stopped) log(`Retention run failed (exit ${code}); the next one is in an hour.`);
    });
  };

  /** @type {NodeJS.Timeout} */
  let timer = setTimeout(function tick() {
    runOnce();
    timer = setTimeout(tick, intervalMs);
    timer.unref();
  }, firstDelayMs);
  // The schedule alone never keeps the process alive.
  timer.unref();

  return {
    /** True while a run is in progress (for tests). */
    get running() {
      return running !== null;
    },
    /** Stops the schedule and ends a run in progress; resolves once it has exited. */
    stop() {
      stopped = true;
      clearTimeout(timer);
      const child = running;
      if (!child || child.exitCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        child.once("exit", () => resolve(undefined));
        child.kill("SIGTERM");
      });
    },
  };
}
