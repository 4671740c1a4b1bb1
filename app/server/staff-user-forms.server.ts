import { z } from "zod";
import { belongsToAgency, staffRoles } from "~/domain/permissions";
import { isPublishedPassword } from "~/domain/published-passwords";
import type { Directory } from "~/models/directory.server";
import { passwordLimits } from "./password.server";

// The forms about staff accounts, one schema each: an administrator's (/staff/users) and a staff member's own
// password change (/staff/account).

export const newStaffFields = ["email", "name", "role", "agencyCode", "unitCode", "password"] as const;
/** What a rejected "new staff member" form shows again: everything but the password. */
export const newStaffKept = ["email", "name", "role", "agencyCode", "unitCode"] as const;

const newPassword = z
  .string()
  .min(passwordLimits.min, { message: "users.errors.password" })
  .max(passwordLimits.max, { message: "users.errors.password" })
  .refine((password) => !isPublishedPassword(password), { message: "users.errors.published" });

/** A field left empty is absent (no agency, no unit). */
const optional = z.string().transform((value) => value || undefined);

/** The "new staff member" form; agencies and units are checked against the directory. */
export const newStaffSchema = (directory: Pick<Directory, "hasAgency" | "agencyOfUnit">) =>
  z
    .object({
      email: z
        .string()
        .trim()
        .toLowerCase()
        .email({ message: "users.errors.email" })
        .max(200, { message: "users.errors.email" }),
      name: z.string().trim().min(1, { message: "users.errors.name" }).max(120, { message: "users.errors.name" }),
      role: z.enum(staffRoles, { errorMap: () => ({ message: "users.errors.role" }) }),
      agencyCode: optional,
      unitCode: optional,
      password: newPassword,
    })
    .superRefine((value, context) => {
      if (belongsToAgency(value.role) && !directory.hasAgency(value.agencyCode ?? "")) {
        context.addIssue({ code: "custom", path: ["agencyCode"], message: "users.errors.agency" });
      }
      // A unit belongs to one agency: an FIA circle cannot be given to a police officer.
      if (value.unitCode && directory.agencyOfUnit(value.unitCode) !== value.agencyCode) {
        context.addIssue({ code: "custom", path: ["unitCode"], message: "users.errors.unit" });
      }
    });

export const passwordResetFields = ["staffUserId", "newPassword"] as const;

/** The "set a new password" form (an administrator's reset for a staff member). */
export const passwordResetSchema = z.object({
  staffUserId: z.string().min(1, { message: "users.errors.member" }).max(64, { message: "users.errors.member" }),
  newPassword,
});

/** One schema for the "change your password" form. Passwords are never trimmed. */
export const passwordChangeSchema = z
  .object({
    currentPassword: z
      .string()
      .min(1, { message: "account.password.errors.currentMissing" })
      // Nobody's password is longer; refusing here keeps the slow hash away from megabytes.
      .max(passwordLimits.max, { message: "account.password.errors.currentWrong" }),
    newPassword: z
      .string()
      .min(1, { message: "account.password.errors.newMissing" })
      .min(passwordLimits.min, { message: "account.password.errors.newTooShort" })
      .max(passwordLimits.max, { message: "account.password.errors.newTooLong" })
      .refine((password) => !isPublishedPassword(password), { message: "account.password.errors.published" }),
    confirmPassword: z.string().min(1, { message: "account.password.errors.confirmMissing" }),
  })
  .superRefine((value, context) => {
    if (value.confirmPassword && value.newPassword !== value.confirmPassword) {
      context.addIssue({ code: "custom", path: ["confirmPassword"], message: "account.password.errors.mismatch" });
    }
  });

export const passwordFields = ["currentPassword", "newPassword", "confirmPassword"] as const;
