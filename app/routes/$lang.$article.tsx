import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ArticleSections, WhatsAppShareLink } from "~/components/article";
import { findArticlePage } from "~/content/pages";
import { getFixedT } from "~/i18n/i18n.server";
import { pageMeta } from "~/utils/meta";
import { publicOrigin, publicPageHeaders, requireLanguage } from "~/utils/public-page.server";

export function loader({ params, request }: LoaderFunctionArgs) {
  const lang = requireLanguage(params.lang);
  const page = findArticlePage(params.article);
  if (!page) throw new Response("Not Found", { status: 404 });
  const t = getFixedT(lang, page.namespace);
  return {
    lang,
    page,
    title: t("meta.title"),
    description: t("meta.description"),
    shareUrl: `${publicOrigin(request)}/${lang}/${page.slug}`,
  };
}

export const headers: HeadersFunction = () => publicPageHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, location, matches }) => pageMeta(data, location.pathname, matches);

export default function ArticlePage() {
  const { lang, page, title, shareUrl } = useLoaderData<typeof loader>();
  const { t } = useTranslation(page.namespace);
  const { t: tc } = useTranslation("common");
  return (
    <article className="article">
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <ArticleSections namespace={page.namespace} />
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
