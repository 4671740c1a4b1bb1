import { describe, expect, test } from "vitest";
import {
  belongsToAgency,
  can,
  hasPermission,
  isTipInScope,
  staffRoles,
  tipScopeOf,
  type Permission,
  type StaffPrincipal,
} from "./permissions";

const users: Record<string, StaffPrincipal> = {
  punjabAgent: { id: "1", role: "agent", agencyCode: "police-punjab", unitCode: null },
  punjabSupervisor: { id: "2", role: "supervisor", agencyCode: "police-punjab", unitCode: null },
  fiaLahoreAgent: { id: "3", role: "agent", agencyCode: "fia", unitCode: "fia-ahtc-lahore" },
  fiaSupervisor: { id: "4", role: "supervisor", agencyCode: "fia", unitCode: null },
  coordinator: { id: "5", role: "coordinator", agencyCode: null, unitCode: null },
  admin: { id: "6", role: "admin", agencyCode: null, unitCode: null },
  agentWithoutAgency: { id: "7", role: "agent", agencyCode: null, unitCode: null },
};

const tips = {
  punjab: { agencyCode: "police-punjab", unitCode: null },
  sindh: { agencyCode: "police-sindh", unitCode: null },
  fiaLahore: { agencyCode: "fia", unitCode: "fia-ahtc-lahore" },
  fiaKarachi: { agencyCode: "fia", unitCode: "fia-ahtc-karachi" },
  triage: { agencyCode: "triage-desk", unitCode: null },
};

const tipActions: Permission[] = [
  "tip:read",
  "tip:read-contact",
  "tip:update-status",
  "tip:message",
  "tip:note",
  "tip:assign",
  "tip:transfer",
];

// The whole matrix, written out: Y = allowed. Columns follow tipActions.
const matrix: [keyof typeof users, keyof typeof tips, string][] = [
  ["punjabAgent", "punjab", "YYYYYNN"],
  ["punjabAgent", "sindh", "NNNNNNN"],
  ["punjabAgent", "fiaLahore", "NNNNNNN"],
  ["punjabAgent", "triage", "NNNNNNN"],
  ["punjabSupervisor", "punjab", "YYYYYYY"],
  ["punjabSupervisor", "sindh", "NNNNNNN"],
  ["fiaLahoreAgent", "fiaLahore", "YYYYYNN"],
  ["fiaLahoreAgent", "fiaKarachi", "NNNNNNN"],
  ["fiaLahoreAgent", "punjab", "NNNNNNN"],
  ["fiaSupervisor", "fiaLahore", "YYYYYYY"],
  ["fiaSupervisor", "fiaKarachi", "YYYYYYY"],
  ["fiaSupervisor", "punjab", "NNNNNNN"],
  ["coordinator", "punjab", "YNNNYNN"],
  ["coordinator", "fiaKarachi", "YNNNYNN"],
  ["coordinator", "triage", "YNNNYYY"],
  ["admin", "punjab", "NNNNNNN"],
  ["admin", "triage", "NNNNNNN"],
  ["agentWithoutAgency", "punjab", "NNNNNNN"],
];

describe.each(matrix)("%s on a %s tip", (user, tip, expected) => {
  test.each(tipActions.map((action, index) => [action, expected[index] === "Y"] as const))(
    "%s: %s",
    (action, allowed) => {
      expect(can(users[user]!, action, tips[tip])).toBe(allowed);
    },
  );
});

test.each([
  [
    "agent",
    ["queue:read", "tips:export", "account:manage"],
    ["stats:read", "audit:read", "staff:manage", "directory:manage"],
  ],
  ["supervisor", ["queue:read", "stats:read", "tips:export"], ["audit:read", "staff:manage", "directory:manage"]],
  [
    "coordinator",
    ["queue:read", "stats:read", "audit:read", "tips:export"],
    ["staff:manage", "directory:manage", "tip:message", "tip:update-status"],
  ],
  [
    "admin",
    ["staff:manage", "directory:manage", "audit:read", "account:manage"],
    ["queue:read", "tip:read", "tips:export", "stats:read"],
  ],
] as const)("%s has %j and lacks %j", (role, has, lacks) => {
  for (const permission of has) expect(hasPermission(role, permission)).toBe(true);
  for (const permission of lacks) expect(hasPermission(role, permission)).toBe(false);
});

test("every role can manage its own account", () => {
  for (const role of staffRoles) expect(hasPermission(role, "account:manage")).toBe(true);
});

test("scopes: coordinators see all, agents of a unit see their unit, admins see none", () => {
  expect(tipScopeOf(users.coordinator!)).toEqual({ kind: "all" });
  expect(tipScopeOf(users.admin!)).toEqual({ kind: "none" });
  expect(tipScopeOf(users.fiaLahoreAgent!)).toEqual({ kind: "agency", agencyCode: "fia", unitCode: "fia-ahtc-lahore" });
  expect(tipScopeOf(users.fiaSupervisor!)).toEqual({ kind: "agency", agencyCode: "fia", unitCode: null });
  expect(isTipInScope({ kind: "none" }, tips.punjab)).toBe(false);
});

test.each([
  ["agent", true],
  ["supervisor", true],
  ["coordinator", false],
  ["admin", false],
] as const)("a %s belongs to an agency: %s", (role, belongs) => {
  expect(belongsToAgency(role)).toBe(belongs);
  // Only roles with an agency work tips in an agency's scope; without one they see nothing.
  expect(tipScopeOf({ id: "x", role, agencyCode: null, unitCode: null }).kind).toBe(
    belongs || role === "admin" ? "none" : "all",
  );
});

test("the table covers every role", () => {
  expect(staffRoles.filter(belongsToAgency)).toEqual(["agent", "supervisor"]);
});
