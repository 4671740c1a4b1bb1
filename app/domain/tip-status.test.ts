import { describe, expect, test } from "vitest";
import {
  allowedCloseOutcomes,
  allowedTransitions,
  closeOutcomes,
  isCloseOutcome,
  isTipStatus,
  tipStatuses,
  transitionTip,
  type CloseOutcome,
  type TipStatus,
} from "./tip-status";

type Expected = "ok" | "same_status" | "illegal_transition";

// The whole workflow, one row per (from, to) pair. Moves to "closed" are tried with an outcome every status
// may use ("duplicate"); the outcome rules have their own tables below.
const matrix: [TipStatus, TipStatus, Expected][] = [
  ["new", "new", "same_status"],
  ["new", "acknowledged", "ok"],
  ["new", "under_investigation", "illegal_transition"],
  ["new", "referred", "illegal_transition"],
  ["new", "fir_registered", "illegal_transition"],
  ["new", "closed", "ok"],

  ["acknowledged", "new", "illegal_transition"],
  ["acknowledged", "acknowledged", "same_status"],
  ["acknowledged", "under_investigation", "ok"],
  ["acknowledged", "referred", "ok"],
  ["acknowledged", "fir_registered", "illegal_transition"],
  ["acknowledged", "closed", "ok"],

  ["under_investigation", "new", "illegal_transition"],
  ["under_investigation", "acknowledged", "illegal_transition"],
  ["under_investigation", "under_investigation", "same_status"],
  ["under_investigation", "referred", "ok"],
  ["under_investigation", "fir_registered", "ok"],
  ["under_investigation", "closed", "ok"],

  ["referred", "new", "illegal_transition"],
  ["referred", "acknowledged", "illegal_transition"],
  ["referred", "under_investigation", "ok"],
  ["referred", "referred", "same_status"],
  ["referred", "fir_registered", "illegal_transition"],
  ["referred", "closed", "ok"],

  ["fir_registered", "new", "illegal_transition"],
  ["fir_registered", "acknowledged", "illegal_transition"],
  ["fir_registered", "under_investigation", "ok"],
  ["fir_registered", "referred", "illegal_transition"],
  ["fir_registered", "fir_registered", "same_status"],
  ["fir_registered", "closed", "ok"],

  ["closed", "new", "illegal_transition"],
  ["closed", "acknowledged", "ok"],
  ["closed", "under_investigation", "illegal_transition"],
  ["closed", "referred", "illegal_transition"],
  ["closed", "fir_registered", "illegal_transition"],
  ["closed", "closed", "same_status"],
];

test("the matrix covers every pair of statuses exactly once", () => {
  const pairs = new Set(matrix.map(([from, to]) => `${from}>${to}`));
  expect(pairs.size).toBe(tipStatuses.length ** 2);
  expect(matrix).toHaveLength(tipStatuses.length ** 2);
});

describe("moving a tip from one status to another", () => {
  test.each(matrix)("%s → %s is %s", (from, to, expected) => {
    const outcome = to === "closed" ? "duplicate" : undefined;
    const result = transitionTip(from, { to, outcome });
    if (expected === "ok") {
      expect(result).toEqual({ ok: true, status: to, outcome: outcome ?? null });
    } else {
      expect(result).toEqual({ ok: false, problem: expected });
    }
  });

  test.each(tipStatuses)("allowedTransitions(%s) lists exactly the moves the matrix allows", (from) => {
    const allowed = matrix.filter(([f, , expected]) => f === from && expected === "ok").map(([, to]) => to);
    expect(allowedTransitions(from)).toEqual(allowed);
  });
});

test.each<[TipStatus, TipStatus[]]>([
  ["new", ["acknowledged", "closed"]],
  ["acknowledged", ["under_investigation", "referred", "closed"]],
  ["under_investigation", ["referred", "fir_registered", "closed"]],
  ["referred", ["under_investigation", "closed"]],
  ["fir_registered", ["under_investigation", "closed"]],
  ["closed", ["acknowledged"]],
])("from %s a tip may move to %j", (from, expected) => {
  expect(allowedTransitions(from)).toEqual(expected);
});

test("allowedTransitions returns a copy the caller may change", () => {
  allowedTransitions("new").push("fir_registered");
  expect(allowedTransitions("new")).toEqual(["acknowledged", "closed"]);
});

