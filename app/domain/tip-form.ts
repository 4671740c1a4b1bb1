// Turns the report form's fields (all strings) into the tip schema's input. Deliberately forgiving about how
// people type numbers (Urdu digits, spaces) and strict about everything else: the schema decides.
import type { Language } from "~/i18n/languages";
import { tipFieldOrder, type TipInput } from "./tip";

const urduDigits = /[\u06f0-\u06f9\u0660-\u0669]/g;

function toAsciiDigits(text: string): string {
  return text.replace(urduDigits, (digit) => String((digit.charCodeAt(0) & 0xf) % 10));
}

/** The fields the form sends back to the page when it is rejected, so nothing typed is lost. */
export const tipFormFields = tipFieldOrder;

/** The first value of a field when it is text; files and missing fields give undefined. */
function field(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
}

export function tipInputFromForm(form: FormData, language: Language): Record<keyof TipInput, unknown> {
  const optional = (name: string) => {
    const value = field(form, name)?.trim();
    return value ? value : undefined;
  };
  const victimCount = optional("victimCount");
  const yesNo = (name: string) => {
    const value = optional(name);
    if (value === undefined || value === "no") return false;
    return value === "yes" ? true : value; // anything else fails the schema's boolean check
  };
  return {
    category: optional("category"),
    description: field(form, "description") ?? "",
    crossesBorder: optional("crossesBorder"),
    country: optional("country"),
    province: optional("province"),
    district: optional("district"),
    victimCount:
      victimCount === undefined
        ? undefined
        : /^\d{1,6}$/.test(toAsciiDigits(victimCount).replace(/\s/g, ""))
          ? Number(toAsciiDigits(victimCount).replace(/\s/g, ""))
          : victimCount,
    victimAgeGroup: optional("victimAgeGroup"),
    immediateDanger: yesNo("immediateDanger"),
    suspects: field(form, "suspects"),
    contactConsent: yesNo("contactConsent"),
    contact: field(form, "contact"),
    language,
  };
}

/** What the person typed, to fill the form again after an error. */
export function tipFormValues(form: FormData): Record<string, string> {
  return Object.fromEntries(tipFormFields.map((name) => [name, field(form, name) ?? ""]));
}
