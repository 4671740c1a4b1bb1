// One intake path for the report form and the partner API: rate limit, clean the evidence files, route, store.
import type { CleanedEvidence } from "~/domain/evidence";
import { checkSubmittedFiles, type EvidenceProblem, type SubmittedFile } from "~/domain/evidence-intake";
import type { RoutingDecision } from "~/domain/routing";
import type { Tip, TipCategory } from "~/domain/tip";
import { cleanEvidenceFile } from "~/evidence/clean.server";
import { receiveTip, type TipChannel } from "~/models/tip.server";
import { tipSubmissionLimiter } from "../server/rate-limit.server";

export type IntakeResult =
  | { ok: true; reference: string; receipt: string; decision: RoutingDecision; evidence: number }
  | { ok: false; problem: "rateLimited"; retryAfterSeconds: number }
  | ({ ok: false; problem: "evidence" } & EvidenceProblem);

/**
 * Every file of a submission cleaned (one at a time: each may take a decoder's full memory), or the first
 * refusal. Nothing is stored here; the caller stores the cleaned files with the tip or reply they came with.
 */
export async function cleanSubmittedEvidence(
  files: readonly SubmittedFile[],
  context: { category?: TipCategory; alreadyOnTip?: number },
): Promise<{ ok: true; files: CleanedEvidence[] } | ({ ok: false } & EvidenceProblem)> {
  const problem = checkSubmittedFiles(files, context);
  if (problem) return { ok: false, ...problem };
  const cleaned: CleanedEvidence[] = [];
  for (const [index, file] of files.entries()) {
    const result = await cleanEvidenceFile(file.bytes!);
    if (!result.ok) return { ok: false, refusal: result.refusal, position: index + 1 };
    cleaned.push(result.file);
  }
  return { ok: true, files: cleaned };
}

export async function takeTip(
  tip: Tip,
  channel: TipChannel,
  clientKey: string,
  files: readonly SubmittedFile[] = [],
): Promise<IntakeResult> {
  if (tipSubmissionLimiter.isOverLimit(clientKey)) {
    return { ok: false, problem: "rateLimited", retryAfterSeconds: tipSubmissionLimiter.retryAfterSeconds(clientKey) };
  }
  // Refusals that cost nothing (too many or too large files, files in the child exploitation category) are not
  // counted. Everything else is counted before the files are decoded, so parallel submissions from one
  // connection cannot all pass the check while the first is still being cleaned, and a stream of hostile files
  // cannot keep the decoder busy for free.
  const cheapProblem = checkSubmittedFiles(files, { category: tip.category });
  if (cheapProblem) return { ok: false, problem: "evidence", ...cheapProblem };
  tipSubmissionLimiter.record(clientKey);
  // Cleaned before anything is written: a tip whose file is refused is not stored at all, so the reporter can
  // send it again with other files without leaving a half report behind.
  const evidence = await cleanSubmittedEvidence(files, { category: tip.category });
  if (!evidence.ok) return { ok: false, problem: "evidence", refusal: evidence.refusal, position: evidence.position };
  const created = await receiveTip(tip, channel, evidence.files);
  return {
    ok: true,
    reference: created.reference,
    receipt: created.receipt,
    decision: created.decision,
    evidence: evidence.files.length,
  };
}
