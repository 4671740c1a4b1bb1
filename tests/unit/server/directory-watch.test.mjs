// @ts-check
import { expect, test, vi } from "vitest";
import { reasonOf, startDirectoryWatch } from "../../../server/directory-watch.mjs";

/** A check driven by the test: each call takes the next answer (true, false, or an Error to throw). */
function scripted(/** @type {(boolean | Error)[]} */ answers) {
  return vi.fn(async () => {
    const answer = answers.shift() ?? false;
    if (answer instanceof Error) throw answer;
    return answer;
  });
}

test("a change reported by the check empties the page cache, once per change", async () => {
  const onChange = vi.fn();
  const watch = startDirectoryWatch({ check: scripted([true, false, false, true]), onChange, intervalMs: 60_000 });
  for (let i = 0; i < 4; i += 1) await watch.pollNow();
  expect(onChange).toHaveBeenCalledTimes(2);
  await watch.stop();
});

test("an unreachable database is logged once per outage and never stops the schedule", async () => {
  const log = vi.fn();
  const onChange = vi.fn();
  const outage = new Error("connect ECONNREFUSED 10.0.0.5:5432");
  const watch = startDirectoryWatch({
    check: scripted([outage, outage, outage, true]),
    onChange,
    log,
    intervalMs: 60_000,
  });
  for (let i = 0; i < 3; i += 1) await expect(watch.pollNow()).resolves.toBeUndefined();
  expect(log).toHaveBeenCalledTimes(1);
  expect(log.mock.calls[0]?.[0]).toMatch(
    /^Could not check for directory changes \(connect ECONNREFUSED 10\.0\.0\.5:5432\)/,
  );
  expect(onChange).not.toHaveBeenCalled();
  // Back: the change made during the outage is seen at the first check that works.
  await watch.pollNow();
  expect(onChange).toHaveBeenCalledTimes(1);
  expect(log).toHaveBeenLastCalledWith("Directory change checks work again.");
  await watch.stop();
});

test("checks run every interval, one at a time, and stop with the server", async () => {
  vi.useFakeTimers();
  try {
    /** @type {(() => void)[]} */
    const pending = [];
    const check = vi.fn(() => new Promise((resolve) => pending.push(() => resolve(true))));
    const onChange = vi.fn();
    const watch = startDirectoryWatch({ check, onChange, intervalMs: 2_000 });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(check).toHaveBeenCalledTimes(1);
    // A slow database: the next turns are skipped while the first check is still waiting.
    await vi.advanceTimersByTimeAsync(6_000);
    expect(check).toHaveBeenCalledTimes(1);
    pending.shift()?.();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(check).toHaveBeenCalledTimes(2);
    // Stopping waits for the check in progress, and its answer no longer touches the cache.
    const stopped = watch.stop();
    pending.shift()?.();
    await stopped;
    expect(onChange).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(check).toHaveBeenCalledTimes(2);
  } finally {
    vi.useRealTimers();
  }
});

test("the logged reason is the line that says what went wrong, also for Prisma's messages", () => {
  const prisma = new Error(
    "\nInvalid `prisma.directoryVersion.findUnique()` invocation:\n\n\nCan't reach database server at db.internal:5432",
  );
  expect(reasonOf(prisma)).toBe("Can't reach database server at db.internal:5432");
  expect(reasonOf(new Error("connect ECONNREFUSED 10.0.0.5:5432"))).toBe("connect ECONNREFUSED 10.0.0.5:5432");
  expect(reasonOf("timeout")).toBe("timeout");
  expect(reasonOf(new Error(""))).toBe("unknown error");
});
