// Which agency gets a tip, and why. Under the Prevention of Trafficking in Persons Act 2018, trafficking
// across Pakistan's border (external) is investigated by the FIA and trafficking inside Pakistan (internal)
// by the provincial police (seed document 001 L64-66; see docs/decisions/006-routing-rules.md).
// Pure: the tables come in as data, so admins can change them without touching this code.
import { findDestinationHints, type DestinationHint } from "./destinations";
import type { BorderAnswer, Province, ProvinceAnswer, TipCategory, VictimAgeGroup } from "./tip";

export type Jurisdiction = "external" | "internal" | "undetermined";

export type AgencyCode =
  | "fia"
  | "police-punjab"
  | "police-sindh"
  | "police-kp"
  | "police-balochistan"
  | "police-ict"
  | "police-gb"
  | "police-ajk"
  | "triage-desk";

export type ReasonCode =
  | "border_crossing_reported"
  | "foreign_country_named"
  | "destination_mentioned"
  | "category_is_cross_border"
  | "reporter_says_no_border"
  | "province_known"
  | "no_province_no_border_hint"
  | "fia_unit_for_district"
  | "fia_unit_for_province"
  | "fia_default_unit"
  | "immediate_danger";

export type LegalBasis =
  "ptpa_2018_external" | "ptpa_2018_internal" | "psma_2018" | "emigration_ordinance_1979" | "blsa_1992";

export type ReferralKind = "labour_department" | "vigilance_committee" | "child_protection" | "provincial_police";

export interface Referral {
  kind: ReferralKind;
  /** Province or district id the referral is for. */
  place: string;
}

export interface RoutingFacts {
  category: TipCategory;
  crossesBorder: BorderAnswer;
  country?: string;
  province: ProvinceAnswer;
  district?: string;
  victimAgeGroup: VictimAgeGroup;
  immediateDanger: boolean;
  description: string;
  suspects?: string;
}

export interface RoutingTable {
  fiaUnits: {
    default: string;
    byProvince: Partial<Record<Province, string>>;
    byDistrict: Record<string, string>;
  };
}

export interface RoutingDecision {
  jurisdiction: Jurisdiction;
  agency: AgencyCode;
  unit: string | null;
  reasons: ReasonCode[];
  /** Words in the tip that pointed abroad, shown to staff with the destination_mentioned reason. */
  destinationHints: DestinationHint[];
  legalBasis: LegalBasis[];
  alsoNotify: Referral[];
  urgent: boolean;
}

const crossBorderCategories: readonly TipCategory[] = ["migrant_smuggling"];

export function policeFor(province: Province): AgencyCode {
  return `police-${province}` as AgencyCode;
}

/**
 * The jurisdiction an agency stands for, when a tip moves to it by hand (a transfer): the FIA investigates
 * trafficking across the border, a provincial police force trafficking inside Pakistan, and anyone else (the
 * triage desk, an agency added later) leaves it undetermined.
 */
export function jurisdictionOfAgency(agencyCode: string): Jurisdiction {
  if (agencyCode === "fia") return "external";
  return agencyCode.startsWith("police-") ? "internal" : "undetermined";
}

/** The FIA circle for a place: a district entry wins over its province; anything else goes to the default. */
export function fiaUnitFor(
  table: RoutingTable,
  province: string | null | undefined,
  district: string | null | undefined,
): { unit: string; reason: "fia_unit_for_district" | "fia_unit_for_province" | "fia_default_unit" } {
  // Own keys only: a place named "constructor" must not find Object.prototype's.
  const byDistrict =
    district && Object.hasOwn(table.fiaUnits.byDistrict, district) ? table.fiaUnits.byDistrict[district] : undefined;
  if (byDistrict) return { unit: byDistrict, reason: "fia_unit_for_district" };
  const byProvince =
    province && Object.hasOwn(table.fiaUnits.byProvince, province)
      ? table.fiaUnits.byProvince[province as Province]
      : undefined;
  if (byProvince) return { unit: byProvince, reason: "fia_unit_for_province" };
  return { unit: table.fiaUnits.default, reason: "fia_default_unit" };
}

/** The unit a tip lands in when it is sent to an agency: the FIA's circle for its place; police have no units here. */
export function unitOnArrival(
  table: RoutingTable,
  agency: string,
  province: string | null | undefined,
  district: string | null | undefined,
): string | null {
  return agency === "fia" ? fiaUnitFor(table, province, district).unit : null;
}

export function routeTip(facts: RoutingFacts, table: RoutingTable): RoutingDecision {
  const reasons: ReasonCode[] = [];
  let destinationHints: DestinationHint[] = [];
  const province = facts.province === "unknown" ? null : facts.province;

  let external = false;
  if (facts.crossesBorder === "yes") {
    external = true;
    reasons.push("border_crossing_reported");
  }
  if (facts.country && facts.country !== "PK") {
    external = true;
    reasons.push("foreign_country_named");
  }
  if (!external && facts.crossesBorder === "unknown") {
    // The reporter does not know: the category and the words they used may still point abroad.
    if (crossBorderCategories.includes(facts.category)) {
      external = true;
      reasons.push("category_is_cross_border");
    }
    destinationHints = findDestinationHints(facts.description, facts.suspects);
    if (destinationHints.length > 0) {
      external = true;
      reasons.push("destination_mentioned");
    }
  }
  if (!external && facts.crossesBorder === "no") reasons.push("reporter_says_no_border");

  let jurisdiction: Jurisdiction;
  let agency: AgencyCode;
  let unit: string | null = null;
  if (external) {
    jurisdiction = "external";
    agency = "fia";
    const circle = fiaUnitFor(table, province, facts.district);
    unit = circle.unit;
    reasons.push(circle.reason);
  } else if (province) {
    jurisdiction = "internal";
    agency = policeFor(province);
    reasons.push("province_known");
  } else {
    jurisdiction = "undetermined";
    agency = "triage-desk";
    reasons.push("no_province_no_border_hint");
  }

  if (facts.immediateDanger) reasons.push("immediate_danger");

  return {
    jurisdiction,
    agency,
    unit,
    reasons,
    destinationHints,
    legalBasis: legalBasisFor(jurisdiction, facts.category),
    alsoNotify: referralsFor(facts, jurisdiction, province),
    urgent: facts.immediateDanger,
  };
}

function legalBasisFor(jurisdiction: Jurisdiction, category: TipCategory): LegalBasis[] {
  const basis: LegalBasis[] = [];
  if (jurisdiction === "external") basis.push("ptpa_2018_external");
  if (jurisdiction === "internal") basis.push("ptpa_2018_internal");
  if (category === "migrant_smuggling") basis.push("psma_2018");
  if (category === "fake_job_offer" && jurisdiction === "external") basis.push("emigration_ordinance_1979");
  if (category === "bonded_labour") basis.push("blsa_1992");
  return basis;
}

function referralsFor(facts: RoutingFacts, jurisdiction: Jurisdiction, province: Province | null): Referral[] {
  const referrals: Referral[] = [];
  if (!province) return referrals;
  if (facts.category === "bonded_labour") {
    referrals.push({ kind: "labour_department", place: province });
    if (facts.district) referrals.push({ kind: "vigilance_committee", place: facts.district });
  }
  if (facts.victimAgeGroup === "child" || facts.category === "child_exploitation") {
    referrals.push({ kind: "child_protection", place: province });
  }
  // Someone in danger now needs the local police, even when the FIA leads the case.
  if (facts.immediateDanger && jurisdiction === "external") {
    referrals.push({ kind: "provincial_police", place: province });
  }
  return referrals;
}
