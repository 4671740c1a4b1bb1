// The starting helplines (app/data/helplines.json), put into a new database by seedDirectory. Numbers
// change, so after installation admins edit them on /staff/helplines: read them through getDirectory().
import { z } from "zod";
import rawHelplines from "~/data/helplines.json";
import type { Helpline } from "~/domain/directory";

export type { Helpline } from "~/domain/directory";

const localized = z.object({ ur: z.string().min(1), en: z.string().min(1) });

export const helplineDataSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  number: z.string().min(1),
  /** Digits only, for the tel: link. */
  tel: z.string().regex(/^\+?[0-9]+$/),
  emergency: z.boolean(),
  name: localized,
  description: localized,
  source: localized,
  sourceDate: z.string().date().nullable(),
});

export const helplineData: readonly Helpline[] = z.array(helplineDataSchema).parse(rawHelplines);
