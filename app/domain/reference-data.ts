// Reference data: the one loader of app/data/*.json (docs/decisions/035). The files are data shipped with a
// release; each is checked here when the module loads, so a malformed file stops the app at start rather than
// on a reporter's form, and given its type. Nothing else imports app/data (a lint rule says so).
// - Districts: tips store district ids, so the list changes only with a release.
// - The starting directory (agencies and units, FIA circle routing, helplines): seedDirectory puts it into a new
//   database; after that the database is the truth, read through getDirectory() (docs/decisions/013).
// - Identifier word lists: how a recruiting agency's name is recognised in a tip (identifiers.ts).
// Only `import type` from the rest of the domain: tip.ts and identifiers.ts import this module, and a value
// import back would make a cycle that runs before its values exist.
import { z } from "zod";
import rawAgencies from "~/data/agencies.json";
import rawDistricts from "~/data/districts.json";
import rawHelplines from "~/data/helplines.json";
import rawIdentifierWords from "~/data/identifier-words.json";
import rawRoutingTable from "~/data/routing-table.json";
import type { Helpline } from "./directory";
import type { RoutingTable } from "./routing";
import type { Province } from "./tip";

const localized = z.object({ ur: z.string().min(1), en: z.string().min(1) });

// ---------------------------------------------------------------------------------------------------------
// Districts by province

export interface District {
  id: string;
  en: string;
  ur: string;
}

const districtSchema = z.object({ id: z.string().regex(/^[a-z0-9-]+$/), en: z.string().min(1), ur: z.string().min(1) });

export const districtsByProvince = z.object({ provinces: z.record(z.array(districtSchema)) }).parse(rawDistricts)
  .provinces as Record<Province, District[]>;

const districtsById = new Map(
  Object.values(districtsByProvince).flatMap((districts) => districts.map((district) => [district.id, district])),
);

export function isDistrictOf(province: string, districtId: string): boolean {
  // Own keys only: "__proto__" or "toString" is no province.
  if (!Object.hasOwn(districtsByProvince, province)) return false;
  return districtsByProvince[province as Province].some((district) => district.id === districtId);
}

/** A district's name in a language; an id no longer in the list is shown as it is. */
export function districtName(id: string | null | undefined, lang: "ur" | "en"): string | null {
  return id ? (districtsById.get(id)?.[lang] ?? id) : null;
}

// ---------------------------------------------------------------------------------------------------------
// The starting directory

export const agenciesSchema = z.object({
  agencies: z.array(
    z.object({
      code: z.string(),
      kind: z.enum(["fia", "police", "triage"]),
      ...localized.shape,
      units: z.array(z.object({ code: z.string(), ...localized.shape })),
    }),
  ),
});

export const agencyData = agenciesSchema.parse(rawAgencies).agencies;

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

const unitCode = z.string().min(1);

export const routingTableData: RoutingTable = z
  .object({
    fiaUnits: z.object({
      default: unitCode,
      byProvince: z.record(unitCode),
      byDistrict: z.record(unitCode),
    }),
  })
  .parse(rawRoutingTable);

// ---------------------------------------------------------------------------------------------------------
// Identifier word lists

export interface SuffixFamily {
  canonical: string;
  forms: readonly string[];
}

const suffixFamily = z.object({ canonical: z.string().min(1), forms: z.array(z.string().min(1)).min(1) });
/** Lines of words separated by single spaces (one line per topic keeps the file readable). */
const wordLines = z.array(z.string().regex(/^\S+(?: \S+)*$/)).transform((lines) => lines.join(" ").split(" "));

const identifierWordsData = z
  .object({
    agencySuffixes: z.object({ latin: z.array(suffixFamily), urdu: z.array(suffixFamily) }),
    stopWords: z.object({ english: wordLines, romanUrdu: wordLines, urdu: wordLines }),
    genericWords: wordLines,
  })
  .parse(rawIdentifierWords);

export const identifierWords: {
  latinSuffixes: readonly SuffixFamily[];
  urduSuffixes: readonly SuffixFamily[];
  stopWords: readonly string[];
  genericWords: readonly string[];
} = {
  latinSuffixes: identifierWordsData.agencySuffixes.latin,
  urduSuffixes: identifierWordsData.agencySuffixes.urdu,
  stopWords: Object.values(identifierWordsData.stopWords).flat(),
  genericWords: identifierWordsData.genericWords,
};
