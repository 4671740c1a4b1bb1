import { useTranslation } from "react-i18next";
import type { Helpline } from "~/domain/directory";
import { pakistanDate, type Language } from "~/i18n/languages";

function useSourceDate(lang: Language) {
  const dateFormat = pakistanDate(lang);
  return (helpline: Helpline) =>
    helpline.sourceDate ? ` (${dateFormat.format(new Date(`${helpline.sourceDate}T12:00:00+05:00`))})` : "";
}

export function HelplineList({ helplines, lang }: { helplines: readonly Helpline[]; lang: Language }) {
  const { t } = useTranslation("get-help");
  const sourceDate = useSourceDate(lang);
  return (
    <ul className="helplines">
      {helplines.map((helpline) => (
        <li key={helpline.id} className="helpline" id={`helpline-${helpline.id}`}>
          <h3 className="helpline__name">{helpline.name[lang]}</h3>
          <p className="helpline__number">
            <a href={`tel:${helpline.tel}`} dir="ltr" aria-label={`${t("helplineLabels.call")} ${helpline.number}`}>
              {helpline.number}
            </a>
          </p>
          <p>{helpline.description[lang]}</p>
          <p className="source-note">
            {t("helplineLabels.source")}: {helpline.source[lang]}
            {sourceDate(helpline)}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** "In danger right now? Call 15" — shown high on the pages where people look for help. */
export function EmergencyCallout({ helpline, lang }: { helpline: Helpline | undefined; lang: Language }) {
  const { t } = useTranslation("common");
  if (!helpline) return null;
  return (
    <div className="emergency-callout" role="note">
      <p>
        <strong>{t("emergency.heading")}</strong> {t("emergency.body")}
      </p>
      <p className="emergency-callout__number">
        <a href={`tel:${helpline.tel}`} dir="ltr">
          {helpline.number}
        </a>{" "}
        <span>{helpline.name[lang]}</span>
      </p>
    </div>
  );
}

/** The id of the help box on a topic page, so a paragraph about someone in danger can link straight to it. */
export const helpBoxId = "help";

/**
 * The emergency number and the other helplines from the directory, on every topic page, so a reader in
 * trouble does not have to go to another page. Short: name, number and source only.
 */
export function HelpBox({
  helplines,
  emergencyHelpline,
  lang,
}: {
  helplines: readonly Helpline[];
  emergencyHelpline: Helpline | undefined;
  lang: Language;
}) {
  const { t } = useTranslation("common");
  const others = helplines.filter((helpline) => helpline.id !== emergencyHelpline?.id);
  return (
    <aside className="help-box" id={helpBoxId} aria-labelledby="help-box-heading">
      <h2 id="help-box-heading">{t("helpBox.heading")}</h2>
      <EmergencyCallout helpline={emergencyHelpline} lang={lang} />
      {others.length > 0 ? (
        <ul className="help-box__list">
          {others.map((helpline) => (
            <li key={helpline.id}>
              {helpline.name[lang]}:{" "}
              <a className="help-box__number" href={`tel:${helpline.tel}`} dir="ltr">
                {helpline.number}
              </a>{" "}
              {/* The source text names the publication and its date; the help page shows the full entry. */}
              <small className="source-note">
                ({t("sourceLabel")}: {helpline.source[lang]})
              </small>
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <a href={`/${lang}/get-help`}>{t("helpBox.more")}</a>
      </p>
    </aside>
  );
}
