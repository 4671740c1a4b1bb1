// @ts-check
// The hourly data-retention run (docs/decisions/017-data-retention.md), started by the server. The run happens
// in the server process, on its own database connection: on SQLite only one process may write through Prisma
// (prisma/orm#29933: a SQLITE_BUSY at COMMIT can leave another process's connection inside a transaction and
// lose later writes), and a run is small (a few short transactions per tip, then a WAL checkpoint). Several
// servers on PostgreSQL are fine: a lease in the database lets one run work at a time.
import fs from "node:fs";

export const retentionIntervalMs = 60 * 60 * 1000;
/** The first run waits a minute, so it never competes with the start-up itself. */
export const retentionFirstDelayMs = 60 * 1000;

/**
 * @param {{ run: () => Promise<unknown>, intervalMs?: number, firstDelayMs?: number, log?: (line: string) => void }} options
 */
export function startRetentionSchedule(options) {
  const {
    run,
    intervalMs = retentionIntervalMs,
    firstDelayMs = retentionFirstDelayMs,
    log = (line) => console.error(line),
  } = options;
  /** @type {Promise<void> | null} */
  let running = null;
  let stopped = false;

  const runOnce = () => {
    // An hour is far longer than a run; should one still be going, it carries on and this turn is skipped.
    if (stopped || running) return;
    running = Promise.resolve()
      .then(run)
      .then(
        () => undefined,
        (error) =>
          log(
            `Retention run failed (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); the next one is in an hour.`,
          ),
      )
      .finally(() => {
        running = null;
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
    /** Stops the schedule; resolves once a run in progress has finished (its transactions are short). */
    stop() {
      stopped = true;
      clearTimeout(timer);
      return running ?? Promise.resolve();
    },
  };
}

/**
 * The file that tells `npm run retention:run` a server is using this SQLite database (and runs retention
 * itself), so the command does not write from a second process. Null for other databases.
 * @param {string} url the DATABASE_URL
 */
export function serverMarkerFile(url) {
  return url.startsWith("file:") ? `${url.slice("file:".length)}.server-pid` : null;
}

/**
 * Marks a SQLite database as served by this process; the returned function removes the mark.
 * @param {string} url
 */
export function markDatabaseServed(url) {
  const file = serverMarkerFile(url);
  if (!file) return () => {};
  fs.writeFileSync(file, String(process.pid), { mode: 0o600 });
  return () => {
    try {
      if (fs.readFileSync(file, "utf8") === String(process.pid)) fs.rmSync(file);
    } catch {
      // Already gone.
    }
  };
}

/**
 * The pid of a live server on this SQLite database, or null (no mark, a stale mark, or another database).
 * @param {string} url
 */
export function servingProcess(url) {
  const file = serverMarkerFile(url);
  if (!file) return null;
  let pid;
  try {
    pid = Number(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: it exists but belongs to someone else; still a live process.
    return /** @type {NodeJS.ErrnoException} */ (error).code === "EPERM" ? pid : null;
  }
}
