import type { ZodError, ZodType, ZodTypeDef } from "zod";

/** Field name to i18n key of its first error, in the order the schema reported them. */
export type FieldErrors = Record<string, string>;

export function fieldErrorsFromZod(error: ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.join(".") || "form";
    errors[field] ??= issue.message;
  }
  return errors;
}

/** What an action returns when a form is rejected: the errors and the answers to show again. */
export interface FormRejection {
  fieldErrors: FieldErrors;
  values: Record<string, string>;
}

/** A parsed form: its typed value, or the errors and the raw answers to show again. */
export type ParsedForm<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors; values: Record<string, string> };

/**
 * Reads the named fields of a form (missing ones as "") and checks them with one schema. The raw values come
 * back on failure so a rejected form keeps what was typed; `keep` limits them (passwords are never sent back).
 */
export async function parseForm<T>(
  schema: ZodType<T, ZodTypeDef, unknown>,
  form: FormData,
  fields: readonly string[],
  keep: readonly string[] = fields,
): Promise<ParsedForm<T>> {
  const parsed = await schema.safeParseAsync(formValues(form, fields, Infinity));
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: fieldErrorsFromZod(parsed.error), values: formValues(form, keep) };
}

/**
 * The named fields as text (a missing one as ""). What a rejected form shows again is cut to the longest text
 * any form accepts (a tip's description).
 */
export function formValues(form: FormData, fields: readonly string[], maxLength = 5_000): Record<string, string> {
  return Object.fromEntries(fields.map((field) => [field, String(form.get(field) ?? "").slice(0, maxLength)]));
}

export function isFormRejection(value: unknown): value is FormRejection {
  return (
    typeof value === "object" &&
    value !== null &&
    "fieldErrors" in value &&
    typeof (value as FormRejection).fieldErrors === "object" &&
    Object.keys((value as FormRejection).fieldErrors).length > 0
  );
}

/**
 * The fields of a posted form. A body that is not a form (another Content-Type, broken multipart) reads as
 * an empty form: the person gets the usual "answer these questions" errors, not a server error page.
 * Found by the bad-input suite (tests/unit/fuzz-forms.test.ts).
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    return new FormData();
  }
}
