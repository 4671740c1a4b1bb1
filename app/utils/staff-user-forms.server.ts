import { z } from "zod";
import { staffRoles } from "~/domain/permissions";
import { isPublishedPassword } from "~/domain/published-passwords";
import type { Directory } from "~/models/directory.server";
import { passwordLimits } from "./password.server";

// The two forms of the staff-accounts page (/staff/users), one schema each.

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
      email: z.string().trim().toLowerCase().email({ message: "users.errors.email" }).max(200, { message: "users.errors.email" }),
      name: z.string().trim().min(1, { message: "users.errors.name" }).max(120, { message: "users.errors.name" }),
      role: z.enum(staffRoles, { errorMap: () => ({ message: "users.errors.role" }) }),
      agencyCode: optional,
      unitCode: optional,
      password: newPassword,
    })
    .superRefine((value, context) => {
      const needsAgency = value.role === "agent" || value.role === "supervisor";
      if (needsAgency && !directory.hasAgency(value.agencyCode ?? "")) {
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
