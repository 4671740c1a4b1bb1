import { describe, expect, test } from "vitest";
import { routingTableData } from "~/domain/reference-data";
import {
  agencyNamesSchema,
  canRemoveRoute,
  fiaRouteSchema,
  helplineFromForm,
  helplineSchema,
  parsePlace,
  placeValue,
  routingRowsFromTable,
  routingTableFromRows,
  telFromNumber,
  unitSchema,
} from "./directory";
import { fiaUnitFor, routeTip, unitOnArrival } from "./routing";

describe("routing table rows", () => {
  test("the starting table survives a round trip through its rows", () => {
    expect(routingTableFromRows(routingRowsFromTable(routingTableData))).toEqual(routingTableData);
  });

  test("without a default row there is no table", () => {
    expect(routingTableFromRows([{ placeKind: "province", place: "punjab", unitCode: "fia-ahtc-lahore" }])).toBeNull();
  });

  test("rows for unknown provinces are ignored rather than trusted", () => {
    const table = routingTableFromRows([
      { placeKind: "default", place: "*", unitCode: "fia-ahtc-islamabad" },
      { placeKind: "province", place: "atlantis", unitCode: "fia-ahtc-lahore" },
    ]);
    expect(table?.fiaUnits.byProvince).toEqual({});
  });
});

describe("fiaUnitFor", () => {
  const table = routingTableData;
  test.each([
    ["punjab", "faisalabad", "fia-ahtc-faisalabad", "fia_unit_for_district"],
    ["punjab", "lahore", "fia-ahtc-lahore", "fia_unit_for_province"],
    ["sindh", null, "fia-ahtc-karachi", "fia_unit_for_province"],
    [null, null, "fia-ahtc-islamabad", "fia_default_unit"],
    ["unknown", undefined, "fia-ahtc-islamabad", "fia_default_unit"],
  ] as const)("%s / %s → %s (%s)", (province, district, unit, reason) => {
    expect(fiaUnitFor(table, province, district)).toEqual({ unit, reason });
  });

  test("a place named like an Object property does not find the prototype's", () => {
    expect(fiaUnitFor(table, "constructor", "__proto__")).toEqual({
      unit: "fia-ahtc-islamabad",
      reason: "fia_default_unit",
    });
    expect(fiaUnitFor(table, "toString", "hasOwnProperty").unit).toBe("fia-ahtc-islamabad");
  });

  test("routeTip uses the same rule", () => {
    const decision = routeTip(
      {
        category: "fake_job_offer",
        crossesBorder: "yes",
        province: "punjab",
        district: "sialkot",
        victimAgeGroup: "adult",
        immediateDanger: false,
        description: "x",
      },
      table,
    );
    expect(decision.unit).toBe(fiaUnitFor(table, "punjab", "sialkot").unit);
  });

  test("a tip sent to the police has no unit; sent to the FIA it gets the circle for its place", () => {
    expect(unitOnArrival(table, "police-sindh", "sindh", "sukkur")).toBeNull();
    expect(unitOnArrival(table, "fia", "sindh", "sukkur")).toBe("fia-ahtc-karachi");
  });
});

describe("places", () => {
  test.each(["default:*", "province:kp", "district:sialkot"])("%s reads back to itself", (value) => {
    const place = parsePlace(value);
    expect(place).not.toBeNull();
    expect(placeValue(place!)).toBe(value);
  });

  test.each([
    "",
    "default",
    "default:punjab",
    "province:atlantis",
    "district:atlantis",
    "district:punjab",
    "city:lahore",
    "district:sialkot:extra",
    "province:constructor",
  ])("%j is not a place", (value) => {
    expect(parsePlace(value)).toBeNull();
  });

  test("the default route can be changed but never removed", () => {
    expect(canRemoveRoute("default")).toBe(false);
    expect(canRemoveRoute("province")).toBe(true);
    expect(canRemoveRoute("district")).toBe(true);
  });

  test("the route form reads a place and a unit, and names the field at fault", () => {
    expect(fiaRouteSchema.parse({ place: "district:sukkur", unitCode: "fia-ahtc-karachi" })).toEqual({
      place: { placeKind: "district", place: "sukkur" },
      unitCode: "fia-ahtc-karachi",
    });
    const bad = fiaRouteSchema.safeParse({ place: "district:nowhere", unitCode: "" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["place", "routing.errors.place"],
      ["unitCode", "routing.errors.unit"],
    ]);
  });
});

