// Helplines are data (app/data/helplines.json), not page text: numbers change and staff will edit them.
import { z } from "zod";
import rawHelplines from "~/data/helplines.json";

const localized = z.object({ ur: z.string().min(1), en: z.string().min(1) });

export const helplineSchema = z.object({
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

export type Helpline = z.infer<typeof helplineSchema>;

export const helplines: readonly Helpline[] = z.array(helplineSchema).parse(rawHelplines);

export const emergencyHelpline: Helpline | undefined = helplines.find((helpline) => helpline.emergency);
