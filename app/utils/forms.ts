import type { ZodError } from "zod";

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
