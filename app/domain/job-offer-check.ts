// "Is this job offer safe?": turns a few answers about a job offer into a risk level and the red flags found.
// The warning signs come from the cases in the seed documents 000-004, cited below as [document line] the way
// docs/content-guide.md describes (the same references as locales/*/fake-job-offers.json).
import { z } from "zod";
import type { TipCategory } from "./tip";

export const jobCheckQuestions = {
  under18: ["no", "yes"],
  fee: ["none", "with_receipt", "without_receipt", "sub_agent", "unsure"],
  passport: ["me", "agent_or_employer", "unsure"],
  visa: ["work", "visit", "none", "unsure", "not_abroad"],
  contract: ["yes", "promised_later", "no"],
  channel: ["office_showed_licence", "friend_or_relative", "phone_or_social_media", "stranger"],
  jobType: ["domestic", "salon_dancer_hostess", "construction_driving_factory", "farm_kiln_mine", "other"],
  pay: ["normal", "much_higher", "unsure"],
  advance: ["no", "yes"],
  marriage: ["no", "yes"],
} as const;

export type JobCheckQuestion = keyof typeof jobCheckQuestions;
export const jobCheckQuestionIds = Object.keys(jobCheckQuestions) as JobCheckQuestion[];

function answer<const T extends readonly [string, ...string[]]>(question: JobCheckQuestion, options: T) {
  // The message is an i18n key: the page translates it into the reader's language.
  return z.enum(options, { errorMap: () => ({ message: `errors.${question}` }) });
}

/** One schema for the form: the server's verdict is the one that counts. */
export const jobCheckSchema = z.object({
  under18: answer("under18", jobCheckQuestions.under18),
  fee: answer("fee", jobCheckQuestions.fee),
  passport: answer("passport", jobCheckQuestions.passport),
  visa: answer("visa", jobCheckQuestions.visa),
  contract: answer("contract", jobCheckQuestions.contract),
  channel: answer("channel", jobCheckQuestions.channel),
  jobType: answer("jobType", jobCheckQuestions.jobType),
  pay: answer("pay", jobCheckQuestions.pay),
  advance: answer("advance", jobCheckQuestions.advance),
  marriage: answer("marriage", jobCheckQuestions.marriage),
});

export type JobCheckAnswers = z.infer<typeof jobCheckSchema>;

export type Severity = "high" | "medium" | "low";
export type RiskLevel = "high" | "medium" | "low";

export type RedFlagId =
  | "child_job_serious"
  | "child_job"
  | "fee_without_receipt"
  | "fee_to_sub_agent"
  | "fee_unclear"
  | "fee_paid"
  | "passport_held"
  | "passport_unclear"
  | "visit_visa_for_work"
  | "no_visa"
  | "visa_unknown"
  | "no_contract"
  | "contract_later"
  | "offer_via_phone_or_social_media"
  | "offer_from_stranger"
  | "offer_via_acquaintance"
  | "entertainment_job_abroad"
  | "pay_too_good"
  | "advance_to_work_off"
  | "job_with_marriage";

interface RedFlagRule {
  id: RedFlagId;
  severity: Severity;
  applies: (answers: JobCheckAnswers) => boolean;
}

const goingAbroad = (answers: JobCheckAnswers) => answers.visa !== "not_abroad";

/** Money has been asked for (not "no", not "not sure"). */
const feeAsked = (answers: JobCheckAnswers) =>
  answers.fee === "with_receipt" || answers.fee === "without_receipt" || answers.fee === "sub_agent";

/**
 * A child sent to work for a fee, into a house, a kiln, a farm, a mine or "entertainment": agents take fees
 * from parents and the children end in domestic servitude [003 @c774]; village girls go to Lahore as maids
 * after an advance to the family [002 L199]; kiln children work as soon as they can walk [004 L19].
 */
const childInSeriousDanger = (answers: JobCheckAnswers) =>
  answers.under18 === "yes" &&
  (feeAsked(answers) ||
    answers.jobType === "domestic" ||
    answers.jobType === "farm_kiln_mine" ||
    answers.jobType === "salon_dancer_hostess");

