// How long Aagahi keeps a tip, and how long a reporter's receipt keeps working. Pure rules: the dates come
// from the caller and the policy from configuration (RETENTION_CONFIG, REPORTER_ACCESS_IDLE_DAYS; see
// docs/decisions/017-data-retention.md). The defaults need legal review before a real deployment.
import { can, type StaffPrincipal, type TipScopeFacts } from "./permissions";
import { closeOutcomes, type CloseOutcome } from "./tip-status";

export interface RetentionPolicy {
  /** Days after closing before a closed tip's content is deleted; null keeps that outcome until staff act. */
  deleteAfterDays: Readonly<Record<CloseOutcome, number | null>>;
  /** A receipt stops working after this many days without a visit. */
  reporterAccessIdleDays: number;
}

// Tips that led nowhere go soon; tips that led to action or a referral stay a year for questions that follow.
export const defaultRetentionPolicy: RetentionPolicy = Object.freeze({
  deleteAfterDays: Object.freeze({
    not_trafficking: 90,
    duplicate: 90,
    insufficient_information: 90,
    action_taken: 365,
    referred_elsewhere: 365,
  }),
  reporterAccessIdleDays: 90,
});

/** The queue warns this long before a deletion, so a supervisor can still postpone it. */
export const deletionWarningHours = 72;

/** How far a supervisor may push a deletion back in one step. */
export const postponementChoicesDays = [30, 90, 180, 365] as const;
export type PostponementDays = (typeof postponementChoicesDays)[number];

const dayMs = 24 * 60 * 60 * 1000;

/** The configured overrides on top of the defaults (the shape is checked in app/server/env-schema.server.mjs). */
export function retentionPolicyFrom(
  overrides: { deleteAfterDays?: Partial<Record<CloseOutcome, number | null>> } | undefined,
  reporterAccessIdleDays: number = defaultRetentionPolicy.reporterAccessIdleDays,
): RetentionPolicy {
  return {
    deleteAfterDays: { ...defaultRetentionPolicy.deleteAfterDays, ...overrides?.deleteAfterDays },
    reporterAccessIdleDays,
  };
}

export interface RetentionFacts {
  status: string;
  closeOutcome: string | null;
  closedAt: Date | null;
  /** A supervisor's postponement: nothing is deleted before this. */
  retainUntil: Date | null;
}

/** When the tip's content is due for deletion; null while it is open, or when its outcome is kept. */
export function deletionDueAt(tip: RetentionFacts, policy: RetentionPolicy = defaultRetentionPolicy): Date | null {
  if (tip.status !== "closed" || !tip.closedAt || !isOutcome(tip.closeOutcome)) return null;
  const days = policy.deleteAfterDays[tip.closeOutcome];
  if (days === null) return null;
  const byPolicy = tip.closedAt.getTime() + days * dayMs;
  return new Date(Math.max(byPolicy, tip.retainUntil?.getTime() ?? 0));
}

/** Due now: the next deletion run removes it. Exactly at the due time counts as due. */
export function isDeletionDue(
  tip: RetentionFacts,
  now: Date,
  policy: RetentionPolicy = defaultRetentionPolicy,
): boolean {
  const due = deletionDueAt(tip, policy);
  return due !== null && due.getTime() <= now.getTime();
}

/** Due within the warning window (72 hours), or already due and waiting for the next run. */
export function isDeletionDueSoon(
  tip: RetentionFacts,
  now: Date,
  policy: RetentionPolicy = defaultRetentionPolicy,
): boolean {
  const due = deletionDueAt(tip, policy);
  return due !== null && due.getTime() <= now.getTime() + deletionWarningHours * 60 * 60 * 1000;
}

export function isPostponementChoice(value: unknown): value is PostponementDays {
  return typeof value === "number" && (postponementChoicesDays as readonly number[]).includes(value);
}

/**
 * The new "keep until" date when a deletion is postponed by `days`: counted from the current due date, or from
 * now when that has already passed (the run has not reached it yet). Null when nothing is scheduled.
 */
export function postponedUntil(
  tip: RetentionFacts,
  days: PostponementDays,
  now: Date,
  policy: RetentionPolicy = defaultRetentionPolicy,
): Date | null {
  const due = deletionDueAt(tip, policy);
  if (due === null) return null;
  return new Date(Math.max(due.getTime(), now.getTime()) + days * dayMs);
}

/** Supervisors (their own agency's tips) and coordinators may postpone a scheduled deletion. */
export function mayPostponeDeletion(
  user: StaffPrincipal,
  tip: TipScopeFacts & RetentionFacts,
  policy: RetentionPolicy = defaultRetentionPolicy,
): boolean {
  return can(user, "tip:postpone-deletion", tip) && deletionDueAt(tip, policy) !== null;
}

/** When a receipt stops working if the reporter does not visit again; counted from the last visit (or the tip). */
export function reporterAccessEndsAt(lastVisit: Date, policy: RetentionPolicy = defaultRetentionPolicy): Date {
  return new Date(lastVisit.getTime() + policy.reporterAccessIdleDays * dayMs);
}

export function hasReporterAccessEnded(
  lastVisit: Date,
  now: Date,
  policy: RetentionPolicy = defaultRetentionPolicy,
): boolean {
  return reporterAccessEndsAt(lastVisit, policy).getTime() <= now.getTime();
}

/** A date kept for statistics after deletion: the start of its day in UTC, nothing finer. */
export function toDayPrecision(at: Date): Date {
  return new Date(Math.floor(at.getTime() / dayMs) * dayMs);
}

function isOutcome(value: string | null): value is CloseOutcome {
  return value !== null && (closeOutcomes as readonly string[]).includes(value);
}
