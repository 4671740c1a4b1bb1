import { describe, expect, test } from "vitest";
import { routingTableData as routingTable } from "./reference-data";
import { jurisdictionOfAgency, policeFor, routeTip, type RoutingFacts, type RoutingTable } from "./routing";

const table = routingTable as RoutingTable;

const base: RoutingFacts = {
  category: "other",
  crossesBorder: "unknown",
  province: "unknown",
  victimAgeGroup: "unknown",
  immediateDanger: false,
  description: "Something is wrong at a house near our street.",
};

describe("jurisdiction, agency and unit", () => {
  test.each<[string, Partial<RoutingFacts>, string, string, string | null]>([
    [
      "a cross-border fake job offer",
      { category: "fake_job_offer", crossesBorder: "yes", province: "punjab" },
      "external",
      "fia",
      "fia-ahtc-lahore",
    ],
    [
      "a named foreign country even when the reporter says no border",
      { crossesBorder: "no", country: "SA", province: "sindh" },
      "external",
      "fia",
      "fia-ahtc-karachi",
    ],
    [
      "a brick-kiln bonded labour case in Sindh",
      {
        category: "bonded_labour",
        crossesBorder: "no",
        province: "sindh",
        description: "A family cannot leave the brick kiln until the peshgi is repaid.",
      },
      "internal",
      "police-sindh",
      null,
    ],
    ["no province and no hint of a border", {}, "undetermined", "triage-desk", null],
    ["no province but a border crossing", { crossesBorder: "yes" }, "external", "fia", "fia-ahtc-islamabad"],
    [
      "migrant smuggling when the reporter does not know",
      { category: "migrant_smuggling", province: "balochistan" },
      "external",
      "fia",
      "fia-ahtc-quetta",
    ],
    [
      "a district with its own FIA circle",
      { crossesBorder: "yes", province: "punjab", district: "gujrat" },
      "external",
      "fia",
      "fia-ahtc-gujrat",
    ],
    [
      "Faisalabad goes to the Faisalabad circle",
      { crossesBorder: "yes", province: "punjab", district: "faisalabad" },
      "external",
      "fia",
      "fia-ahtc-faisalabad",
    ],
    [
      "a district without its own circle uses the province's",
      { crossesBorder: "yes", province: "punjab", district: "lahore" },
      "external",
      "fia",
      "fia-ahtc-lahore",
    ],
    ["internal in KP", { crossesBorder: "no", province: "kp" }, "internal", "police-kp", null],
    ["internal in Balochistan", { province: "balochistan" }, "internal", "police-balochistan", null],
    ["internal in Islamabad", { province: "ict" }, "internal", "police-ict", null],
    ["internal in Gilgit-Baltistan", { province: "gb" }, "internal", "police-gb", null],
    ["internal in AJK", { province: "ajk" }, "internal", "police-ajk", null],
    ["internal in Punjab", { province: "punjab" }, "internal", "police-punjab", null],
    [
      "the reporter says no border and the text names Dubai: their answer wins",
      { crossesBorder: "no", province: "punjab", description: "He promised a job in Dubai but it is a local kiln" },
      "internal",
      "police-punjab",
      null,
    ],
  ])("%s", (_, facts, jurisdiction, agency, unit) => {
    const decision = routeTip({ ...base, ...facts }, table);
    expect(decision.jurisdiction).toBe(jurisdiction);
    expect(decision.agency).toBe(agency);
    expect(decision.unit).toBe(unit);
    expect(decision.reasons.length).toBeGreaterThan(0);
    expect(decision.legalBasis.length + (jurisdiction === "undetermined" ? 1 : 0)).toBeGreaterThan(0);
  });
});

describe("when the reporter does not know, the words of the tip can point abroad", () => {
  test.each([
    ["English", "The agent said she will work in a salon in Dubai.", "AE"],
    ["Urdu", "ایجنٹ نے کہا کہ اسے دبئی میں نوکری ملے گی۔", "AE"],
    ["Roman Urdu", "agent ne kaha bahar mulk naukri milegi", "abroad"],
    ["Urdu, Iran", "لڑکی کو ایران لے جانے کی بات ہو رہی ہے", "IR"],
    ["Urdu, China", "رشتہ چین کے ایک آدمی سے طے ہوا ہے", "CN"],
    ["English, Saudi", "They took his passport for Saudi work visa", "SA"],
    ["English, Greece", "Boat to Greece next week", "GR"],
    ["Urdu, Turkey", "ترکی کے راستے یورپ بھیجنے کا وعدہ", "TR"],
    ["English, Libya", "flight to libya then boat", "LY"],
    ["Roman Urdu, Oman", "oman mein parlour ka kaam", "OM"],
  ])("%s: %s", (_, description, place) => {
    const decision = routeTip({ ...base, province: "punjab", description }, table);
    expect(decision.jurisdiction).toBe("external");
    expect(decision.reasons).toContain("destination_mentioned");
    expect(decision.destinationHints.map((hint) => hint.place)).toContain(place);
  });

  test.each([
    ["a word that only contains a destination", "The Omani-style dubaiya pattern on the dress"],
    ["چین meaning peace", "ہم اب چین سے سو نہیں سکتے، وہ بے چین ہیں"],
    ["nothing foreign", "ایک بچہ روز بھٹے پر کام کرتا ہے"],
  ])("%s does not count", (_, description) => {
    const decision = routeTip({ ...base, province: "sindh", description }, table);
    expect(decision.jurisdiction).toBe("internal");
    expect(decision.destinationHints).toEqual([]);
  });

  test("suspect details count too", () => {
    const decision = routeTip(
      { ...base, province: "kp", suspects: "Agent Bilal, office sends people to Qatar" },
      table,
    );
    expect(decision.destinationHints).toEqual([{ place: "QA", term: "qatar" }]);
  });
});

