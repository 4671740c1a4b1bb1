import { describe, expect, test } from "vitest";
import {
  alertAddressSchema,
  alertPreferencesSchema,
  composeAlert,
  dueEscalations,
  maxRetryDelayMs,
  preferenceFor,
  retryDelayMs,
} from "./alerts";
import { defaultSla } from "./priority";

describe("retryDelayMs: exponential backoff with a ceiling", () => {
  test.each([
    [1, 30_000],
    [2, 60_000],
    [3, 120_000],
    [7, 1_920_000],
    [8, maxRetryDelayMs],
    [30, maxRetryDelayMs],
    [0, 30_000],
  ])("after %i failed attempts the next waits %i ms", (attempts, delay) => {
    expect(retryDelayMs(attempts)).toBe(delay);
  });
});

describe("dueEscalations follows the SLA (app/domain/priority.ts)", () => {
  const createdAt = new Date("2026-12-01T00:00:00Z");
  const at = (hours: number) => new Date(createdAt.getTime() + hours * 3_600_000);
  test.each([
    ["urgent", "new", 4, null],
    ["urgent", "new", 4.01, { stage: "acknowledge", levels: ["supervisor"] }],
    ["urgent", "new", 12, { stage: "acknowledge", levels: ["supervisor"] }],
    ["urgent", "new", 12.01, { stage: "acknowledge", levels: ["supervisor", "coordinator"] }],
    ["normal", "new", 71, null],
    ["normal", "acknowledged", 100, null],
    ["normal", "under_investigation", 14 * 24 + 1, { stage: "act", levels: ["supervisor"] }],
    ["high", "fir_registered", 10_000, null],
    ["high", "closed", 10_000, null],
  ] as const)("a %s tip, %s, %f hours old: %j", (priority, status, hours, expected) => {
    expect(dueEscalations({ priority, status, createdAt, acknowledgedAt: null }, at(hours), defaultSla)).toEqual(
      expected,
    );
  });
});

test("only the three personal kinds follow a staff member's choice", () => {
  expect(preferenceFor("urgent_tip")).toBe("alertUrgent");
  expect(preferenceFor("assigned")).toBe("alertAssigned");
  expect(preferenceFor("reporter_message")).toBe("alertMessages");
  expect(preferenceFor("overdue_supervisor")).toBeNull();
  expect(preferenceFor("overdue_coordinator")).toBeNull();
});

describe("a duty address", () => {
  test.each([
    ["duty@police.gov.pk", "duty@police.gov.pk"],
    ["  Duty.Desk@FIA.gov.pk ", "duty.desk@fia.gov.pk"],
    ["", null],
    ["   ", null],
  ])("%j is stored as %j", (input, stored) => {
    expect(alertAddressSchema.parse(input)).toBe(stored);
  });
  test.each([
    "duty",
    "duty@",
    "@police.gov.pk",
    "duty@police",
    "a b@police.gov.pk",
    "x@y.pk, z@w.pk",
    "Duty <duty@police.gov.pk>",
    `${"a".repeat(250)}@x.pk`,
  ])("%j is refused", (input) => {
    const parsed = alertAddressSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe("directory.errors.alertEmail");
  });
});

test("preferences take Urdu or English only", () => {
  expect(
    alertPreferencesSchema.safeParse({
      alertUrgent: true,
      alertAssigned: false,
      alertMessages: false,
      alertLanguage: "en",
    }).success,
  ).toBe(true);
  expect(
    alertPreferencesSchema.safeParse({
      alertUrgent: true,
      alertAssigned: false,
      alertMessages: false,
      alertLanguage: "fr",
    }).success,
  ).toBe(false);
});

describe("composeAlert", () => {
  const translate = (lang: string) => (key: string, values?: Record<string, string>) =>
    `${lang}:${key}:${JSON.stringify(values ?? {})}`;
  const facts = {
    kind: "urgent_tip" as const,
    reference: "AG-2026-000123",
    agencyName: { ur: "سندھ پولیس", en: "Sindh Police" },
    link: "https://aagahi.pk/staff/tips/t1",
  };
  test("one language for a staff member", () => {
    const alert = composeAlert(facts, "en", { ur: translate("ur"), en: translate("en") });
    expect(alert.subject).toBe(
      `en:alerts.email.subject.urgent_tip:${JSON.stringify({ reference: "AG-2026-000123", agency: "Sindh Police", link: facts.link })}`,
    );
    expect(alert.text).not.toContain("ur:");
    expect(alert.text).toContain(facts.link);
  });
  test("Urdu then English for a duty address", () => {
    const alert = composeAlert(facts, "both", { ur: translate("ur"), en: translate("en") });
    expect(alert.subject.indexOf("ur:")).toBe(0);
    expect(alert.subject).toContain(" / en:");
    expect(alert.text.indexOf("ur:alerts.email.body")).toBeLessThan(alert.text.indexOf("en:alerts.email.body"));
  });
});
