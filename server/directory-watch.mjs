// @ts-check
// Several app instances on one PostgreSQL database each keep the directory and rendered public pages in
// memory. Every directory change bumps a version row in its own transaction; this schedule asks every two
// seconds whether the version moved and, when it did, has the caches emptied, so an admin's helpline or
// routing change made on one instance shows on every instance's pages within a few seconds
// (docs/decisions/020-what-instances-share.md: why polling, not LISTEN/NOTIFY).
export const directoryWatchIntervalMs = 2_000;

/**
 * @param {{
 *   check: () => Promise<boolean>,
 *   onChange: () => void,
 *   intervalMs?: number,
 *   log?: (line: string) => void,
 * }} options `check` answers whether the directory changed since the last check (and forgets the kept copy);
 *   `onChange` empties the page cache.
 */
export function startDirectoryWatch(options) {
  const { check, onChange, intervalMs = directoryWatchIntervalMs, log = (line) => console.error(line) } = options;
  /** @type {Promise<void> | null} */
  let running = null;
  let stopped = false;
  let failing = false;

  const pollNow = () => {
    // A slow database: never more than one check at a time, and no queue of them behind it.
    if (stopped) return Promise.resolve();
    running ??= Promise.resolve()
      .then(check)
      .then(
        (changed) => {
          if (failing) log("Directory change checks work again.");
          failing = false;
          if (changed && !stopped) onChange();
        },
        (error) => {
          // Said once per outage, not every two seconds. Pages keep showing the directory as last seen.
          if (!failing) {
            log(
              `Could not check for directory changes (${reasonOf(error)}); trying again every ${intervalMs / 1000} s.`,
            );
          }
          failing = true;
        },
      )
      .finally(() => {
        running = null;
      });
    return running;
  };

  const timer = setInterval(pollNow, intervalMs);
  // The schedule alone never keeps the process alive.
  timer.unref();

  return {
    /** Checks now (tests, and the first check at start-up); resolves when that check is done. */
    pollNow,
    /** Stops the schedule; resolves once a check in progress has finished. */
    stop() {
      stopped = true;
      clearInterval(timer);
      return running ?? Promise.resolve();
    },
  };
}

/**
 * One line saying why a check failed. Prisma's messages start with an empty line and "Invalid `prisma...`
 * invocation:"; the reason ("Can't reach database server at ...") comes after.
 * @param {unknown} error
 */
export function reasonOf(error) {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.find((line) => !/^Invalid `.*` invocation:?$/.test(line)) ?? lines[0] ?? "unknown error";
}
