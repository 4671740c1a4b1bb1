import { describe, expect, test } from "vitest";
import { publishBreakdown, publishCount, publishStatistics, smallCountThreshold } from "./small-counts";

const cells = (...values: number[]) => values.map((value, index) => ({ key: `k${index}`, value }));
const shown = (rows: { value: number | null }[]) => rows.map((row) => row.value);

describe("publishCount", () => {
  test.each<[number, number | null]>([
    [0, null],
    [1, null],
    [2, null],
    [4, null],
    [5, 5],
    [6, 6],
    [1_000_000, 1_000_000],
  ])("%i is shown as %s", (value, expected) => {
    expect(publishCount(value)).toBe(expected);
  });

  test("the threshold is five", () => {
    expect(smallCountThreshold).toBe(5);
  });
});

describe("publishBreakdown", () => {
  test.each<[string, number[], boolean, (number | null)[]]>([
    ["nothing small", [10, 7, 5], true, [10, 7, 5]],
    ["every cell small", [4, 3, 1], true, [null, null, null]],
    ["two small cells: their sum is all a total gives away", [10, 3, 1], true, [10, null, null]],
    [
      "one small cell with the total shown takes the smallest shown cell with it",
      [20, 9, 6, 2],
      true,
      [20, 9, null, null],
    ],
    ["the partner is the smallest shown cell wherever it is", [6, 30, 2, 8], true, [null, 30, null, 8]],
    ["equal smallest: one of them goes", [7, 7, 1], true, [null, 7, null]],
    ["one small cell without a total shown (the weeks)", [20, 9, 6, 2], false, [20, 9, 6, null]],
    ["a zero is hidden like any small count", [12, 0, 9], false, [12, null, 9]],
    ["a single cell is protected by the total's own rule", [3], true, [null]],
    ["a single large cell", [12], true, [12]],
    ["no cells", [], true, []],
  ])("%s", (_, values, totalShown, expected) => {
    expect(shown(publishBreakdown(cells(...values), { totalShown }))).toEqual(expected);
  });

  test("a lone hidden cell cannot be recovered from the total", () => {
    for (const values of [
      [20, 9, 6, 2],
      [5, 1],
      [100, 50, 4],
      [8, 8, 8, 3],
    ]) {
      const total = values.reduce((sum, value) => sum + value, 0);
      const published = shown(publishBreakdown(cells(...values), { totalShown: true }));
      const hidden = published.filter((value) => value === null).length;
      const known = published.reduce<number>((sum, value) => sum + (value ?? 0), 0);
      // Never exactly one unknown: the difference total - known is a sum of two or more cells.
      expect(hidden, `${values}`).not.toBe(1);
      expect(total - known).toBeGreaterThan(0);
    }
  });

  test("the other fields of a row are kept", () => {
    const start = new Date("2026-11-02T00:00:00Z");
    expect(publishBreakdown([{ start, value: 2 }], { totalShown: false })).toEqual([{ start, value: null }]);
  });
});

test("publishStatistics applies the rule to totals and breakdowns; the median goes with its count; the overdue count stays", () => {
  const published = publishStatistics({
    total: 3,
    overdue: 2,
    acknowledgedCount: 1,
    medianHoursToAcknowledge: 4.5,
    byCategory: cells(2, 1),
    byProvince: cells(3),
    byAgency: cells(3),
    byStatus: cells(2, 1),
    byWeek: [
      { start: new Date(0), value: 0 },
      { start: new Date(1), value: 3 },
    ],
  });
  expect(published.total).toBeNull();
  expect(published.overdue).toBe(2);
  expect(published.acknowledgedCount).toBeNull();
  // One acknowledged tip: its median would be that tip's own delay.
  expect(published.medianHoursToAcknowledge).toBeNull();
  for (const rows of [
    published.byCategory,
    published.byProvince,
    published.byAgency,
    published.byStatus,
    published.byWeek,
  ]) {
    expect(shown(rows).every((value) => value === null)).toBe(true);
  }
  const large = publishStatistics({
    total: 40,
    overdue: 0,
    acknowledgedCount: 30,
    medianHoursToAcknowledge: null,
    byCategory: cells(30, 8, 2),
    byProvince: cells(40),
    byAgency: cells(40),
    byStatus: cells(40),
    byWeek: [],
  });
  expect(large.total).toBe(40);
  expect(shown(large.byCategory)).toEqual([30, null, null]);
  expect(
    publishStatistics({ ...emptyStats, acknowledgedCount: 5, medianHoursToAcknowledge: 4.5 }).medianHoursToAcknowledge,
  ).toBe(4.5);
});

const emptyStats = {
  total: 0,
  overdue: 0,
  acknowledgedCount: 0,
  medianHoursToAcknowledge: null,
  byCategory: [],
  byProvince: [],
  byAgency: [],
  byStatus: [],
  byWeek: [],
};

test("a hidden week cannot be found by subtracting the shown weeks from the published total", () => {
  // Every tip within the twelve weeks (a new deployment): total 22 = 10 + 10 + 2.
  const weeks = [10, 10, 2].map((value, index) => ({ start: new Date(Date.UTC(2026, 10, 2 + 7 * index)), value }));
  const published = publishStatistics({ ...emptyStats, total: 22, byWeek: weeks });
  expect(published.total).toBe(22);
  const shownWeeks = published.byWeek.map((week) => week.value);
  expect(shownWeeks.filter((value) => value === null).length).toBeGreaterThanOrEqual(2);
  // What is left after subtracting the shown weeks is the sum of at least two hidden cells, never one cell.
  expect(22 - shownWeeks.reduce<number>((sum, value) => sum + (value ?? 0), 0)).toBeGreaterThanOrEqual(10);
});
