// The server's hourly retention schedule: first run after a minute, then every hour, never two at once,
// and stop() ends a run in progress.
import { EventEmitter } from "node:events";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { retentionFirstDelayMs, retentionIntervalMs, startRetentionSchedule } from "./retention-schedule.mjs";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function fakeRuns() {
  /** @type {(EventEmitter & { exitCode: number | null, killed: string | null, kill: (signal?: string) => boolean, finish: (code: number) => void })[]} */
  const started = [];
  const spawnRun = () => {
    const child = Object.assign(new EventEmitter(), {
      exitCode: /** @type {number | null} */ (null),
      killed: /** @type {string | null} */ (null),
      kill(/** @type {string | undefined} */ signal) {
        this.killed = signal ?? "SIGTERM";
        queueMicrotask(() => this.finish(143));
        return true;
      },
      finish(/** @type {number} */ code) {
        this.exitCode = code;
        this.emit("exit", code);
      },
    });
    started.push(child);
    return child;
  };
  return { started, spawnRun };
}

test("the first run starts a minute after the server, then one every hour", () => {
  const { started, spawnRun } = fakeRuns();
  const schedule = startRetentionSchedule({ projectRoot: "/nowhere", spawnRun, log: () => {} });
  vi.advanceTimersByTime(retentionFirstDelayMs - 1);
  expect(started).toHaveLength(0);
  vi.advanceTimersByTime(1);
  expect(started).toHaveLength(1);
  started[0]?.finish(0);
  vi.advanceTimersByTime(retentionIntervalMs);
  expect(started).toHaveLength(2);
  started[1]?.finish(0);
  vi.advanceTimersByTime(retentionIntervalMs);
  expect(started).toHaveLength(3);
  started[2]?.finish(0);
  void schedule.stop();
});

test("a run still in progress is never joined by a second one from this server", () => {
  const { started, spawnRun } = fakeRuns();
  const schedule = startRetentionSchedule({ projectRoot: "/nowhere", spawnRun, log: () => {} });
  vi.advanceTimersByTime(retentionFirstDelayMs + 3 * retentionIntervalMs);
  expect(started).toHaveLength(1);
  expect(schedule.running).toBe(true);
  started[0]?.finish(0);
  expect(schedule.running).toBe(false);
  vi.advanceTimersByTime(retentionIntervalMs);
  expect(started).toHaveLength(2);
  started[1]?.finish(0);
  void schedule.stop();
});

test("stop() ends the run in progress and no further run starts", async () => {
  const { started, spawnRun } = fakeRuns();
  const lines = /** @type {string[]} */ ([]);
  const schedule = startRetentionSchedule({ projectRoot: "/nowhere", spawnRun, log: (line) => lines.push(line) });
  vi.advanceTimersByTime(retentionFirstDelayMs);
  await schedule.stop();
  expect(started[0]?.killed).toBe("SIGTERM");
  expect(schedule.running).toBe(false);
  vi.advanceTimersByTime(5 * retentionIntervalMs);
  expect(started).toHaveLength(1);
  // Ended on purpose: not reported as a failure.
  expect(lines).toEqual([]);
});

test("a failed run is reported in the server's log, and the schedule carries on", () => {
  const { started, spawnRun } = fakeRuns();
  const lines = /** @type {string[]} */ ([]);
  const schedule = startRetentionSchedule({ projectRoot: "/nowhere", spawnRun, log: (line) => lines.push(line) });
  vi.advanceTimersByTime(retentionFirstDelayMs);
  started[0]?.finish(1);
  expect(lines).toEqual(["Retention run failed (exit 1); the next one is in an hour."]);
  vi.advanceTimersByTime(retentionIntervalMs);
  expect(started).toHaveLength(2);
  started[1]?.finish(0);
  void schedule.stop();
});
