import { expect, test } from "vitest";
import {
  agencyData,
  districtName,
  districtsByProvince,
  helplineData,
  identifierWords,
  isDistrictOf,
  routingTableData,
} from "./reference-data";
import { provinces } from "./tip";

test.each([
  ["punjab", "attock", true],
  ["sindh", "karachi-south", true],
  ["sindh", "attock", false],
  ["punjab", "karachi-south", false],
  ["punjab", "", false],
  ["atlantis", "attock", false],
  ["__proto__", "attock", false],
  ["toString", "attock", false],
])("isDistrictOf(%j, %j) is %s", (province, district, expected) => {
  expect(isDistrictOf(province, district)).toBe(expected);
});

test.each([
  ["attock", "en", "Attock"],
  ["attock", "ur", "اٹک"],
  ["karachi-south", "en", "Karachi South"],
  ["no-longer-a-district", "en", "no-longer-a-district"],
  [null, "en", null],
  [undefined, "ur", null],
  ["", "ur", null],
] as const)("districtName(%j, %s) is %j", (id, lang, expected) => {
  expect(districtName(id, lang)).toBe(expected);
});

test("every province has its districts, and every district id is unique", () => {
  for (const province of provinces) expect(districtsByProvince[province]?.length, province).toBeGreaterThan(0);
  const ids = Object.values(districtsByProvince).flatMap((districts) => districts.map((district) => district.id));
  expect(new Set(ids).size).toBe(ids.length);
});

test("the starting directory agrees with itself: routing names real units and districts", () => {
  const units = new Set(agencyData.flatMap((agency) => agency.units.map((unit) => unit.code)));
  const { fiaUnits } = routingTableData;
  for (const unit of [fiaUnits.default, ...Object.values(fiaUnits.byProvince), ...Object.values(fiaUnits.byDistrict)])
    expect(units.has(unit!), unit).toBe(true);
  for (const district of Object.keys(fiaUnits.byDistrict))
    expect(
      provinces.some((province) => isDistrictOf(province, district)),
      district,
    ).toBe(true);
  expect(new Set(helplineData.map((helpline) => helpline.id)).size).toBe(helplineData.length);
});

test("the identifier word lists are read whole: single words, both scripts, every suffix family", () => {
  const { latinSuffixes, urduSuffixes, stopWords, genericWords } = identifierWords;
  expect(latinSuffixes.map((family) => family.canonical)).toContain("overseas employment promoters");
  expect(urduSuffixes.map((family) => family.canonical)).toContain("ٹریولز");
  for (const word of ["the", "jaali", "نے", "وغیرہ"]) expect(stopWords).toContain(word);
  for (const word of ["sons", "pindi", "ویزا", "کراچی"]) expect(genericWords).toContain(word);
  for (const word of [...stopWords, ...genericWords]) expect(word).toMatch(/^\S+$/);
});
