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
