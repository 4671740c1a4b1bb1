// Who may do what. Every staff loader and action asks `can(...)` (never a layout alone: nested loaders run in
// parallel). Tips of another agency are invisible: callers answer 404, not 403, so their existence is not
// revealed. Admins manage accounts and the directory (agencies, units, FIA routing, helplines) but do not
// read tips (least privilege).

export const staffRoles = ["agent", "supervisor", "coordinator", "admin"] as const;
export type StaffRole = (typeof staffRoles)[number];

export type Permission =
  | "queue:read"
  | "tip:read"
  | "tip:read-contact"
  | "tip:update-status"
  | "tip:message"
  | "tip:note"
  | "tip:assign"
  | "tip:transfer"
  | "tip:postpone-deletion"
  | "tips:export"
  | "stats:read"
  | "audit:read"
  | "staff:manage"
  | "directory:manage"
  | "account:manage";

const grants: Record<StaffRole, readonly Permission[]> = {
  agent: [
    "account:manage",
    "queue:read",
    "tip:read",
    "tip:read-contact",
    "tip:update-status",
    "tip:message",
    "tip:note",
    "tips:export",
  ],
  supervisor: [
    "account:manage",
    "queue:read",
    "tip:read",
    "tip:read-contact",
    "tip:update-status",
    "tip:message",
    "tip:note",
    "tip:assign",
    "tip:transfer",
    "tip:postpone-deletion",
    "tips:export",
    "stats:read",
  ],
  coordinator: [
    "account:manage",
    "queue:read",
    "tip:read",
    "tip:note",
    "tip:assign",
    "tip:transfer",
    "tip:postpone-deletion",
    "tips:export",
    "stats:read",
    "audit:read",
  ],
  admin: ["account:manage", "staff:manage", "directory:manage", "audit:read"],
};

export interface StaffPrincipal {
  id: string;
  role: StaffRole;
  agencyCode: string | null;
  unitCode: string | null;
}

export interface TipScopeFacts {
  agencyCode: string;
  unitCode: string | null;
}

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === "string" && (staffRoles as readonly string[]).includes(value);
}

/**
 * Agents and supervisors work the tips of one agency, so each belongs to an agency (an account without one sees
 * nothing); coordinators oversee every agency and admins read no tips, so neither has one.
 */
export const agencyRoles = ["agent", "supervisor"] as const satisfies readonly StaffRole[];

export function belongsToAgency(role: StaffRole): role is (typeof agencyRoles)[number] {
  return (agencyRoles as readonly StaffRole[]).includes(role);
}

export function hasPermission(role: StaffRole, permission: Permission): boolean {
  return grants[role].includes(permission);
}

export const triageDeskCode = "triage-desk";

/** Which tips a staff member may see at all. */
export type TipScope =
  { kind: "all" } | { kind: "agency"; agencyCode: string; unitCode: string | null } | { kind: "none" };

export function tipScopeOf(user: StaffPrincipal): TipScope {
  if (!hasPermission(user.role, "tip:read")) return { kind: "none" };
  if (user.role === "coordinator") return { kind: "all" };
  if (!user.agencyCode) return { kind: "none" };
  // Agents of a unit (an FIA circle) work that unit's tips; supervisors see their whole agency.
  return { kind: "agency", agencyCode: user.agencyCode, unitCode: user.role === "agent" ? user.unitCode : null };
}

export function isTipInScope(scope: TipScope, tip: TipScopeFacts): boolean {
  if (scope.kind === "all") return true;
  if (scope.kind === "none") return false;
  if (tip.agencyCode !== scope.agencyCode) return false;
  return scope.unitCode === null || tip.unitCode === scope.unitCode;
}

/**
 * May this staff member do this to this tip? Reading follows the scope. Working a tip (status, messages to
 * the reporter) is for its own agency. Coordinators route the triage desk's tips; supervisors assign and
 * transfer their agency's tips.
 */
export function can(user: StaffPrincipal, permission: Permission, tip?: TipScopeFacts): boolean {
  if (!hasPermission(user.role, permission)) return false;
  if (!tip) return true;
  if (!isTipInScope(tipScopeOf(user), tip)) return false;
  if (user.role === "coordinator") {
    if (permission === "tip:assign" || permission === "tip:transfer") return tip.agencyCode === triageDeskCode;
    // A coordinator oversees every agency's tips, so may also keep one from deletion (docs/decisions/017).
    return permission === "tip:read" || permission === "tip:note" || permission === "tip:postpone-deletion";
  }
  return true;
}
