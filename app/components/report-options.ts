import type { TFunction } from "i18next";
import { commonDestinations, countryCodes } from "~/domain/countries";
import { districtsByProvince } from "~/domain/reference-data";
import { provinces } from "~/domain/tip";
import { intlLocaleOf, regionNames, type Language } from "~/i18n/languages";
import type { SelectOption } from "./forms";

const countryGroupsCache = new Map<Language, { label?: string; options: SelectOption[] }[]>();

/** Countries for the form: the usual destinations first, then every other country by name. */
export function countryGroups(lang: Language, t: TFunction) {
  const cached = countryGroupsCache.get(lang);
  if (cached) return cached;
  const names = regionNames(lang);
  const collator = new Intl.Collator(intlLocaleOf(lang));
  const option = (code: string) => ({ value: code, label: names.of(code) ?? code });
  const groups = [
    { label: t("fields.country.common"), options: commonDestinations.map(option) },
    {
      label: t("fields.country.all"),
      options: [...countryCodes]
        .filter((code) => code !== "PK")
        .map(option)
        .sort((a, b) => collator.compare(a.label, b.label)),
    },
  ];
  countryGroupsCache.set(lang, groups);
  return groups;
}

/** Districts grouped under their province. */
export function districtGroups(lang: Language, t: TFunction) {
  const collator = new Intl.Collator(intlLocaleOf(lang));
  return provinces.map((province) => ({
    label: t(`provinces.${province}`),
    options: districtsByProvince[province]
      .map((district) => ({ value: district.id, label: district[lang] }))
      .sort((a, b) => collator.compare(a.label, b.label)),
  }));
}