describe("helplines", () => {
  const valid = {
    id: "fia-tip-hotline",
    number: "111-247-786",
    emergency: false,
    nameEn: "FIA hotline",
    nameUr: "ایف آئی اے ہاٹ لائن",
    descriptionEn: "For trafficking complaints.",
    descriptionUr: "انسانی تجارت کی شکایت کے لیے۔",
    sourceEn: "Dawn",
    sourceUr: "ڈان",
    sourceDate: "2023-12-14",
    position: "0",
  };

  test.each([
    ["111-247-786", "111247786"],
    ["1099", "1099"],
    ["+92 51 111 345 786", "+9251111345786"],
    ["(051) 920-1234", "0519201234"],
  ])("tel for %j is %j", (number, tel) => {
    expect(telFromNumber(number)).toBe(tel);
  });

  test("a valid form becomes the helpline shown, with its tel link", () => {
    const parsed = helplineSchema.parse(valid);
    expect(helplineFromForm(parsed)).toEqual({
      id: "fia-tip-hotline",
      number: "111-247-786",
      tel: "111247786",
      emergency: false,
      name: { en: "FIA hotline", ur: "ایف آئی اے ہاٹ لائن" },
      description: { en: "For trafficking complaints.", ur: "انسانی تجارت کی شکایت کے لیے۔" },
      source: { en: "Dawn", ur: "ڈان" },
      sourceDate: "2023-12-14",
    });
    expect(parsed.position).toBe(0);
  });

  test("an empty source date means none", () => {
    expect(helplineSchema.parse({ ...valid, sourceDate: "  " }).sourceDate).toBeNull();
  });

  test.each([
    ["number", "call us", "helplines.errors.number"],
    ["number", "1", "helplines.errors.number"],
    ["number", "15 or 1122", "helplines.errors.number"],
    ["number", "", "helplines.errors.number"],
    ["id", "FIA Hotline", "helplines.errors.id"],
    ["id", "-x", "helplines.errors.id"],
    ["nameUr", "   ", "helplines.errors.nameUr"],
    ["descriptionEn", "x".repeat(601), "helplines.errors.descriptionEn"],
    ["sourceDate", "2023-02-30", "helplines.errors.sourceDate"],
    ["sourceDate", "14/12/2023", "helplines.errors.sourceDate"],
    ["position", "first", "helplines.errors.position"],
    ["position", "-1", "helplines.errors.position"],
    ["position", "1.5", "helplines.errors.position"],
  ])("%s = %j is refused with %s", (field, value, message) => {
    const result = helplineSchema.safeParse({ ...valid, [field]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues.find((issue) => issue.path[0] === field)?.message).toBe(message);
  });

  test("ids are trimmed and lower-cased", () => {
    expect(helplineSchema.parse({ ...valid, id: "  Mohr-Helpline " }).id).toBe("mohr-helpline");
  });
});

describe("agency and unit forms", () => {
  test("names are trimmed and required in both languages", () => {
    expect(agencyNamesSchema.parse({ code: "fia", nameEn: " FIA ", nameUr: " ایف آئی اے " })).toEqual({
      code: "fia",
      nameEn: "FIA",
      nameUr: "ایف آئی اے",
    });
    const result = agencyNamesSchema.safeParse({ code: "fia", nameEn: "", nameUr: "" });
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      "directory.errors.nameEn",
      "directory.errors.nameUr",
    ]);
  });

  test("a unit code is a lower-case slug", () => {
    expect(
      unitSchema.parse({ agencyCode: "fia", code: "FIA-AHTC-Sukkur", nameEn: "Sukkur", nameUr: "سکھر" }).code,
    ).toBe("fia-ahtc-sukkur");
    for (const code of ["fia ahtc", "fia_ahtc", "", "-fia", "fia--x", "x".repeat(61)]) {
      expect(unitSchema.safeParse({ agencyCode: "fia", code, nameEn: "a", nameUr: "b" }).success, code).toBe(false);
    }
  });
});
