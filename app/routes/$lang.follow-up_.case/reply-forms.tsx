import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EvidenceUpload } from "~/components/evidence-upload";
import { TextArea } from "~/components/forms";
import { TokenActionForm } from "~/components/token-form";
import { limits } from "~/domain/tip";
import type { ReplyRejection } from "./intents.server";

/** A reply to the agency (text, files optional), and the button that ends the visit on every server. */
export function ReplyForms({
  lang,
  token,
  rejection,
  messageValues,
}: {
  lang: string;
  token: string | null;
  rejection: ReplyRejection | undefined;
  /** Interpolation values for the evidence messages (the refused file, the limits). */
  messageValues: Record<string, unknown>;
}) {
  const { t } = useTranslation("follow-up");
  const errors = rejection?.fieldErrors ?? {};
  return (
    <>
      <Form method="post" action={`/${lang}/follow-up/case`} encType="multipart/form-data" noValidate className="form">
        <input type="hidden" name="t" value={token ?? ""} />
        <input type="hidden" name="intent" value="reply" />
        <TextArea
          name="message"
          label={t("case.replyLabel")}
          hint={t("case.replyHint")}
          rows={5}
          maxLength={limits.descriptionMax}
          value={rejection?.values.message}
          error={errors.message ? t(errors.message) : undefined}
        />
        <EvidenceUpload
          error={errors.evidence ? t(errors.evidence, messageValues) : undefined}
          reselect={Boolean(rejection?.filesDropped)}
        />
        <button className="button" type="submit">
          {t("case.send")}
        </button>
      </Form>
      <TokenActionForm
        action={`/${lang}/follow-up/case`}
        token={token}
        intent="end"
        hint={t("case.endHint")}
        submit={t("case.end")}
        secondary
      />
    </>
  );
}
