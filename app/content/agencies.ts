// The starting agencies and units (app/data/agencies.json), put into a new database by seedDirectory.
// After installation the database is the truth: read names through getDirectory().
import { z } from "zod";
import rawAgencies from "~/data/agencies.json";

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
