import { useTranslation } from "react-i18next";
import type { Helpline } from "~/domain/directory";
import { intlLocaleOf, type Language } from "~/i18n/languages";

export function HelplineList({ helplines, lang }: { helplines: readonly Helpline[]; lang: Language }) {
  const { t } = useTranslation("get-help");
  const dateFormat = new Intl.DateTimeFormat(intlLocaleOf(lang), { dateStyle: "long", timeZone: "Asia/Karachi" });
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
            {helpline.sourceDate ? ` (${dateFormat.format(new Date(`${helpline.sourceDate}T12:00:00+05:00`))})` : ""}
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