describe("reasons say why", () => {
  test("an external tip lists the border answer and how the FIA unit was chosen", () => {
    const decision = routeTip({ ...base, crossesBorder: "yes", province: "punjab", district: "sialkot" }, table);
    expect(decision.reasons).toEqual(["border_crossing_reported", "fia_unit_for_district"]);
  });

  test("an undetermined tip says there was neither a province nor a border hint", () => {
    expect(routeTip(base, table).reasons).toEqual(["no_province_no_border_hint"]);
  });

  test("an internal tip where the reporter said no border says both", () => {
    expect(routeTip({ ...base, crossesBorder: "no", province: "ict" }, table).reasons).toEqual([
      "reporter_says_no_border",
      "province_known",
    ]);
  });
});

describe("legal basis", () => {
  test.each<[Partial<RoutingFacts>, string[]]>([
    [{ category: "fake_job_offer", crossesBorder: "yes" }, ["ptpa_2018_external", "emigration_ordinance_1979"]],
    [{ category: "fake_job_offer", province: "punjab" }, ["ptpa_2018_internal"]],
    [{ category: "migrant_smuggling" }, ["ptpa_2018_external", "psma_2018"]],
    [{ category: "bonded_labour", province: "sindh" }, ["ptpa_2018_internal", "blsa_1992"]],
    [{}, []],
  ])("%j cites %j", (facts, basis) => {
    expect(routeTip({ ...base, ...facts }, table).legalBasis).toEqual(basis);
  });
});

describe("secondary referrals (also notify)", () => {
  test("bonded labour notifies the provincial labour department and the district vigilance committee", () => {
    const decision = routeTip({ ...base, category: "bonded_labour", province: "punjab", district: "kasur" }, table);
    expect(decision.alsoNotify).toEqual([
      { kind: "labour_department", place: "punjab" },
      { kind: "vigilance_committee", place: "kasur" },
    ]);
  });

  test("a child victim notifies the provincial child protection body", () => {
    const decision = routeTip({ ...base, victimAgeGroup: "child", province: "kp" }, table);
    expect(decision.alsoNotify).toEqual([{ kind: "child_protection", place: "kp" }]);
  });

  test("child exploitation notifies child protection even when the age group is not given", () => {
    const decision = routeTip({ ...base, category: "child_exploitation", province: "sindh" }, table);
    expect(decision.alsoNotify).toContainEqual({ kind: "child_protection", place: "sindh" });
  });

  test("immediate danger is urgent, and in an external case the local police are told too", () => {
    const decision = routeTip({ ...base, immediateDanger: true, crossesBorder: "yes", province: "punjab" }, table);
    expect(decision.urgent).toBe(true);
    expect(decision.reasons).toContain("immediate_danger");
    expect(decision.alsoNotify).toContainEqual({ kind: "provincial_police", place: "punjab" });
  });

  test("without a province there is nobody local to refer to", () => {
    const decision = routeTip(
      { ...base, category: "bonded_labour", victimAgeGroup: "child", immediateDanger: true },
      table,
    );
    expect(decision.alsoNotify).toEqual([]);
    expect(decision.urgent).toBe(true);
  });

  test("no danger, no urgency", () => {
    expect(routeTip(base, table).urgent).toBe(false);
  });
});

describe("jurisdictionOfAgency", () => {
  test.each([
    ["fia", "external"],
    ["police-punjab", "internal"],
    ["police-sindh", "internal"],
    ["police-kp", "internal"],
    ["police-balochistan", "internal"],
    ["police-ict", "internal"],
    ["police-gb", "internal"],
    ["police-ajk", "internal"],
    ["triage-desk", "undetermined"],
    ["fia-ahtc-lahore", "undetermined"],
    ["FIA", "undetermined"],
    ["police", "undetermined"],
    ["", "undetermined"],
  ] as const)("%j stands for %s", (agency, jurisdiction) => {
    expect(jurisdictionOfAgency(agency)).toBe(jurisdiction);
  });

  test("agrees with routeTip: every agency routeTip picks has the jurisdiction routeTip gave it", () => {
    const table = routingTable as RoutingTable;
    for (const facts of [
      { crossesBorder: "yes", province: "punjab" },
      { crossesBorder: "no", province: "sindh" },
      { crossesBorder: "no", province: "unknown" },
    ] as const) {
      const decision = routeTip({ category: "other", description: "x", ...facts } as RoutingFacts, table);
      expect(jurisdictionOfAgency(decision.agency), JSON.stringify(facts)).toBe(decision.jurisdiction);
    }
    expect(jurisdictionOfAgency(policeFor("gb"))).toBe("internal");
  });
});
