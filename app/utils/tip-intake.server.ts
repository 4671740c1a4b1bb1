// One intake path for the report form and the partner API: rate limit, route, store.
import type { RoutingDecision } from "~/domain/routing";
import type { Tip } from "~/domain/tip";
import { receiveTip, type TipChannel } from "~/models/tip.server";
import { tipSubmissionLimiter } from "./rate-limit.server";

export type IntakeResult =
  | { ok: true; reference: string; receipt: string; decision: RoutingDecision }
  | { ok: false; problem: "rateLimited"; retryAfterSeconds: number };

export async function takeTip(tip: Tip, channel: TipChannel, clientKey: string): Promise<IntakeResult> {
  if (tipSubmissionLimiter.isOverLimit(clientKey)) {
    return { ok: false, problem: "rateLimited", retryAfterSeconds: tipSubmissionLimiter.retryAfterSeconds(clientKey) };
  }
  const created = await receiveTip(tip, channel);
  tipSubmissionLimiter.record(clientKey);
  return { ok: true, reference: created.reference, receipt: created.receipt, decision: created.decision };
}
