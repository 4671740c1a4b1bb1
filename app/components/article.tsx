import { useTranslation } from "react-i18next";
import type { Namespace } from "~/i18n/namespaces";

/** `link: "help"` ends the text with a link straight to help (the page's help box, or the help page). */
export type ArticleItem = string | { text: string; source?: string; ref?: string; link?: "help" };
export type ArticleParagraph = string | { text: string; link?: "help" };

export interface ArticleSection {
  heading: string;
  paragraphs?: ArticleParagraph[];
  items?: ArticleItem[];
  source?: string;
  ref?: string;
}

/** Section ids that get their own look; see docs/content-guide.md. */
const sectionStyles: Record<string, string> = {
  keyPoints: "section--key",
  redFlags: "section--warning",
  case: "section--case",
  // A second, older case on the same page (child trafficking: the camel jockeys); boxed like a case.
  pastCase: "section--case",
  numbers: "section--numbers",
  do: "section--do",
  dont: "section--dont",
};

/**
 * Renders a page namespace's `sections` object in order; `after` places extra content after a section.
 * `helpHref` is where a text marked `link: "help"` points: the help box on the same page, or the help page.
 */
export function ArticleSections({
  namespace,
  after = {},
  helpHref,
}: {
  namespace: Namespace;
  after?: Record<string, React.ReactNode>;
  helpHref: string;
}) {
  const { t } = useTranslation(namespace);
  const sections = t("sections", { returnObjects: true }) as Record<string, ArticleSection>;
  return (
    <>
      {Object.entries(sections).map(([id, section]) => (
        <section key={id} id={id} className={`section ${sectionStyles[id] ?? ""}`} aria-labelledby={`${id}-heading`}>
          <h2 id={`${id}-heading`}>{section.heading}</h2>
          {section.paragraphs?.map((paragraph, index) =>
            typeof paragraph === "string" ? (
              <p key={index}>{paragraph}</p>
            ) : (
              <p key={index}>
                {paragraph.text}
                {paragraph.link === "help" ? <HelpLink href={helpHref} /> : null}
              </p>
            ),
          )}
          {section.items && section.items.length > 0 ? (
            <ul className="section__list">
              {section.items.map((item, index) =>
                typeof item === "string" ? (
                  <li key={index}>{item}</li>
                ) : (
                  <li key={index}>
                    {item.text}
                    {item.link === "help" ? <HelpLink href={helpHref} /> : null}
                    {item.source ? <SourceNote source={item.source} /> : null}
                  </li>
                ),
              )}
            </ul>
          ) : null}
          {section.source ? (
            <p>
              <SourceNote source={section.source} />
            </p>
          ) : null}
          {after[id] ?? null}
        </section>
      ))}
    </>
  );
}

function HelpLink({ href }: { href: string }) {
  const { t } = useTranslation("common");
  return (
    <>
      {" "}
      <a className="help-link" href={href}>
        {t("helpBox.jump")}
      </a>
    </>
  );
}

function SourceNote({ source }: { source: string }) {
  const { t } = useTranslation("common");
  return (
    <small className="source-note">
      {" "}
      ({t("sourceLabel")}: {source})
    </small>
  );
}

/** A plain link to WhatsApp's share page: no third-party script, nothing loads until the reader taps it. */
export function WhatsAppShareLink({ title, url }: { title: string; url: string }) {
  const { t } = useTranslation("common");
  const href = `https://wa.me/?text=${encodeURIComponent(`${title}\n${url}`)}`;
  return (
    <a className="share-link" href={href} rel="noopener noreferrer" target="_blank">
      {t("share.whatsapp")}
      <span className="visually-hidden"> {t("share.opensNewWindow")}</span>
    </a>
  );
}
