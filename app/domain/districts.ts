// Districts by province, from app/data/districts.json (data shipped with a release: tips store district ids).
import rawDistricts from "~/data/districts.json";
import type { Province } from "./tip";

export interface District {
  id: string;
  en: string;
  ur: string;
}

export const districtsByProvince = rawDistricts.provinces as Record<Province, District[]>;

export function isDistrictOf(province: string, districtId: string): boolean {
  return (districtsByProvince[province as Province] ?? []).some((district) => district.id === districtId);
}
