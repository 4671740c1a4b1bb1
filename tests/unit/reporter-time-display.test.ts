// A reporter's times are stored rounded (docs/decisions/016). With a step of a day or more the stored time is
// midnight UTC, 05:00 in Pakistan: pages must then show the date alone, not a time of day nobody chose.
import { describe, expect, test } from "vitest";
import { timeFormats } from "~/server/reporter-time.server";

const midnightUtc = new Date("2026-12-06T00:00:00Z");
const staffAction = new Date("2026-12-06T09:41:00Z");

describe.each(["en", "ur"] as const)("in %s", (language) => {
  test("with an hourly step, a reporter's time keeps its hour", () => {
    const when = timeFormats(language, 60);
    expect(when.reporter.format(midnightUtc)).toBe(when.exact.format(midnightUtc));
    expect(when.event("received", midnightUtc)).toBe(when.exact.format(midnightUtc));
  });

  test.each([24 * 60, 7 * 24 * 60])("with a step of %i minutes, a reporter's time is the date alone", (step) => {
    const when = timeFormats(language, step);
    const dateOnly = when.reporter.format(midnightUtc);
    expect(dateOnly).not.toBe(when.exact.format(midnightUtc));
    expect(when.event("received", midnightUtc)).toBe(dateOnly);
    expect(when.event("reporter_message", midnightUtc)).toBe(dateOnly);
    expect(when.message({ author: "reporter", at: midnightUtc })).toBe(dateOnly);
  });

  test("staff actions always show their exact time", () => {
    const when = timeFormats(language, 24 * 60);
    const exact = when.exact.format(staffAction);
    expect(when.event("status", staffAction)).toBe(exact);
    expect(when.message({ author: "agency", at: staffAction })).toBe(exact);
  });
});

test("in English, a day step shows no 5:00", () => {
  const when = timeFormats("en", 24 * 60);
  expect(when.exact.format(midnightUtc)).toMatch(/5:00/);
  expect(when.reporter.format(midnightUtc)).not.toMatch(/\d:\d\d/);
  expect(when.reporter.format(midnightUtc)).toMatch(/2026/);
});
