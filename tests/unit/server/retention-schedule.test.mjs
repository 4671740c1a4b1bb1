// The server's hourly retention schedule: first run after a minute, then every hour, never two at once,
// stop() waits for a run in progress; and the mark that keeps `npm run retention:run` from writing to the
// same SQLite file from a second process.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { expect, test, vi } from "vitest";
import { controlledTurns, useFakeTimersInEachTest } from "../../setup/controlled-turns.mjs";
import {
  markDatabaseServed,
  retentionFirstDelayMs,
  retentionIntervalMs,
  servingProcess,
  serverMarkerFile,
  startRetentionSchedule,
} from "../../../server/retention-schedule.mjs";

useFakeTimersInEachTest();

const settle = () => vi.advanceTimersByTimeAsync(0);

test("the first run starts a minute after the server, then one every hour", async () => {
  const { started, run } = controlledTurns();
  const schedule = startRetentionSchedule({ run, log: () => {} });
  await vi.advanceTimersByTimeAsync(retentionFirstDelayMs - 1);
  expect(started).toHaveLength(0);
  await vi.advanceTimersByTimeAsync(1);
  expect(started).toHaveLength(1);
  started[0]?.finish();
  await vi.advanceTimersByTimeAsync(retentionIntervalMs);
  expect(started).toHaveLength(2);
  started[1]?.finish();
  await vi.advanceTimersByTimeAsync(retentionIntervalMs);
  expect(started).toHaveLength(3);
  started[2]?.finish();
  await schedule.stop();
});

test("a run still in progress is never joined by a second one from this server", async () => {
  const { started, run } = controlledTurns();
  const schedule = startRetentionSchedule({ run, log: () => {} });
  await vi.advanceTimersByTimeAsync(retentionFirstDelayMs + 3 * retentionIntervalMs);
  expect(started).toHaveLength(1);
  expect(schedule.running).toBe(true);
  started[0]?.finish();
  await settle();
  expect(schedule.running).toBe(false);
  await vi.advanceTimersByTimeAsync(retentionIntervalMs);
  expect(started).toHaveLength(2);
  started[1]?.finish();
  await schedule.stop();
});

test("stop() waits for the run in progress, and no further run starts", async () => {
  const { started, run } = controlledTurns();
  const lines = /** @type {string[]} */ ([]);
  const schedule = startRetentionSchedule({ run, log: (line) => lines.push(line) });
  await vi.advanceTimersByTimeAsync(retentionFirstDelayMs);
  let stopped = false;
  const stopping = schedule.stop().then(() => {
    stopped = true;
  });
  await settle();
  expect(stopped).toBe(false);
  started[0]?.finish();
  await stopping;
  expect(schedule.running).toBe(false);
  await vi.advanceTimersByTimeAsync(5 * retentionIntervalMs);
  expect(started).toHaveLength(1);
  expect(lines).toEqual([]);
});

test("a failed run is reported in the server's log, and the schedule carries on", async () => {
  const { started, run } = controlledTurns();
  const lines = /** @type {string[]} */ ([]);
  const schedule = startRetentionSchedule({ run, log: (line) => lines.push(line) });
  await vi.advanceTimersByTimeAsync(retentionFirstDelayMs);
  started[0]?.fail(new Error("database is locked\nstack"));
  await settle();
  expect(lines).toEqual(["Retention run failed (database is locked); the next one is in an hour."]);
  await vi.advanceTimersByTimeAsync(retentionIntervalMs);
  expect(started).toHaveLength(2);
  started[1]?.finish();
  await schedule.stop();
});

test("a served SQLite database is marked with the server's pid; the mark names a live process only", async () => {
  vi.useRealTimers();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-mark-"));
  const url = `file:${path.join(dir, "aagahi.db")}`;
  expect(serverMarkerFile("postgresql://x@localhost/aagahi")).toBeNull();
  expect(servingProcess(url)).toBeNull();

  // Another live process marked it: the command must leave the work to that server.
  const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
  try {
    fs.writeFileSync(/** @type {string} */ (serverMarkerFile(url)), String(other.pid));
    expect(servingProcess(url)).toBe(other.pid);
  } finally {
    other.kill();
    await new Promise((resolve) => other.once("exit", resolve));
  }
  // That process is gone: a stale mark counts as no server.
  expect(servingProcess(url)).toBeNull();

  // This process's own mark is not "another server", and unmarking removes it.
  const unmark = markDatabaseServed(url);
  expect(fs.readFileSync(/** @type {string} */ (serverMarkerFile(url)), "utf8")).toBe(String(process.pid));
  expect(servingProcess(url)).toBeNull();
  unmark();
  expect(fs.existsSync(/** @type {string} */ (serverMarkerFile(url)))).toBe(false);
  fs.rmSync(dir, { recursive: true, force: true });
});
