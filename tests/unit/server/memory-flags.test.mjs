import { expect, test } from "vitest";
import { memoryFlags, memoryFlagsToSet } from "../../../server/memory-flags.mjs";

test.each([
  [[], memoryFlags],
  [["--liftoff-only"], ["--heap-growing-percent=20"]],
  [["--no-liftoff-only"], ["--heap-growing-percent=20"]],
  [["--no-liftoff_only"], ["--heap-growing-percent=20"]],
  [["--heap-growing-percent=50"], ["--liftoff-only"]],
  [["--heap_growing_percent=50", "--liftoff_only"], []],
  [["--max-old-space-size=200", "--enable-source-maps"], memoryFlags],
  // A longer flag that starts with the same words is another flag.
  [["--liftoff-only-for-testing"], memoryFlags],
])("node %j: the server sets %j", (execArgv, expected) => {
  expect(memoryFlagsToSet(execArgv)).toEqual(expected);
});
