import { IntentFormSection } from "./intent-form";
import { useTranslation } from "react-i18next";
import type { Language } from "~/i18n/languages";
import { AdminTable } from "./admin-table";
import { TextInput } from "./forms";

// The directory page's table and duty-address form (/staff/directory, docs/decisions/028).

type Names = Record<Language, string>;
interface AgencyRow {
  code: string;
  name: Names;
  units: { code: string; name: Names }[];
}

function RenameLink({ kind, code, name }: { kind: "agency" | "unit"; code: string; name: string }) {
  const { t } = useTranslation("staff");
  return (
    <a href={`/staff/directory?${kind}=${encodeURIComponent(code)}#directory-form`}>
      {t("directory.rename")}
      <span className="visually-hidden">: {name}</span>
    </a>
  );
}

export function DirectoryTable({
  agencies,
  alertAddresses,
  lang,
}: {
  agencies: AgencyRow[];
  alertAddresses: { agencies: Record<string, string | null>; units: Record<string, string | null> };
  lang: Language;
}) {
  const { t } = useTranslation("staff");
  return (
    <AdminTable columns={[t("directory.agency"), t("directory.otherLanguage"), t("directory.units")]}>
      {agencies.map((agency) => (
        <tr key={agency.code}>
          <td>
            {agency.name[lang]} <span dir="ltr">({agency.code})</span>
            <br />
            <RenameLink kind="agency" code={agency.code} name={agency.name[lang]} />
            <br />
            <span dir="ltr" data-alert-email={agency.code}>
              {alertAddresses.agencies[agency.code] ?? t("directory.noAlertEmail")}
            </span>
          </td>
          <td>{agency.name[lang === "ur" ? "en" : "ur"]}</td>
          <td>
            {agency.units.length === 0 ? (
              "—"
            ) : (
              <ul>
                {agency.units.map((unit) => (
                  <li key={unit.code}>
                    {unit.name[lang]} · <RenameLink kind="unit" code={unit.code} name={unit.name[lang]} />
                    {alertAddresses.units[unit.code] ? (
                      <>
                        {" · "}
                        <span dir="ltr">{alertAddresses.units[unit.code]}</span>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </td>
        </tr>
      ))}
    </AdminTable>
  );
}

/** Posted with the agency or unit in the address, so a rejected address comes back with its rename form filled. */
export function AlertEmailForm({
  intent,
  code,
  alertEmail,
  error,
}: {
  intent: string;
  code: string;
  alertEmail: string;
  error?: string;
}) {
  const { t } = useTranslation("staff");
  return (
    <IntentFormSection
      headingId="alert-email-form"
      heading={t("directory.alertEmailFor", { code: code })}
      intent={intent}
      submit={t("directory.saveAlertEmail")}
      action={`/staff/directory?${intent === "alert-email-agency" ? "agency" : "unit"}=${encodeURIComponent(code)}`}
    >
      <input type="hidden" name="code" value={code} />
      <TextInput
        name="alertEmail"
        label={t("directory.alertEmail")}
        hint={t("directory.alertEmailHint")}
        error={error}
        value={alertEmail}
      />
    </IntentFormSection>
  );
}
