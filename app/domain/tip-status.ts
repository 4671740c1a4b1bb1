// The case workflow as a state machine: which status a tip may move to next, and what a move must carry.
// Problem codes are i18n keys ("problems.<code>" in the staff namespace), so the page explains a refusal.

export const tipStatuses = [
  "new",
  "acknowledged",
  "under_investigation",
  "referred",
  "fir_registered",
  "closed",
] as const;
export type TipStatus = (typeof tipStatuses)[number];

export const closeOutcomes = [
  "action_taken",
  "referred_elsewhere",
  "insufficient_information",
  "duplicate",
  "not_trafficking",
] as const;
export type CloseOutcome = (typeof closeOutcomes)[number];

const transitions: Record<TipStatus, readonly TipStatus[]> = {
  new: ["acknowledged", "closed"],
  acknowledged: ["under_investigation", "referred", "closed"],
  under_investigation: ["referred", "fir_registered", "closed"],
  referred: ["under_investigation", "closed"],
  fir_registered: ["under_investigation", "closed"],
  // Reopening goes back to "acknowledged": the case has been read, and now needs someone to act on it again.
  closed: ["acknowledged"],
};

// A tip nobody has read cannot have led to action or a referral; it can only be set aside as it stands.
const outcomesForUnreadTip: readonly CloseOutcome[] = ["duplicate", "not_trafficking", "insufficient_information"];

export type TransitionProblem =
  "unknown_status" | "same_status" | "illegal_transition" | "outcome_required" | "outcome_not_allowed";

export type TransitionResult =
  { ok: true; status: TipStatus; outcome: CloseOutcome | null } | { ok: false; problem: TransitionProblem };

export interface TransitionRequest {
  to: string;
  /** Required when closing, refused otherwise. An empty string (an unselected form field) counts as none. */
  outcome?: string | null;
}

export function isTipStatus(value: unknown): value is TipStatus {
  return typeof value === "string" && (tipStatuses as readonly string[]).includes(value);
}

export function isCloseOutcome(value: unknown): value is CloseOutcome {
  return typeof value === "string" && (closeOutcomes as readonly string[]).includes(value);
}

/** The statuses a tip may move to next, in workflow order; none for a status this code does not know. */
export function allowedTransitions(from: string): TipStatus[] {
  return isTipStatus(from) ? [...transitions[from]] : [];
}

/** The outcomes staff may choose when closing a tip from this status; none when it cannot be closed. */
export function allowedCloseOutcomes(from: string): CloseOutcome[] {
  if (!allowedTransitions(from).includes("closed")) return [];
  return closeOutcomes.filter((outcome) => from !== "new" || outcomesForUnreadTip.includes(outcome));
}

/**
 * Checks one move of the workflow. `from` is the stored status and `to`/`outcome` come from a form, so all
 * three are plain strings here and anything unexpected is answered with a problem code, never thrown.
 */
export function transitionTip(from: string, request: TransitionRequest): TransitionResult {
  const { to } = request;
  const outcome = request.outcome ? request.outcome : null;
  if (!isTipStatus(from) || !isTipStatus(to)) return { ok: false, problem: "unknown_status" };
  if (from === to) return { ok: false, problem: "same_status" };
  if (!transitions[from].includes(to)) return { ok: false, problem: "illegal_transition" };
  if (to !== "closed") {
    return outcome === null ? { ok: true, status: to, outcome: null } : { ok: false, problem: "outcome_not_allowed" };
  }
  if (outcome === null) return { ok: false, problem: "outcome_required" };
  if (!isCloseOutcome(outcome) || !allowedCloseOutcomes(from).includes(outcome)) {
    return { ok: false, problem: "outcome_not_allowed" };
  }
  return { ok: true, status: to, outcome };
}
