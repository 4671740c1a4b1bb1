import { describe, expect, test } from "vitest";
import { filtersFromSearch, pageParam, searchText, type QueueFilters } from "./queue-filters";

const defaults: QueueFilters = {
  status: undefined,
  category: undefined,
  province: undefined,
  priority: undefined,
  overdue: false,
  mine: false,
  deletionDue: false,
  sort: "newest",
  page: 1,
};
const parse = (query: string) => filtersFromSearch(new URLSearchParams(query));

describe("filtersFromSearch", () => {
  test.each<[string, Partial<QueueFilters>]>([
    ["", {}],
    ["status=new", { status: "new" }],
    ["status=under_investigation", { status: "under_investigation" }],
    ["status=deleted", {}],
    ["status=NEW", {}],
    ["category=bonded_labour", { category: "bonded_labour" }],
    ["category=other", { category: "other" }],
    ["category=robbery", {}],
    ["province=punjab", { province: "punjab" }],
    ["province=unknown", { province: "unknown" }],
    ["province=london", {}],
    ["priority=urgent", { priority: "urgent" }],
    ["priority=normal", { priority: "normal" }],
    ["priority=low", {}],
    ["overdue=1", { overdue: true }],
    ["overdue=true", {}],
    ["mine=1", { mine: true }],
    ["deletion=1", { deletionDue: true }],
    ["sort=oldest", { sort: "oldest" }],
    ["sort=priority", { sort: "priority" }],
    ["sort=random", {}],
    ["page=3", { page: 3 }],
    ["page=0", {}],
    ["page=-2", {}],
    ["page=abc", {}],
    ["page=100000", {}],
    ["page=99999", { page: 99999 }],
    ["q=AG-2026-000123", { search: "AG-2026-000123", searchKind: "reference" }],
    ["q=000123", { search: "000123", searchKind: "reference" }],
    ["q=ag-2026", { search: "AG-2026", searchKind: "reference" }],
    ["q=0300-1234567", { identifier: { kind: "phone", value: "+923001234567" }, searchKind: "phone" }],
    ["q=300 1234567", { identifier: { kind: "phone", value: "+923001234567" }, searchKind: "phone" }],
    ["q=hello there", { searchKind: "unrecognised" }],
    ["q=", {}],
    ["q=   ", {}],
  ])("%j", (query, expected) => {
    expect(parse(query)).toEqual({ ...defaults, ...expected });
  });

  test("the filters combine, and a repeated key counts once (the first)", () => {
    expect(parse("status=new&status=closed&category=other&mine=1&sort=oldest&page=2")).toEqual({
      ...defaults,
      status: "new",
      category: "other",
      mine: true,
      sort: "oldest",
      page: 2,
    });
  });
});

test.each([
  [null, 1],
  ["1", 1],
  ["7", 7],
  ["7.9", 7],
  ["0", 1],
  ["", 1],
  ["1e9", 1],
  ["99999", 99999],
  ["100000", 1],
])("pageParam(%j) is %d", (value, page) => {
  expect(pageParam(value)).toBe(page);
});

test("the search text is kept as typed, cut at 200 characters", () => {
  expect(searchText(new URLSearchParams({ q: " AG-1 " }))).toBe(" AG-1 ");
  expect(searchText(new URLSearchParams({ q: "x".repeat(300) }))).toHaveLength(200);
  expect(searchText(new URLSearchParams())).toBe("");
});