/** Order matters only for ties: flags are shown most serious first, then in this order. */
const redFlagRules: readonly RedFlagRule[] = [
  { id: "child_job_serious", severity: "high", applies: childInSeriousDanger },
  { id: "passport_held", severity: "high", applies: (a) => a.passport === "agent_or_employer" },
  { id: "advance_to_work_off", severity: "high", applies: (a) => a.advance === "yes" },
  { id: "no_visa", severity: "high", applies: (a) => a.visa === "none" },
  { id: "fee_without_receipt", severity: "high", applies: (a) => a.fee === "without_receipt" },
  // Sub-agents of licensed promoters also take illegal fees [003 @c3143].
  { id: "fee_to_sub_agent", severity: "high", applies: (a) => a.fee === "sub_agent" },
  { id: "job_with_marriage", severity: "high", applies: (a) => a.marriage === "yes" },
  {
    id: "entertainment_job_abroad",
    severity: "high",
    applies: (a) => a.jobType === "salon_dancer_hostess" && goingAbroad(a),
  },
  { id: "child_job", severity: "medium", applies: (a) => a.under18 === "yes" && !childInSeriousDanger(a) },
  // Advice, not evidence: the seeds say nothing about visit visas, so this is a warning, not a serious sign.
  { id: "visit_visa_for_work", severity: "medium", applies: (a) => a.visa === "visit" },
  { id: "fee_unclear", severity: "medium", applies: (a) => a.fee === "unsure" },
  { id: "no_contract", severity: "medium", applies: (a) => a.contract === "no" },
  { id: "pay_too_good", severity: "medium", applies: (a) => a.pay === "much_higher" },
  { id: "offer_via_phone_or_social_media", severity: "medium", applies: (a) => a.channel === "phone_or_social_media" },
  { id: "offer_from_stranger", severity: "medium", applies: (a) => a.channel === "stranger" },
  { id: "visa_unknown", severity: "medium", applies: (a) => a.visa === "unsure" },
  { id: "fee_paid", severity: "low", applies: (a) => a.fee === "with_receipt" },
  { id: "contract_later", severity: "low", applies: (a) => a.contract === "promised_later" },
  { id: "passport_unclear", severity: "low", applies: (a) => a.passport === "unsure" },
  { id: "offer_via_acquaintance", severity: "low", applies: (a) => a.channel === "friend_or_relative" },
];

const severityWeight: Record<Severity, number> = { high: 3, medium: 2, low: 1 };
const severityRank: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

export interface RedFlag {
  id: RedFlagId;
  severity: Severity;
}

/** Any report category but "other": the check always knows which form of trafficking to suggest. */
export type SuggestedCategory = Exclude<TipCategory, "other">;

/** Things worth saying that are neither a warning nor a reassurance. */
export type JobCheckNoteId = "licence_not_proof";

export interface JobCheckResult {
  risk: RiskLevel;
  flags: RedFlag[];
  notes: JobCheckNoteId[];
  /** The report category to start with if the reader wants to report this offer. */
  suggestedCategory: SuggestedCategory;
}

/**
 * Any one serious sign makes the offer high risk: each of them is how real victims were trapped.
 * Several smaller signs add up.
 */
export function assessJobOffer(answers: JobCheckAnswers): JobCheckResult {
  const flags = redFlagRules
    .filter((rule) => rule.applies(answers))
    .map(({ id, severity }) => ({ id, severity }))
    .sort((a, b) => severityRank[a.severity] - severityRank[b.severity]);
  const score = flags.reduce((sum, flag) => sum + severityWeight[flag.severity], 0);
  const risk: RiskLevel =
    flags.some((flag) => flag.severity === "high") || score >= 5 ? "high" : score >= 2 ? "medium" : "low";
  // A licence the reader was shown cannot be checked by them, so it neither adds nor removes a flag.
  const notes: JobCheckNoteId[] = answers.channel === "office_showed_licence" ? ["licence_not_proof"] : [];
  return { risk, flags, notes, suggestedCategory: suggestCategory(answers) };
}

function suggestCategory(answers: JobCheckAnswers): SuggestedCategory {
  if (childInSeriousDanger(answers)) return "child_exploitation";
  if (answers.marriage === "yes") return "bride_trafficking";
  if (answers.advance === "yes" && !goingAbroad(answers)) return "bonded_labour";
  if (answers.visa === "none") return "migrant_smuggling";
  return "fake_job_offer";
}

/** Reads answers from a query string or form (only the known questions). */
export function parseJobCheckAnswers(source: URLSearchParams | FormData) {
  const raw = Object.fromEntries(jobCheckQuestionIds.map((id) => [id, source.get(id) ?? undefined]));
  return jobCheckSchema.safeParse(raw);
}

export function jobCheckAnswersToSearchParams(answers: JobCheckAnswers): URLSearchParams {
  return new URLSearchParams(jobCheckQuestionIds.map((id) => [id, answers[id]]));
}
