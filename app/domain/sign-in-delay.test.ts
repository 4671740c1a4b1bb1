import { describe, expect, test } from "vitest";
import { delayAfterFailures, delayEnd, minutesToWait, passwordDelay, secondFactorDelay } from "./sign-in-delay";

const minute = 60_000;

describe("delayAfterFailures", () => {
  test.each([
    [0, 0],
    [4, 0],
    [5, 1 * minute],
    [6, 2 * minute],
    [7, 4 * minute],
    [10, 32 * minute],
    [11, 60 * minute],
    [12, 60 * minute],
    [10_000, 60 * minute],
  ])("after %i wrong passwords the wait is %i ms", (failures, expected) => {
    expect(delayAfterFailures(failures, passwordDelay)).toBe(expected);
  });

  test.each([
    [4, 0],
    [5, 15 * minute],
    [6, 30 * minute],
    [12, 24 * 60 * minute],
  ])("after %i wrong two-step codes the wait is %i ms", (failures, expected) => {
    expect(delayAfterFailures(failures, secondFactorDelay)).toBe(expected);
  });

  test("a count that is not a number never means no wait by accident of NaN arithmetic", () => {
    expect(delayAfterFailures(Number.NaN, passwordDelay)).toBe(0);
    expect(delayAfterFailures(Number.POSITIVE_INFINITY, passwordDelay)).toBe(0);
  });
});

test("delayEnd is null while failures are free, and now plus the wait after", () => {
  const now = new Date("2026-12-02T10:00:00Z");
  expect(delayEnd(4, passwordDelay, now)).toBeNull();
  expect(delayEnd(6, passwordDelay, now)).toEqual(new Date("2026-12-02T10:02:00Z"));
});

test("minutesToWait rounds up and is never below one", () => {
  const now = new Date("2026-12-02T10:00:00Z");
  expect(minutesToWait(new Date("2026-12-02T10:00:01Z"), now)).toBe(1);
  expect(minutesToWait(new Date("2026-12-02T10:14:30Z"), now)).toBe(15);
  expect(minutesToWait(new Date("2026-12-02T09:00:00Z"), now)).toBe(1);
  expect(minutesToWait(null, now)).toBe(1);
});
