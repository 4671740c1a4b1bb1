import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ArticleSections, WhatsAppShareLink } from "~/components/article";
import { HelpBox, helpBoxId } from "~/components/helplines";
import { findArticlePage } from "~/content/pages";
import { getFixedT } from "~/i18n/i18n.server";
import { getDirectory } from "~/models/directory.server";
import { pageMeta } from "~/utils/meta";
import { publicOrigin, publicPageHeaders, requireLanguage } from "~/server/public-page.server";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const lang = requireLanguage(params.lang);
  const page = findArticlePage(params.article);
  if (!page) throw new Response("Not Found", { status: 404 });
  const t = getFixedT(lang, page.namespace);
  // Topic pages carry the helplines, so a change to them must empty the page cache (it empties all of it).
  const { helplines, emergencyHelpline } =
    page.kind === "topic" ? await getDirectory() : { helplines: [], emergencyHelpline: undefined };
  return {
    lang,
    page,
    helplines,
    emergencyHelpline,
    title: t("meta.title"),
    description: t("meta.description"),
    shareUrl: `${publicOrigin(request)}/${lang}/${page.slug}`,
  };
}

export const headers: HeadersFunction = () => publicPageHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, location, matches }) =>
  pageMeta(data, location.pathname, matches);

export default function ArticlePage() {
  const { lang, page, title, shareUrl, helplines, emergencyHelpline } = useLoaderData<typeof loader>();
  const { t } = useTranslation(page.namespace);
  const { t: tc } = useTranslation("common");
  const topic = page.kind === "topic";
  const helpBox = topic ? <HelpBox helplines={helplines} emergencyHelpline={emergencyHelpline} lang={lang} /> : null;
  // The help box follows "What you can do" (or ends the text when a page has no such section).
  const sections = t("sections", { returnObjects: true }) as Record<string, unknown>;
  const boxAfterDo = topic && Object.hasOwn(sections, "do");
  return (
    <article className="article">
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <ArticleSections
        namespace={page.namespace}
        helpHref={topic ? `#${helpBoxId}` : `/${lang}/get-help`}
        after={boxAfterDo ? { do: helpBox } : {}}
      />
      {topic && !boxAfterDo ? helpBox : null}
      <aside className="article__actions" aria-label={tc("actions.label")}>
        {page.reportCategory ? (
          <a className="button" href={`/${lang}/report?category=${page.reportCategory}`}>
            {tc("actions.reportThis")}
          </a>
        ) : null}
        <a className="button button--secondary" href={`/${lang}/get-help`}>
          {tc("actions.getHelp")}
        </a>
        {page.kind === "topic" ? <WhatsAppShareLink title={title} url={shareUrl} /> : null}
      </aside>
    </article>
  );
}
