// Admins keep the helplines on the public pages up to date: numbers change, and a wrong number on a page
// for people in danger is worse than none.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminTable } from "~/components/admin-table";
import { NoticePanel } from "~/components/notice-panel";
import { ErrorSummary } from "~/components/forms";
import { RowActions } from "~/components/row-actions";
import { getFixedT } from "~/i18n/i18n.server";
import { getDirectory, helplinePositions } from "~/models/directory.server";
import { readFormData } from "~/utils/forms";
import type { RouteHandle } from "~/utils/route-handle";
import { staffHeaders } from "~/server/staff-page.server";
import { requireStaff } from "~/server/staff-session.server";
import { HelplineForm, helplineFields } from "./helpline-form";
import { handleHelplineIntent } from "./intents.server";

export const handle: RouteHandle = { i18n: ["staff"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "directory:manage");
  const url = new URL(request.url);
  const { helplines, emergencyHelpline } = await getDirectory();
  const positions = await helplinePositions();
  const positionOf = (id: string) => positions.get(id) ?? 0;
  const editing = helplines.find((helpline) => helpline.id === url.searchParams.get("edit")) ?? null;
  return {
    title: getFixedT(user.language, "staff")("helplines.title"),
    lang: user.language,
    done: url.searchParams.get("done"),
    helplines: helplines.map((helpline) => ({ ...helpline, position: positionOf(helpline.id) })),
    // Without one, the "In danger right now?" callout disappears from the public pages.
    noEmergencyNumber: !emergencyHelpline,
    editing: editing
      ? {
          id: editing.id,
          number: editing.number,
          nameUr: editing.name.ur,
          nameEn: editing.name.en,
          descriptionUr: editing.description.ur,
          descriptionEn: editing.description.en,
          sourceUr: editing.source.ur,
          sourceEn: editing.source.en,
          sourceDate: editing.sourceDate ?? "",
          position: String(positionOf(editing.id)),
          emergency: editing.emergency ? "on" : "",
        }
      : null,
    nextPosition: String(Math.max(-1, ...positions.values()) + 1),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireStaff(request, "directory:manage");
  return handleHelplineIntent(admin, await readFormData(request), context);
}

export const headers: HeadersFunction = () => staffHeaders;

export default function HelplinesPage() {
  const { helplines, editing, nextPosition, done, lang, noEmergencyNumber } = useLoaderData<typeof loader>();
  const rejection = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  const errors = rejection?.fieldErrors ?? {};
  const values: Record<string, string> = rejection?.values ?? editing ?? { position: nextPosition };
  const editingId = rejection ? (rejection.values.mode === "edit" ? rejection.values.id : null) : editing?.id;
  return (
    <>
      <ErrorSummary errors={errors} namespace="staff" fieldOrder={helplineFields} />
      {done ? <NoticePanel>{t(`helplines.done.${done === "removed" ? "removed" : "saved"}`)}</NoticePanel> : null}
      <h1>{t("helplines.title")}</h1>
      <p>{t("helplines.intro")}</p>
      {noEmergencyNumber ? <NoticePanel tone="warning">{t("helplines.noEmergency")}</NoticePanel> : null}
      <AdminTable
        columns={[
          t("helplines.fields.name"),
          t("helplines.fields.number"),
          t("helplines.emergencyColumn"),
          t("helplines.fields.position"),
          t("helplines.actions"),
        ]}
      >
        {helplines.map((helpline) => (
          <tr key={helpline.id}>
            <td>{helpline.name[lang]}</td>
            <td dir="ltr">{helpline.number}</td>
            <td>{helpline.emergency ? t("yes") : t("no")}</td>
            <td>{helpline.position}</td>
            <td>
              <RowActions
                rowName={helpline.name[lang]}
                edit={{
                  href: `/staff/helplines?edit=${encodeURIComponent(helpline.id)}#helpline-form`,
                  label: t("helplines.edit"),
                }}
                remove={{ label: t("helplines.remove"), fields: { id: helpline.id } }}
              />
            </td>
          </tr>
        ))}
      </AdminTable>
      <HelplineForm editingId={editingId} values={values} errors={errors} />
    </>
  );
}