describe("closing needs an outcome", () => {
  const closable = tipStatuses.filter((status) => status !== "closed");

  test.each(closable)("closing from %s without an outcome is refused", (from) => {
    expect(transitionTip(from, { to: "closed" })).toEqual({ ok: false, problem: "outcome_required" });
    expect(transitionTip(from, { to: "closed", outcome: null })).toEqual({ ok: false, problem: "outcome_required" });
    expect(transitionTip(from, { to: "closed", outcome: "" })).toEqual({ ok: false, problem: "outcome_required" });
  });

  // Every outcome from every status that can be closed: a tip nobody has read can only be set aside.
  const outcomeTable: [TipStatus, CloseOutcome, boolean][] = [
    ["new", "action_taken", false],
    ["new", "referred_elsewhere", false],
    ["new", "insufficient_information", true],
    ["new", "duplicate", true],
    ["new", "not_trafficking", true],
    ...(["acknowledged", "under_investigation", "referred", "fir_registered"] as const).flatMap((from) =>
      closeOutcomes.map((outcome): [TipStatus, CloseOutcome, boolean] => [from, outcome, true]),
    ),
  ];

  test("the outcome table covers every closable status and every outcome", () => {
    expect(outcomeTable).toHaveLength(closable.length * closeOutcomes.length);
  });

  test.each(outcomeTable)("closing from %s as %s is allowed: %s", (from, outcome, allowed) => {
    expect(transitionTip(from, { to: "closed", outcome })).toEqual(
      allowed ? { ok: true, status: "closed", outcome } : { ok: false, problem: "outcome_not_allowed" },
    );
  });

  test.each(["spam", "DUPLICATE", "closed", " duplicate", "toString"])(
    "an outcome this code does not know (%j) is not allowed",
    (outcome) => {
      expect(transitionTip("acknowledged", { to: "closed", outcome })).toEqual({
        ok: false,
        problem: "outcome_not_allowed",
      });
    },
  );

  test.each<[TipStatus, CloseOutcome[]]>([
    ["new", ["insufficient_information", "duplicate", "not_trafficking"]],
    ["acknowledged", [...closeOutcomes]],
    ["under_investigation", [...closeOutcomes]],
    ["referred", [...closeOutcomes]],
    ["fir_registered", [...closeOutcomes]],
    ["closed", []],
  ])("the outcomes offered when closing from %s are %j", (from, outcomes) => {
    expect(allowedCloseOutcomes(from)).toEqual(outcomes);
  });
});

describe("moves other than closing carry no outcome", () => {
  const opening = matrix.filter(([, to, expected]) => expected === "ok" && to !== "closed");

  test.each(opening)("%s → %s with an outcome is refused", (from, to) => {
    expect(transitionTip(from, { to, outcome: "action_taken" })).toEqual({ ok: false, problem: "outcome_not_allowed" });
  });

  test.each(opening)("%s → %s with an empty outcome field is accepted", (from, to) => {
    expect(transitionTip(from, { to, outcome: "" })).toEqual({ ok: true, status: to, outcome: null });
  });

  test("reopening a closed tip clears the outcome", () => {
    expect(transitionTip("closed", { to: "acknowledged" })).toEqual({
      ok: true,
      status: "acknowledged",
      outcome: null,
    });
  });
});

describe("statuses this code does not know", () => {
  test.each([
    ["an unknown stored status", "archived", "acknowledged"],
    ["an unknown target", "new", "archived"],
    ["both unknown", "draft", "archived"],
    ["a different case", "NEW", "acknowledged"],
    ["an empty target", "new", ""],
    ["an object key", "toString", "closed"],
  ])("%s is refused as unknown_status", (_, from, to) => {
    expect(transitionTip(from, { to, outcome: "duplicate" })).toEqual({ ok: false, problem: "unknown_status" });
  });

  test("an unknown stored status allows no moves", () => {
    expect(allowedTransitions("archived")).toEqual([]);
    expect(allowedCloseOutcomes("archived")).toEqual([]);
  });

  test("the status check comes before the same-status check", () => {
    expect(transitionTip("archived", { to: "archived" })).toEqual({ ok: false, problem: "unknown_status" });
  });

  test("an illegal move is reported as such even with a wrong outcome", () => {
    expect(transitionTip("new", { to: "fir_registered", outcome: "duplicate" })).toEqual({
      ok: false,
      problem: "illegal_transition",
    });
  });
});

test.each<[unknown, boolean]>([
  ...tipStatuses.map((status): [unknown, boolean] => [status, true]),
  ["New", false],
  ["", false],
  ["constructor", false],
  [null, false],
  [undefined, false],
  [3, false],
  [["new"], false],
])("isTipStatus(%j) is %s", (value, expected) => {
  expect(isTipStatus(value)).toBe(expected);
});

test.each<[unknown, boolean]>([
  ...closeOutcomes.map((outcome): [unknown, boolean] => [outcome, true]),
  ["closed", false],
  ["Duplicate", false],
  [null, false],
  [0, false],
])("isCloseOutcome(%j) is %s", (value, expected) => {
  expect(isCloseOutcome(value)).toBe(expected);
});
