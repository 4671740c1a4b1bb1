import { describe, expect, test } from "vitest";
import { closeOutcomes } from "./tip-status";
import type { StaffPrincipal } from "./permissions";
import {
  defaultRetentionPolicy,
  deletionDueAt,
  hasReporterAccessEnded,
  isDeletionDue,
  isDeletionDueSoon,
  mayPostponeDeletion,
  postponedUntil,
  reporterAccessEndsAt,
  retentionPolicyFrom,
  toDayPrecision,
  type RetentionFacts,
} from "./retention";

const day = 24 * 60 * 60 * 1000;
const now = new Date("2027-03-01T10:00:00Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * day);
const closed = (outcome: string, closedDaysAgo: number, retainUntil: Date | null = null): RetentionFacts => ({
  status: "closed",
  closeOutcome: outcome,
  closedAt: daysAgo(closedDaysAgo),
  retainUntil,
});

test("every closing outcome has a default, and only the documented ones", () => {
  expect(Object.keys(defaultRetentionPolicy.deleteAfterDays).sort()).toEqual([...closeOutcomes].sort());
});

describe("deletion due date", () => {
  const cases: [string, RetentionFacts, Date | null][] = [
    ["duplicate: 90 days after closing", closed("duplicate", 10), new Date(daysAgo(10).getTime() + 90 * day)],
    ["not trafficking: 90 days", closed("not_trafficking", 0), new Date(now.getTime() + 90 * day)],
    ["insufficient information: 90 days", closed("insufficient_information", 0), new Date(now.getTime() + 90 * day)],
    ["action taken: 365 days", closed("action_taken", 0), new Date(now.getTime() + 365 * day)],
    ["referred elsewhere: 365 days", closed("referred_elsewhere", 0), new Date(now.getTime() + 365 * day)],
    ["a postponement later than the policy wins", closed("duplicate", 100, daysAgo(-5)), daysAgo(-5)],
    [
      "a postponement earlier than the policy changes nothing",
      closed("duplicate", 10, daysAgo(5)),
      new Date(daysAgo(10).getTime() + 90 * day),
    ],
    [
      "an open tip is never deleted",
      { status: "under_investigation", closeOutcome: null, closedAt: null, retainUntil: null },
      null,
    ],
    ["a new tip is never deleted", { status: "new", closeOutcome: null, closedAt: null, retainUntil: null }, null],
    [
      "closed without a closing time (old data) waits",
      { status: "closed", closeOutcome: "duplicate", closedAt: null, retainUntil: null },
      null,
    ],
    ["an unknown outcome is kept", closed("solved_by_magic", 1000), null],
    [
      "a reopened tip keeps nothing of its old closing",
      { status: "acknowledged", closeOutcome: "duplicate", closedAt: daysAgo(400), retainUntil: null },
      null,
    ],
  ];
  test.each(cases)("%s", (_, tip, expected) => {
    expect(deletionDueAt(tip)).toEqual(expected);
  });

  test("configuration overrides one outcome and keeps the other defaults; null keeps an outcome", () => {
    const policy = retentionPolicyFrom({ deleteAfterDays: { duplicate: 30, action_taken: null } }, 60);
    expect(deletionDueAt(closed("duplicate", 0), policy)).toEqual(new Date(now.getTime() + 30 * day));
    expect(deletionDueAt(closed("action_taken", 5000), policy)).toBeNull();
    expect(deletionDueAt(closed("not_trafficking", 0), policy)).toEqual(new Date(now.getTime() + 90 * day));
    expect(policy.reporterAccessIdleDays).toBe(60);
  });
});

describe("due now and due within 72 hours", () => {
  const cases: [string, RetentionFacts, boolean, boolean][] = [
    ["closed as duplicate 91 days ago", closed("duplicate", 91), true, true],
    ["closed as duplicate exactly 90 days ago", closed("duplicate", 90), true, true],
    ["closed as duplicate 89 days ago", closed("duplicate", 89), false, true],
    ["closed as duplicate 87 days ago (due in 3 days exactly)", closed("duplicate", 87), false, true],
    ["closed as duplicate 86 days ago (due in 4 days)", closed("duplicate", 86), false, false],
    ["action taken 91 days ago", closed("action_taken", 91), false, false],
    ["postponed duplicate", closed("duplicate", 200, daysAgo(-30)), false, false],
    ["open tip", { status: "referred", closeOutcome: null, closedAt: null, retainUntil: null }, false, false],
  ];
  test.each(cases)("%s", (_, tip, due, soon) => {
    expect(isDeletionDue(tip, now)).toBe(due);
    expect(isDeletionDueSoon(tip, now)).toBe(soon);
  });
});

describe("postponing", () => {
  test("counts from the due date when it is still ahead", () => {
    expect(postponedUntil(closed("duplicate", 80), 30, now)).toEqual(new Date(daysAgo(80).getTime() + 120 * day));
  });
  test("counts from now when the due date has passed and the run has not come yet", () => {
    expect(postponedUntil(closed("duplicate", 95), 90, now)).toEqual(new Date(now.getTime() + 90 * day));
  });
  test("stacks on an earlier postponement", () => {
    expect(postponedUntil(closed("duplicate", 95, daysAgo(-10)), 30, now)).toEqual(new Date(now.getTime() + 40 * day));
  });
  test("nothing to postpone on an open tip", () => {
    expect(
      postponedUntil({ status: "new", closeOutcome: null, closedAt: null, retainUntil: null }, 30, now),
    ).toBeNull();
  });

  const punjab = { agencyCode: "police-punjab", unitCode: null };
  const people: Record<string, StaffPrincipal> = {
    agent: { id: "1", role: "agent", agencyCode: "police-punjab", unitCode: null },
    supervisor: { id: "2", role: "supervisor", agencyCode: "police-punjab", unitCode: null },
    otherSupervisor: { id: "3", role: "supervisor", agencyCode: "fia", unitCode: null },
    coordinator: { id: "4", role: "coordinator", agencyCode: null, unitCode: null },
    admin: { id: "5", role: "admin", agencyCode: null, unitCode: null },
  };
  const who: [string, boolean][] = [
    ["agent", false],
    ["supervisor", true],
    ["otherSupervisor", false],
    ["coordinator", true],
    ["admin", false],
  ];
  test.each(who)("%s may postpone a scheduled deletion: %s", (name, allowed) => {
    expect(mayPostponeDeletion(people[name]!, { ...punjab, ...closed("duplicate", 10) })).toBe(allowed);
  });
  test("nobody postpones the deletion of an open tip (there is none)", () => {
    expect(
      mayPostponeDeletion(people.supervisor!, {
        ...punjab,
        status: "acknowledged",
        closeOutcome: null,
        closedAt: null,
        retainUntil: null,
      }),
    ).toBe(false);
  });
});

describe("reporter access", () => {
  const cases: [string, number, boolean][] = [
    ["last visit 89 days ago", 89, false],
    ["last visit exactly 90 days ago", 90, true],
    ["last visit 91 days ago", 91, true],
    ["visited today", 0, false],
  ];
  test.each(cases)("%s: ended %s", (_, days, ended) => {
    expect(hasReporterAccessEnded(daysAgo(days), now)).toBe(ended);
  });
  test("the end date is the last visit plus the configured idle days", () => {
    expect(reporterAccessEndsAt(now, retentionPolicyFrom(undefined, 30))).toEqual(new Date(now.getTime() + 30 * day));
  });
});

test("dates kept for statistics are cut to the day", () => {
  expect(toDayPrecision(new Date("2027-03-01T23:59:59.999Z"))).toEqual(new Date("2027-03-01T00:00:00Z"));
});
