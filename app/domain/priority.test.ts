import { describe, expect, test } from "vitest";
import {
  defaultSla,
  parseSlaConfig,
  priorityOf,
  slaDeadlines,
  slaState,
  type Priority,
  type PriorityFacts,
  type SlaConfig,
  type SlaFacts,
} from "./priority";
import { tipStatuses, type TipStatus } from "./tip-status";

const hour = 60 * 60 * 1000;
const day = 24 * hour;
const ms = 1;

describe("priorityOf", () => {
  const base: PriorityFacts = {
    immediateDanger: false,
    victimAgeGroup: "unknown",
    victimCount: undefined,
    category: "other",
  };

  test.each<[string, Partial<PriorityFacts>, Priority]>([
    ["nothing special", {}, "normal"],
    ["an adult victim", { victimAgeGroup: "adult" }, "normal"],
    ["one victim", { victimCount: 1 }, "normal"],
    ["two victims", { victimCount: 2 }, "normal"],
    ["an unknown number of victims (null)", { victimCount: null }, "normal"],
    [
      "a fake job offer to one adult",
      { category: "fake_job_offer", victimAgeGroup: "adult", victimCount: 1 },
      "normal",
    ],
    ["bonded labour of two adults", { category: "bonded_labour", victimCount: 2 }, "normal"],
    ["three victims", { victimCount: 3 }, "high"],
    ["a brick kiln with forty workers", { category: "bonded_labour", victimCount: 40 }, "high"],
    ["a child victim", { victimAgeGroup: "child" }, "high"],
    ["child exploitation with the age unknown", { category: "child_exploitation" }, "high"],
    [
      "child exploitation reported as an adult victim",
      { category: "child_exploitation", victimAgeGroup: "adult" },
      "high",
    ],
    ["a child bride", { category: "bride_trafficking", victimAgeGroup: "child", victimCount: 1 }, "high"],
    ["immediate danger", { immediateDanger: true }, "urgent"],
    ["immediate danger to one adult", { immediateDanger: true, victimAgeGroup: "adult", victimCount: 1 }, "urgent"],
    ["immediate danger to a child", { immediateDanger: true, victimAgeGroup: "child" }, "urgent"],
    ["immediate danger to many", { immediateDanger: true, victimCount: 12, category: "migrant_smuggling" }, "urgent"],
  ])("%s is %s", (_, facts, expected) => {
    expect(priorityOf({ ...base, ...facts })).toBe(expected);
  });

  test("a tip as the schema gives it, without victimCount, can be passed as it is", () => {
    expect(priorityOf({ immediateDanger: false, victimAgeGroup: "child", category: "other" })).toBe("high");
  });
});

describe("slaDeadlines", () => {
  const createdAt = new Date("2026-03-01T10:00:00.000Z");

  test.each<[Priority, string, string]>([
    ["urgent", "2026-03-01T14:00:00.000Z", "2026-03-03T10:00:00.000Z"],
    ["high", "2026-03-02T10:00:00.000Z", "2026-03-08T10:00:00.000Z"],
    ["normal", "2026-03-04T10:00:00.000Z", "2026-03-15T10:00:00.000Z"],
  ])("a %s tip must be acknowledged by %s and acted on by %s", (priority, acknowledgeBy, actBy) => {
    expect(slaDeadlines(createdAt, priority, defaultSla)).toEqual({
      acknowledgeBy: new Date(acknowledgeBy),
      actBy: new Date(actBy),
    });
  });

  test("the default configuration is used when none is given", () => {
    expect(slaDeadlines(createdAt, "high")).toEqual(slaDeadlines(createdAt, "high", defaultSla));
  });

  test("days are 24-hour periods, so a deadline does not move with Pakistan's (absent) daylight saving", () => {
    const { actBy } = slaDeadlines(new Date("2026-12-31T23:30:00.000Z"), "urgent");
    expect(actBy).toEqual(new Date("2027-01-02T23:30:00.000Z"));
  });

  test("a configured SLA is followed, including fractions of an hour", () => {
    const config: SlaConfig = { ...defaultSla, acknowledgeWithinHours: { urgent: 0.5, high: 12, normal: 48 } };
    expect(slaDeadlines(createdAt, "urgent", config).acknowledgeBy).toEqual(new Date("2026-03-01T10:30:00.000Z"));
  });

  test("the dates passed in are not changed", () => {
    const original = new Date(createdAt);
    slaDeadlines(createdAt, "urgent");
    expect(createdAt).toEqual(original);
  });
});

