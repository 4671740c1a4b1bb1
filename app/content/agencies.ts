// Agencies and units as data (app/data/agencies.json); the database is seeded from the same file.
import { z } from "zod";
import rawAgencies from "~/data/agencies.json";
import type { Language } from "~/i18n/languages";

const named = { en: z.string().min(1), ur: z.string().min(1) };

export const agenciesSchema = z.object({
  agencies: z.array(
    z.object({
      code: z.string(),
      kind: z.enum(["fia", "police", "triage"]),
      ...named,
      units: z.array(z.object({ code: z.string(), ...named })),
    }),
  ),
});

export const agencyData = agenciesSchema.parse(rawAgencies).agencies;

const agencyNames = new Map(agencyData.map((agency) => [agency.code, agency]));
const unitNames = new Map(agencyData.flatMap((agency) => agency.units.map((unit) => [unit.code, unit])));

export function agencyName(code: string, lang: Language): string {
  return agencyNames.get(code)?.[lang] ?? code;
}

export function unitName(code: string | null | undefined, lang: Language): string | null {
  return code ? (unitNames.get(code)?.[lang] ?? code) : null;
}
