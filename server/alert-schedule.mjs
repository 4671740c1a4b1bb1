// @ts-check
// The staff alert sender's loop (docs/decisions/028-staff-alerts.md), started by the server when SMTP_URL is set.
// Each turn is short (a read when there is nothing to send); the database lease in the turn itself makes sure
// only one instance sends at a time. A turn never overlaps the previous one, and nothing here touches intake.

export const alertIntervalMs = 5_000;

/**
 * @param {{ run: () => Promise<unknown>, intervalMs?: number, log?: (line: string) => void }} options
 */
export function startAlertSchedule(options) {
  const { run, intervalMs = alertIntervalMs, log = (line) => console.error(line) } = options;
  /** @type {Promise<void> | null} */
  let running = null;
  let stopped = false;
  let lastFailure = "";

  const turn = () => {
    if (stopped || running) return;
    running = Promise.resolve()
      .then(run)
      .then(
        () => {
          lastFailure = "";
        },
        (error) => {
          // Once per kind of failure, not every five seconds while the database is away.
          const line = `Alert sender failed (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); trying again.`;
          if (line !== lastFailure) log(line);
          lastFailure = line;
        },
      )
      .finally(() => {
        running = null;
      });
  };

  const timer = setInterval(turn, intervalMs);
  // The loop alone never keeps the process alive.
  timer.unref();

  return {
    /** Runs a turn now (tests, and the first turn at start-up). */
    turnNow() {
      turn();
      return running ?? Promise.resolve();
    },
    /** Stops the loop; resolves once a turn in progress has finished. */
    stop() {
      stopped = true;
      clearInterval(timer);
      return running ?? Promise.resolve();
    },
  };
}