describe("slaState", () => {
  const createdAt = new Date("2026-03-01T00:00:00.000Z");
  const at = (offsetMs: number) => new Date(createdAt.getTime() + offsetMs);
  const tip = (status: TipStatus, priority: Priority): SlaFacts => ({
    status,
    priority,
    createdAt,
    acknowledgedAt: status === "new" ? null : at(hour),
  });

  // Boundaries for every priority and both stages: the deadline itself is on time, one millisecond later is
  // overdue; exactly factor × allowed time late is still the supervisor's, one millisecond more the coordinator's.
  const boundaryRows = (
    status: TipStatus,
    priority: Priority,
    allowedMs: number,
  ): [TipStatus, Priority, string, number, boolean, string][] => [
    [status, priority, "at creation", 0, false, "none"],
    [status, priority, "one ms before the deadline", allowedMs - ms, false, "none"],
    [status, priority, "exactly at the deadline", allowedMs, false, "none"],
    [status, priority, "one ms after the deadline", allowedMs + ms, true, "supervisor"],
    [status, priority, "exactly twice the allowed time late", allowedMs + 2 * allowedMs, true, "supervisor"],
    [
      status,
      priority,
      "one ms more than twice the allowed time late",
      allowedMs + 2 * allowedMs + ms,
      true,
      "coordinator",
    ],
    [status, priority, "a year later", 365 * day, true, "coordinator"],
  ];

  test.each([
    ...boundaryRows("new", "urgent", 4 * hour),
    ...boundaryRows("new", "high", 24 * hour),
    ...boundaryRows("new", "normal", 72 * hour),
    ...boundaryRows("acknowledged", "urgent", 2 * day),
    ...boundaryRows("acknowledged", "high", 7 * day),
    ...boundaryRows("acknowledged", "normal", 14 * day),
    ...boundaryRows("under_investigation", "urgent", 2 * day),
    ...boundaryRows("under_investigation", "normal", 14 * day),
    ...boundaryRows("referred", "high", 7 * day),
  ])("%s, %s, %s: overdue %s", (status, priority, _, offsetMs, overdue, escalateTo) => {
    const state = slaState(tip(status, priority), at(offsetMs), defaultSla);
    expect(state.overdue).toBe(overdue);
    expect(state.escalateTo).toBe(escalateTo);
  });

  test.each<[TipStatus, "acknowledge" | "act" | "done"]>([
    ["new", "acknowledge"],
    ["acknowledged", "act"],
    ["under_investigation", "act"],
    ["referred", "act"],
    ["fir_registered", "done"],
    ["closed", "done"],
  ])("a %s tip is in the %s stage", (status, stage) => {
    expect(slaState(tip(status, "normal"), createdAt).stage).toBe(stage);
  });

  test("every status has a stage", () => {
    for (const status of tipStatuses) expect(slaState(tip(status, "high"), createdAt).stage).toBeDefined();
  });

  test.each<[TipStatus, Priority, string]>([
    ["new", "urgent", "2026-03-01T04:00:00.000Z"],
    ["new", "high", "2026-03-02T00:00:00.000Z"],
    ["new", "normal", "2026-03-04T00:00:00.000Z"],
    ["acknowledged", "urgent", "2026-03-03T00:00:00.000Z"],
    ["under_investigation", "high", "2026-03-08T00:00:00.000Z"],
    ["referred", "normal", "2026-03-15T00:00:00.000Z"],
  ])("a %s %s tip is due at %s", (status, priority, dueAt) => {
    expect(slaState(tip(status, priority), createdAt).dueAt).toEqual(new Date(dueAt));
  });

  test.each(["fir_registered", "closed"] as const)("a %s tip is never overdue and nothing is due", (status) => {
    for (const priority of ["urgent", "high", "normal"] as const) {
      expect(slaState(tip(status, priority), at(10 * 365 * day))).toEqual({
        overdue: false,
        stage: "done",
        dueAt: null,
        escalateTo: "none",
      });
    }
  });

  test("the whole answer for an urgent tip nobody has read for six hours", () => {
    expect(slaState(tip("new", "urgent"), at(6 * hour))).toEqual({
      overdue: true,
      stage: "acknowledge",
      dueAt: at(4 * hour),
      escalateTo: "supervisor",
    });
  });

  test("acknowledging does not restart the clock: the act deadline counts from when the tip arrived", () => {
    const late = { ...tip("acknowledged", "urgent"), acknowledgedAt: at(47 * hour) };
    expect(slaState(late, at(2 * day + ms)).overdue).toBe(true);
  });

  test("a time before the tip arrived is not overdue", () => {
    expect(slaState(tip("new", "urgent"), at(-day))).toMatchObject({ overdue: false, escalateTo: "none" });
  });

  test.each<[number, number, string]>([
    [1, 4 * hour + ms, "supervisor"],
    [1, 8 * hour, "supervisor"],
    [1, 8 * hour + ms, "coordinator"],
    [3, 16 * hour, "supervisor"],
    [3, 16 * hour + ms, "coordinator"],
    [0.5, 6 * hour, "supervisor"],
    [0.5, 6 * hour + ms, "coordinator"],
  ])(
    "with an escalation factor of %s, %s ms after creation an urgent unread tip goes to the %s",
    (factor, offsetMs, escalateTo) => {
      const config: SlaConfig = { ...defaultSla, coordinatorEscalationFactor: factor };
      expect(slaState(tip("new", "urgent"), at(offsetMs), config).escalateTo).toBe(escalateTo);
    },
  );

  test("a configured SLA moves the deadline", () => {
    const config = parseSlaConfig({ acknowledgeWithinHours: { urgent: 1 } });
    expect(slaState(tip("new", "urgent"), at(hour), config).overdue).toBe(false);
    expect(slaState(tip("new", "urgent"), at(hour + ms), config).overdue).toBe(true);
  });
});

