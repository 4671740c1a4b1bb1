import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, RadioQuestion } from "~/components/forms";
import {
  jobCheckAnswersToSearchParams,
  jobCheckQuestionIds,
  jobCheckQuestions,
  parseJobCheckAnswers,
} from "~/domain/job-offer-check";
import { getFixedT } from "~/i18n/i18n.server";
import { fieldErrorsFromZod, readFormData, type FormRejection } from "~/utils/forms";
import { pageMeta } from "~/utils/meta";
import { publicPageHeaders, requireLanguage } from "~/server/public-page.server";
import type { RouteHandle } from "~/utils/route-handle";
import { noStoreHeaders } from "~/utils/no-store.mjs";

export const handle: RouteHandle = { i18n: ["job-check"] };

export function loader({ params }: LoaderFunctionArgs) {
  const lang = requireLanguage(params.lang);
  const t = getFixedT(lang, "job-check");
  return { lang, title: t("meta.title"), description: t("meta.description") };
}

export async function action({ params, request }: ActionFunctionArgs) {
  const lang = requireLanguage(params.lang);
  const formData = await readFormData(request);
  const parsed = parseJobCheckAnswers(formData);
  if (!parsed.success) {
    const values = Object.fromEntries(jobCheckQuestionIds.map((id) => [id, String(formData.get(id) ?? "")]));
    return data<FormRejection>({ fieldErrors: fieldErrorsFromZod(parsed.error), values }, { status: 400 });
  }
  // POST, redirect, GET: the result has its own address, so refreshing or going back is safe.
  return redirect(`/${lang}/job-check/result?${jobCheckAnswersToSearchParams(parsed.data)}`);
}

export const headers: HeadersFunction = ({ actionHeaders }) =>
  actionHeaders.has("Content-Type") ? noStoreHeaders : publicPageHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, location, matches }) =>
  pageMeta(data, location.pathname, matches);

export default function JobCheckPage() {
  const { lang } = useLoaderData<typeof loader>();
  const rejection = useActionData<typeof action>();
  const { t } = useTranslation("job-check");
  const errors = rejection?.fieldErrors ?? {};
  return (
    <>
      <ErrorSummary errors={errors} namespace="job-check" fieldOrder={jobCheckQuestionIds} />
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <p>{t("privacyNote")}</p>
      <Form method="post" action={`/${lang}/job-check`} noValidate className="form">
        {jobCheckQuestionIds.map((id) => (
          <RadioQuestion
            key={id}
            name={id}
            legend={t(`questions.${id}.legend`)}
            hint={t(`questions.${id}.hint`)}
            options={jobCheckQuestions[id].map((option) => ({
              value: option,
              label: t(`questions.${id}.options.${option}`),
            }))}
            value={rejection?.values[id]}
            error={errors[id] ? t(errors[id]) : undefined}
          />
        ))}
        <button className="button" type="submit">
          {t("submit")}
        </button>
      </Form>
    </>
  );
}
