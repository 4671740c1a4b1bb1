// The staff alert sender's loop: a turn every few seconds, never two at once, a failing turn logged once per kind
// of failure without stopping the loop, and stop() waiting for a turn in progress.
import { expect, test, vi } from "vitest";
import { controlledTurns, useFakeTimersInEachTest } from "../../setup/controlled-turns.mjs";
import { alertIntervalMs, startAlertSchedule } from "../../../server/alert-schedule.mjs";

useFakeTimersInEachTest();

test("a turn every interval, and none while the previous one is still going", async () => {
  const { started, run } = controlledTurns();
  const schedule = startAlertSchedule({ run, log: () => {} });
  await vi.advanceTimersByTimeAsync(alertIntervalMs - 1);
  expect(started).toHaveLength(0);
  await vi.advanceTimersByTimeAsync(1);
  expect(started).toHaveLength(1);
  // A slow mail server: the turn outlasts several intervals, and no second one starts meanwhile.
  await vi.advanceTimersByTimeAsync(alertIntervalMs * 3);
  expect(started).toHaveLength(1);
  started[0].finish();
  await vi.advanceTimersByTimeAsync(alertIntervalMs);
  expect(started).toHaveLength(2);
  started[1].finish();
  await schedule.stop();
});

test("failures are logged once per kind, and the loop goes on", async () => {
  const { started, run } = controlledTurns();
  const log = vi.fn();
  const schedule = startAlertSchedule({ run, log });
  for (let turn = 0; turn < 3; turn += 1) {
    await vi.advanceTimersByTimeAsync(alertIntervalMs);
    started[turn].fail(new Error("database is locked\nstack..."));
  }
  await vi.advanceTimersByTimeAsync(0);
  expect(log).toHaveBeenCalledTimes(1);
  expect(log.mock.calls[0][0]).toBe("Alert sender failed (database is locked); trying again.");
  await vi.advanceTimersByTimeAsync(alertIntervalMs);
  started[3].fail(new Error("connection refused"));
  await vi.advanceTimersByTimeAsync(0);
  expect(log).toHaveBeenCalledTimes(2);
  await schedule.stop();
});

test("stop() waits for the turn in progress and starts no more", async () => {
  const { started, run } = controlledTurns();
  const schedule = startAlertSchedule({ run, log: () => {} });
  await vi.advanceTimersByTimeAsync(alertIntervalMs);
  let stopped = false;
  const stopping = schedule.stop().then(() => (stopped = true));
  await vi.advanceTimersByTimeAsync(0);
  expect(stopped).toBe(false);
  started[0].finish();
  await stopping;
  await vi.advanceTimersByTimeAsync(alertIntervalMs * 5);
  expect(started).toHaveLength(1);
});