describe("parseSlaConfig", () => {
  test.each<[string, unknown]>([
    ["undefined (the variable is not set)", undefined],
    ["null", null],
    ["an empty string", ""],
    ["blank space", "  \n"],
    ["an empty object", {}],
    ["an empty JSON object", "{}"],
  ])("%s gives the defaults", (_, input) => {
    expect(parseSlaConfig(input)).toEqual(defaultSla);
  });

  test("a full configuration in JSON, as it would come from an environment variable", () => {
    const json = JSON.stringify({
      acknowledgeWithinHours: { urgent: 2, high: 12, normal: 48 },
      actWithinDays: { urgent: 1, high: 5, normal: 10 },
      coordinatorEscalationFactor: 1.5,
    });
    expect(parseSlaConfig(json)).toEqual({
      acknowledgeWithinHours: { urgent: 2, high: 12, normal: 48 },
      actWithinDays: { urgent: 1, high: 5, normal: 10 },
      coordinatorEscalationFactor: 1.5,
    });
  });

  test.each<[string, unknown, Partial<SlaConfig>]>([
    [
      "one acknowledge time",
      { acknowledgeWithinHours: { urgent: 2 } },
      { acknowledgeWithinHours: { urgent: 2, high: 24, normal: 72 } },
    ],
    ["one act time", '{"actWithinDays":{"normal":21}}', { actWithinDays: { urgent: 2, high: 7, normal: 21 } }],
    ["only the factor", '{"coordinatorEscalationFactor":3}', { coordinatorEscalationFactor: 3 }],
  ])("a partial configuration (%s) keeps the other defaults", (_, input, changed) => {
    expect(parseSlaConfig(input)).toEqual({ ...defaultSla, ...changed });
  });

  test("the defaults themselves are not changed by parsing, and cannot be changed by a caller", () => {
    parseSlaConfig({ acknowledgeWithinHours: { urgent: 1 } });
    expect(defaultSla.acknowledgeWithinHours.urgent).toBe(4);
    expect(Object.isFrozen(parseSlaConfig(undefined).acknowledgeWithinHours)).toBe(true);
  });

  test.each<[string, unknown, RegExp]>([
    ["text that is not JSON", "{acknowledge: 4}", /not valid JSON/],
    ["an array", "[1,2,3]", /expected an object/],
    ["a number", 42, /expected an object/],
    ["a JSON string", '"fast"', /expected an object/],
    ["an unknown key (a typo)", { acknowledgeWithinHour: { urgent: 2 } }, /Unrecognized key/],
    ["an unknown priority", { actWithinDays: { critical: 1 } }, /Unrecognized key/],
    ["a zero", { acknowledgeWithinHours: { urgent: 0 } }, /acknowledgeWithinHours\.urgent/],
    ["a negative number", { actWithinDays: { high: -7 } }, /actWithinDays\.high/],
    ["a number as text", { actWithinDays: { high: "7" } }, /actWithinDays\.high/],
    ["infinity-sized days", { actWithinDays: { normal: 1e9 } }, /actWithinDays\.normal/],
    ["a record that is not an object", { actWithinDays: 7 }, /actWithinDays/],
    ["a null record", { acknowledgeWithinHours: null }, /acknowledgeWithinHours/],
    ["a zero factor", { coordinatorEscalationFactor: 0 }, /coordinatorEscalationFactor/],
    [
      "urgent slower than normal",
      { acknowledgeWithinHours: { urgent: 100 } },
      /acknowledgeWithinHours: must not grow shorter/,
    ],
    ["high slower than normal", { actWithinDays: { high: 20 } }, /actWithinDays: must not grow shorter/],
    [
      "acknowledging allowed longer than acting",
      { acknowledgeWithinHours: { urgent: 49, high: 49, normal: 72 } },
      /acknowledgeWithinHours\.urgent: must not be longer/,
    ],
  ])("%s is refused with a message naming the problem", (_, input, message) => {
    expect(() => parseSlaConfig(input)).toThrow(/^Invalid SLA configuration/);
    expect(() => parseSlaConfig(input)).toThrow(message);
  });
});
