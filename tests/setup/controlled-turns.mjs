// @ts-check
// For the tests of the server's schedules (alerts, retention): fake time, and turns that end when the test says.
import { afterEach, beforeEach, vi } from "vitest";

/** Fake timers in every test of the file: a schedule's hours pass at once. */
export function useFakeTimersInEachTest() {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/** A schedule's turns (its `run`), each of which finishes or fails when the test says so. */
export function controlledTurns() {
  /** @type {{ finish: () => void, fail: (error: Error) => void }[]} */
  const started = [];
  const run = () =>
    new Promise((resolve, reject) => {
      started.push({ finish: () => resolve(undefined), fail: reject });
    });
  return { started, run };
}
