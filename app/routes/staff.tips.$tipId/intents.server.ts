import { redirect } from "@remix-run/node";
import { z } from "zod";
import { can, triageDeskCode, type Permission } from "~/domain/permissions";
import { isPostponementChoice, type PostponementDays } from "~/domain/retention";
import { cleanText, limits } from "~/domain/tip";
import { getDirectory } from "~/models/directory.server";
import {
  addCaseNote,
  assignCase,
  changeCaseStatus,
  findCaseFacts,
  messageReporter,
  postponeCaseDeletion,
  sendFromTriageDesk,
  transferCase,
  type CaseFacts,
} from "~/models/staff-case.server";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { staffHeaders } from "~/server/staff-page.server";
import { rejectStaffForm } from "~/server/staff-forms.server";
import { requireTipPermission, type StaffUser } from "~/server/staff-session.server";
import { caseErrorFields } from "./error-fields";

/** The forms on the case page, each named by the hidden "intent" field it posts. */
export const caseIntents = ["status", "message", "note", "assign", "transfer", "postpone-deletion"] as const;
export type CaseIntent = (typeof caseIntents)[number];

export async function loadScopedTip(user: StaffUser, tipId: string | undefined, permission: Permission) {
  const facts = await findCaseFacts(tipId);
  requireTipPermission(user, permission, facts);
  return { facts, tipId: tipId! };
}

/** Free text from staff: cleaned like a tip's text, required, and no longer than `max`. */
const caseText = (required: string, max: number = limits.descriptionMax) =>
  z
    .string()
    .transform(cleanText)
    .pipe(z.string().min(1, { message: required }).max(max, { message: "case.errors.tooLong" }));

/** A message to the reporter and an internal note: one text field each. */
const textIntents = {
  message: {
    permission: "tip:message",
    schema: z.object({ message: caseText("case.errors.messageRequired") }),
    save: messageReporter,
  },
  note: { permission: "tip:note", schema: z.object({ note: caseText("case.errors.noteRequired") }), save: addCaseNote },
} as const;

/** An agency the tip may move to: in the directory, and not where it already is. */
const otherAgency = (field: string, hasAgency: (code: string) => boolean, current: string) =>
  z
    .string()
    .refine((code) => hasAgency(code) && code !== current, { message: "case.errors.agencyRequired", path: [field] });

const transferSchema = (hasAgency: (code: string) => boolean, facts: CaseFacts) =>
  z.object({
    agency: otherAgency("transfer-agency", hasAgency, facts.agencyCode ?? ""),
    reason: caseText("case.errors.reasonRequired", 2_000),
  });

/** The triage desk's tips go to an agency's queue ("code") or straight to a person there ("code/staffId"). */
const triageSchema = (hasAgency: (code: string) => boolean) =>
  z.object({
    agency: z
      .string()
      .transform((value) => {
        const [toAgency = "", toPerson = ""] = value.split("/");
        return { toAgency, toPerson };
      })
      .refine(({ toAgency }) => hasAgency(toAgency) && toAgency !== triageDeskCode, {
        message: "case.errors.agencyRequired",
        path: ["assign-agency"],
      }),
  });

const postponeSchema = z.object({
  postponeDays: z
    .string()
    .transform(Number)
    .refine((days): days is PostponementDays => isPostponementChoice(days), { message: "case.errors.postponeDays" })
    .transform((days) => days as PostponementDays),
  postponeReason: caseText("case.errors.postponeReason", 2_000),
});

/** A rejected case form names its intent so only that form takes its typed text back. */
function reject(intent: CaseIntent, fieldErrors: FieldErrors, values: Record<string, string> = {}) {
  return rejectStaffForm(fieldErrors, values, { intent });
}

/** Errors keyed by the field's element id (two selects share name="agency"), in summary order. */
function firstError(errors: FieldErrors): FieldErrors {
  const field = caseErrorFields.find((name) => errors[name]);
  return field ? { [field]: errors[field]! } : errors;
}

const done = (tipId: string, what: string) => redirect(`/staff/tips/${tipId}?done=${what}`, { headers: staffHeaders });

/** Every handler checks the permission for its intent on this tip before it reads the form. */
export async function handleCaseIntent(
  user: StaffUser,
  tipIdParam: string | undefined,
  intent: string,
  form: FormData,
) {
  switch (intent) {
    case "status": {
      const { facts, tipId } = await loadScopedTip(user, tipIdParam, "tip:update-status");
      const result = await changeCaseStatus(
        user,
        tipId,
        facts,
        String(form.get("status") ?? ""),
        String(form.get("outcome") ?? "") || undefined,
      );
      if (!result.ok) return reject(intent, { status: `case.errors.${result.problem}` });
      return done(tipId, "status");
    }
    case "message":
    case "note": {
      const { permission, schema, save } = textIntents[intent];
      const { facts, tipId } = await loadScopedTip(user, tipIdParam, permission);
      const parsed = await parseForm<Record<string, string>>(schema, form, [intent]);
      if (!parsed.ok) return reject(intent, parsed.errors, parsed.values);
      await save(user, tipId, facts, parsed.value[intent]!);
      return done(tipId, intent);
    }
    case "assign": {
      const { facts, tipId } = await loadScopedTip(user, tipIdParam, "tip:assign");
      if (facts.agencyCode === triageDeskCode) {
        const parsed = await parseForm(triageSchema((await getDirectory()).hasAgency), form, ["agency"], []);
        if (!parsed.ok) return reject(intent, parsed.errors);
        const problem = await sendFromTriageDesk(user, tipId, facts, parsed.value.agency);
        if (problem) return reject(intent, { "assign-agency": `case.errors.${problem}` });
        return done(tipId, "assign");
      }
      if (!(await assignCase(user, tipId, facts, String(form.get("assignee") ?? ""))))
        return reject(intent, { assignee: "case.errors.assigneeInvalid" });
      return done(tipId, "assign");
    }
    case "transfer": {
      const { facts, tipId } = await loadScopedTip(user, tipIdParam, "tip:transfer");
      const parsed = await parseForm(
        transferSchema((await getDirectory()).hasAgency, facts),
        form,
        ["agency", "reason"],
        ["reason"],
      );
      if (!parsed.ok) return reject(intent, firstError(parsed.errors), parsed.values);
      const { agency, reason } = parsed.value;
      if (!(await transferCase(user, tipId, facts, agency, reason)))
        return reject(intent, { "transfer-agency": "case.errors.alreadyMoved" });
      // The tip has left this person's queue (unless they can see everything).
      const stillVisible = can(user, "tip:read", { agencyCode: agency, unitCode: null });
      return redirect(stillVisible ? `/staff/tips/${tipId}?done=transfer` : "/staff?done=transfer", {
        headers: staffHeaders,
      });
    }
    case "postpone-deletion": {
      const { facts, tipId } = await loadScopedTip(user, tipIdParam, "tip:postpone-deletion");
      // Keeps the typed reason whichever field is wrong.
      const parsed = await parseForm(postponeSchema, form, ["postponeDays", "postponeReason"], ["postponeReason"]);
      if (!parsed.ok) return reject(intent, firstError(parsed.errors), parsed.values);
      const { postponeDays: days, postponeReason: reason } = parsed.value;
      if (!(await postponeCaseDeletion(user, tipId, facts, { days, reason })))
        return reject(intent, { postponeDays: "case.errors.nothingToPostpone" }, { postponeReason: reason });
      return done(tipId, "postpone");
    }
    default:
      throw new Response("Bad Request", { status: 400 });
  }
}
