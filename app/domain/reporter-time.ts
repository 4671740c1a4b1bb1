// Times that a reporter's action creates (a tip, a reply, a follow-up visit) are stored only to a coarse step:
// an exact time helps match a tip to a connection log at an ISP or a phone shop (issue 10, item 7). The step
// comes from configuration (REPORTER_TIME_STEP_MINUTES, default 60); `at` always comes from the caller.

export const defaultReporterTimeStepMinutes = 60;

/**
 * The start of the step that holds `at` (rounded down, so a stored time is never in the future and an SLA
 * deadline computed from it is at worst one step early, never late). Steps are counted from the Unix epoch,
 * so with a one-hour step every time falls on the hour in UTC (and in Pakistan, UTC+5).
 */
export function coarsenReporterTime(at: Date, stepMinutes: number = defaultReporterTimeStepMinutes): Date {
  if (!Number.isInteger(stepMinutes) || stepMinutes < 1)
    throw new RangeError("stepMinutes must be a whole number of minutes, at least 1");
  const stepMs = stepMinutes * 60_000;
  return new Date(Math.floor(at.getTime() / stepMs) * stepMs);
}

/**
 * The end of the step that holds `at` (rounded up; a time on a step's start stays as it is): for an expiry that
 * may be stored late but never early, such as how long an ended reporter link must stay refused (ADR 019).
 */
export function coarsenReporterTimeUp(at: Date, stepMinutes: number = defaultReporterTimeStepMinutes): Date {
  const down = coarsenReporterTime(at, stepMinutes);
  return down.getTime() === at.getTime() ? down : new Date(down.getTime() + stepMinutes * 60_000);
}

/**
 * "2026-12-02T15:00Z": ISO 8601 to the minute, in UTC. Exports never carry seconds: a reporter's time is stored
 * coarse, and anything finer in a file that travels only invites matching.
 */
export function isoMinute(at: Date): string {
  return `${at.toISOString().slice(0, 16)}Z`;
}
