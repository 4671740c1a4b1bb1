// The directory: agencies and their units, the FIA circle routing table, and the helplines shown to the
// public. Admins edit it on staff pages; this module holds the shapes, the form schemas and the pure checks.
// Agency codes are fixed (routing follows the PTPA 2018, see routing.ts); their names and units are not.
import { z } from "zod";
import { districtsByProvince } from "./reference-data";
import type { RoutingTable } from "./routing";
import { provinces, type Province } from "./tip";

export type Localized = { en: string; ur: string };

export interface DirectoryUnit {
  code: string;
  name: Localized;
}

export interface DirectoryAgency {
  code: string;
  kind: "fia" | "police" | "triage";
  name: Localized;
  units: DirectoryUnit[];
}

export interface Helpline {
  id: string;
  number: string;
  /** Digits only (and an optional leading +), for the tel: link. */
  tel: string;
  emergency: boolean;
  name: Localized;
  description: Localized;
  source: Localized;
  sourceDate: string | null;
}

export interface FiaUnitRouteRow {
  placeKind: "default" | "province" | "district";
  place: string;
  unitCode: string;
}

export const defaultPlace = "*";

/** Builds the routing table from its rows. Without a default row there is no table: routing needs one. */
export function routingTableFromRows(rows: readonly FiaUnitRouteRow[]): RoutingTable | null {
  const fallback = rows.find((row) => row.placeKind === "default");
  if (!fallback) return null;
  const byProvince: Partial<Record<Province, string>> = {};
  const byDistrict: Record<string, string> = {};
  for (const row of rows) {
    if (row.placeKind === "province" && isProvince(row.place)) byProvince[row.place] = row.unitCode;
    if (row.placeKind === "district") byDistrict[row.place] = row.unitCode;
  }
  return { fiaUnits: { default: fallback.unitCode, byProvince, byDistrict } };
}

/** The rows that store a routing table (the inverse of routingTableFromRows). */
export function routingRowsFromTable(table: RoutingTable): FiaUnitRouteRow[] {
  return [
    { placeKind: "default", place: defaultPlace, unitCode: table.fiaUnits.default },
    ...Object.entries(table.fiaUnits.byProvince).map(([place, unitCode]) => ({
      placeKind: "province" as const,
      place,
      unitCode: unitCode!,
    })),
    ...Object.entries(table.fiaUnits.byDistrict).map(([place, unitCode]) => ({
      placeKind: "district" as const,
      place,
      unitCode,
    })),
  ];
}

function isProvince(value: string): value is Province {
  return (provinces as readonly string[]).includes(value);
}

const allDistrictIds = new Set(
  Object.values(districtsByProvince).flatMap((districts) => districts.map((district) => district.id)),
);

export function isKnownDistrict(id: string): boolean {
  return allDistrictIds.has(id);
}

/** The digits (and a leading +) of a phone number as written, for a tel: link: "111-247-786" → "111247786". */
export function telFromNumber(number: string): string {
  const trimmed = number.trim();
  const digits = trimmed.replace(/[^0-9]/g, "");
  return trimmed.startsWith("+") ? `+${digits}` : digits;
}

// ----- Form schemas (one per form; messages are keys in the staff namespace) -----

const name = (message: string) => z.string().trim().min(1, { message }).max(160, { message });
const text = (message: string, max: number) => z.string().trim().min(1, { message }).max(max, { message });
const slug = (message: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message })
    .max(60, { message });

export const agencyNamesSchema = z.object({
  code: z.string().trim().min(1, { message: "directory.errors.unitCode" }),
  nameEn: name("directory.errors.nameEn"),
  nameUr: name("directory.errors.nameUr"),
});

export const unitSchema = z.object({
  agencyCode: z.string().min(1, { message: "directory.errors.agency" }),
  code: slug("directory.errors.unitCode"),
  nameEn: name("directory.errors.nameEn"),
  nameUr: name("directory.errors.nameUr"),
});

/** Phone numbers as people write them: digits with spaces, dashes, brackets and an optional leading +. */
const phoneNumber = z
  .string()
  .trim()
  .min(1, { message: "helplines.errors.number" })
  .max(40, { message: "helplines.errors.number" })
  .regex(/^\+?[0-9][0-9 ()-]*$/, { message: "helplines.errors.number" })
  .refine((value) => telFromNumber(value).replace("+", "").length >= 2, { message: "helplines.errors.number" });

export const helplineSchema = z.object({
  id: slug("helplines.errors.id"),
  number: phoneNumber,
  emergency: z.boolean(),
  nameEn: text("helplines.errors.nameEn", 160),
  nameUr: text("helplines.errors.nameUr", 160),
  descriptionEn: text("helplines.errors.descriptionEn", 600),
  descriptionUr: text("helplines.errors.descriptionUr", 600),
  sourceEn: text("helplines.errors.sourceEn", 200),
  sourceUr: text("helplines.errors.sourceUr", 200),
  sourceDate: z
    .string()
    .trim()
    .transform((value) => value || null)
    .pipe(z.string().date("helplines.errors.sourceDate").nullable()),
  position: z.coerce
    .number({ message: "helplines.errors.position" })
    .int({ message: "helplines.errors.position" })
    .min(0, { message: "helplines.errors.position" })
    .max(999, { message: "helplines.errors.position" }),
});

export type HelplineForm = z.output<typeof helplineSchema>;

/** The helpline as stored and shown, from the form. */
export function helplineFromForm(form: HelplineForm): Helpline {
  return {
    id: form.id,
    number: form.number,
    tel: telFromNumber(form.number),
    emergency: form.emergency,
    name: { en: form.nameEn, ur: form.nameUr },
    description: { en: form.descriptionEn, ur: form.descriptionUr },
    source: { en: form.sourceEn, ur: form.sourceUr },
    sourceDate: form.sourceDate,
  };
}

/** A place as one form value: "default:*", "province:punjab" or "district:faisalabad". */
export function placeValue(row: Pick<FiaUnitRouteRow, "placeKind" | "place">): string {
  return `${row.placeKind}:${row.place}`;
}

/** Reads a place value back; null for anything that is not a known province, district or the default. */
export function parsePlace(value: string): Pick<FiaUnitRouteRow, "placeKind" | "place"> | null {
  const [placeKind = "", place = "", ...rest] = value.split(":");
  if (rest.length > 0) return null;
  if (placeKind === "default" && place === defaultPlace) return { placeKind, place };
  if (placeKind === "province" && isProvince(place)) return { placeKind, place };
  if (placeKind === "district" && isKnownDistrict(place)) return { placeKind, place };
  return null;
}

/** The "send external tips from this place to this FIA circle" form. */
export const fiaRouteSchema = z.object({
  place: z.string().transform((value, context) => {
    const parsed = parsePlace(value.trim());
    if (!parsed) context.addIssue({ code: "custom", message: "routing.errors.place" });
    return parsed ?? z.NEVER;
  }),
  unitCode: z.string().trim().min(1, { message: "routing.errors.unit" }),
});

/** Removing a route: the default cannot be removed (every external tip must find a circle). */
export function canRemoveRoute(placeKind: FiaUnitRouteRow["placeKind"]): boolean {
  return placeKind !== "default";
}
