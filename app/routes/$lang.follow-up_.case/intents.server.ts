import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { cleanText, limits } from "~/domain/tip";
import type { Language } from "~/i18n/languages";
import { addReporterMessage, endFollowUpVisit, openFollowUpVisit, replyEvidenceContext } from "~/models/tip.server";
import type { FormRejection } from "~/utils/forms";
import { readUploadForm } from "~/server/multipart.server";
import { noStoreHeaders } from "~/utils/no-store.mjs";
import { clientKeyOf, tipSubmissionLimiter } from "~/server/rate-limit.server";
import { cleanSubmittedEvidence } from "~/models/tip-intake.server";

export type ReplyRejection = FormRejection & { evidencePosition?: number | null; filesDropped?: boolean };

/** The page's two forms: "end" (end the visit on every server) and "reply" (a message, with files or not). */
export async function handleFollowUpIntent(lang: Language, request: Request, loadContext: AppLoadContext) {
  const { form, files, truncated, broken } = await readUploadForm(request);
  const token = typeof form.get("t") === "string" ? String(form.get("t")) : "";
  const intent = form.get("intent");
  if (intent === "end") {
    // Ended on every server: only a hash of the visit's id is written, with a coarse expiry.
    await endFollowUpVisit(token);
    return redirect(`/${lang}/follow-up?ended=1`, { headers: noStoreHeaders });
  }
  if (intent !== "reply") throw new Response("Bad Request", { status: 400 });
  const visit = await openFollowUpVisit(token);
  if (!visit) return redirect(`/${lang}/follow-up/case?t=`, { headers: noStoreHeaders });
  const raw = typeof form.get("message") === "string" ? String(form.get("message")) : "";
  const message = cleanText(raw);
  const problem = !message
    ? "errors.message.required"
    : message.length > limits.descriptionMax
      ? "errors.message.tooLong"
      : null;
  const values = { message: raw.slice(0, limits.descriptionMax + 100) };
  const reject = (rejection: Omit<ReplyRejection, "values">, status = 400) =>
    data<ReplyRejection>({ ...rejection, values }, { status, headers: noStoreHeaders });
  // Not well-formed (cut short, no boundary): part of the reply or its files may be missing, so nothing is stored.
  if (broken) return reject({ fieldErrors: { message: "report:errors.form.notSent" }, filesDropped: true });
  if (problem) return reject({ fieldErrors: { message: problem }, filesDropped: files.length > 0 });
  const context = await replyEvidenceContext(visit.value.tipId);
  if (!context) return redirect(`/${lang}/follow-up/case?t=`, { headers: noStoreHeaders });
  // Files cost the decoder seconds each: replies with files count against the connection's tip limit, before
  // cleaning, like a report (tip-intake.server.ts). A reply without files is not limited.
  if (files.length > 0 && !truncated) {
    const clientKey = clientKeyOf(loadContext);
    if (tipSubmissionLimiter.isOverLimit(clientKey)) {
      return reject({ fieldErrors: { evidence: "report:evidence.errors.connectionBusy" }, filesDropped: true }, 429);
    }
    tipSubmissionLimiter.record(clientKey);
  }
  // Cleaned before anything is written: a refused file leaves no half reply behind.
  const evidence = truncated
    ? ({ ok: false, refusal: "submissionTooLarge", position: null } as const)
    : await cleanSubmittedEvidence(files, context);
  if (!evidence.ok) {
    return reject({
      fieldErrors: { evidence: `report:evidence.errors.${evidence.refusal}` },
      evidencePosition: evidence.position,
      filesDropped: true,
    });
  }
  await addReporterMessage(visit.value.tipId, message, evidence.files);
  return redirect(`/${lang}/follow-up/case?t=${visit.renewed}&sent=1`, { headers: noStoreHeaders });
}
