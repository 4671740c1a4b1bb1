// What a tip is, and the one schema that checks it, shared by the report form, the partner API and the tests.
// Error messages are i18n keys in the "report" namespace, translated where they are shown.
import { z } from "zod";
import { countryCodes } from "./countries";
import { isDistrictOf } from "./reference-data";

export const tipCategories = [
  "fake_job_offer",
  "bride_trafficking",
  "bonded_labour",
  "child_exploitation",
  "migrant_smuggling",
  "other",
] as const;
export type TipCategory = (typeof tipCategories)[number];

export const borderAnswers = ["yes", "no", "unknown"] as const;
export type BorderAnswer = (typeof borderAnswers)[number];

export const provinces = ["punjab", "sindh", "kp", "balochistan", "ict", "gb", "ajk"] as const;
export type Province = (typeof provinces)[number];
export const provinceAnswers = [...provinces, "unknown"] as const;
export type ProvinceAnswer = (typeof provinceAnswers)[number];

export const victimAgeGroups = ["child", "adult", "unknown"] as const;
export type VictimAgeGroup = (typeof victimAgeGroups)[number];

export const tipLanguages = ["ur", "en"] as const;

export const limits = {
  descriptionMin: 10,
  descriptionMax: 5_000,
  suspectsMax: 2_000,
  contactMax: 500,
  districtMax: 60,
  victimCountMax: 10_000,
} as const;

/**
 * Free text as people type it, made safe to store and show: Unicode NFC, no control characters except
 * line breaks and tabs, no stray zero-width joiners at the ends, trimmed.
 */
export function cleanText(value: string): string {
  return value
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]/g, "")
    .replace(/\n{4,}/g, "\n\n\n")
    .trim();
}

const message = (key: string) => ({ errorMap: () => ({ message: key }) });

const text = (key: string) => z.string(message(`errors.${key}.invalid`)).transform(cleanText);

const optionalText = (key: string, max: number) =>
  text(key)
    .pipe(z.string().max(max, { message: `errors.${key}.tooLong` }))
    .optional()
    .transform((value) => (value ? value : undefined));

export const tipSchema = z
  .object({
    category: z.enum(tipCategories, message("errors.category.required")),
    description: text("description").pipe(
      z
        .string()
        .min(1, { message: "errors.description.required" })
        .min(limits.descriptionMin, { message: "errors.description.tooShort" })
        .max(limits.descriptionMax, { message: "errors.description.tooLong" }),
    ),
    crossesBorder: z.enum(borderAnswers, message("errors.crossesBorder.invalid")).default("unknown"),
    country: z
      .string(message("errors.country.invalid"))
      .transform((value) => value.trim().toUpperCase())
      .refine((value) => value === "" || (countryCodes.has(value) && value !== "PK"), {
        message: "errors.country.invalid",
      })
      .optional()
      .transform((value) => (value ? value : undefined)),
    province: z.enum(provinceAnswers, message("errors.province.invalid")).default("unknown"),
    district: optionalText("district", limits.districtMax),
    victimCount: z
      .number(message("errors.victimCount.invalid"))
      .int({ message: "errors.victimCount.invalid" })
      .min(1, { message: "errors.victimCount.invalid" })
      .max(limits.victimCountMax, { message: "errors.victimCount.invalid" })
      .optional(),
    victimAgeGroup: z.enum(victimAgeGroups, message("errors.victimAgeGroup.invalid")).default("unknown"),
    immediateDanger: z.boolean(message("errors.immediateDanger.invalid")).default(false),
    suspects: optionalText("suspects", limits.suspectsMax),
    contactConsent: z.boolean(message("errors.contactConsent.invalid")).default(false),
    contact: optionalText("contact", limits.contactMax),
    language: z.enum(tipLanguages, message("errors.language.invalid")).default("ur"),
  })
  .superRefine((tip, context) => {
    // Contact details are kept only behind an explicit choice to share them.
    if (tip.contact && !tip.contactConsent) {
      context.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["contactConsent"],
        message: "errors.contactConsent.required",
      });
    }
    if (tip.district && tip.province === "unknown") {
      context.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["province"],
        message: "errors.province.neededForDistrict",
      });
    } else if (tip.district && !isDistrictOf(tip.province, tip.district)) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ["district"], message: "errors.district.notInProvince" });
    }
  });

export type TipInput = z.input<typeof tipSchema>;
export type Tip = z.output<typeof tipSchema>;

/** The order fields appear in the form: the error summary lists problems in this order. */
export const tipFieldOrder = [
  "category",
  "crossesBorder",
  "country",
  "province",
  "district",
  "victimCount",
  "victimAgeGroup",
  "immediateDanger",
  "description",
  "suspects",
  "contactConsent",
  "contact",
] as const;
