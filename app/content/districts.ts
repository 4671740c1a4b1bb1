import type { Language } from "~/i18n/languages";
import { districtsByProvince } from "~/domain/districts";

const districtNames = new Map(
  Object.values(districtsByProvince).flatMap((districts) => districts.map((district) => [district.id, district])),
);

export function districtName(id: string | null | undefined, lang: Language): string | null {
  return id ? (districtNames.get(id)?.[lang] ?? id) : null;
}
