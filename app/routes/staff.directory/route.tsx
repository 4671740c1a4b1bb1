// Admins keep agency and unit names right, add units (a new FIA circle, a police unit) and set each one's duty
// address for urgent-tip alerts (docs/decisions/028). Agency codes stay fixed: which agency gets a tip follows the
// PTPA 2018 (app/domain/routing.ts), not this page.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DirectoryTable } from "~/components/directory-admin";
import { ErrorSummary } from "~/components/forms";
import { NoticePanel } from "~/components/notice-panel";
import { getFixedT } from "~/i18n/i18n.server";
import { getDirectory, listAlertAddresses } from "~/models/directory.server";
import { readFormData } from "~/utils/forms";
import type { RouteHandle } from "~/utils/route-handle";
import { staffHeaders } from "~/server/staff-page.server";
import { requireStaff } from "~/server/staff-session.server";
import { DirectoryForms, directoryFields } from "./directory-form";
import { handleDirectoryIntent } from "./intents.server";

export const handle: RouteHandle = { i18n: ["staff"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "directory:manage");
  const url = new URL(request.url);
  const directory = await getDirectory();
  const agencyToRename = directory.agencies.find((agency) => agency.code === url.searchParams.get("agency"));
  const unitToRename = directory.agencies
    .flatMap((agency) => agency.units)
    .find((unit) => unit.code === url.searchParams.get("unit"));
  const alertAddresses = await listAlertAddresses();
  const toRename = agencyToRename
    ? {
        intent: "rename-agency" as const,
        entry: agencyToRename,
        alertEmail: alertAddresses.agencies[agencyToRename.code],
      }
    : unitToRename
      ? { intent: "rename-unit" as const, entry: unitToRename, alertEmail: alertAddresses.units[unitToRename.code] }
      : null;
  return {
    title: getFixedT(user.language, "staff")("directory.title"),
    lang: user.language,
    done: url.searchParams.get("done"),
    agencies: directory.agencies,
    alertAddresses,
    renaming: toRename && {
      intent: toRename.intent,
      code: toRename.entry.code,
      nameUr: toRename.entry.name.ur,
      nameEn: toRename.entry.name.en,
      alertEmail: toRename.alertEmail ?? "",
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireStaff(request, "directory:manage");
  return handleDirectoryIntent(admin, await readFormData(request));
}

export const headers: HeadersFunction = () => staffHeaders;

export default function DirectoryPage() {
  const { agencies, alertAddresses, renaming, done, lang } = useLoaderData<typeof loader>();
  const rejection = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  return (
    <>
      <ErrorSummary errors={rejection?.fieldErrors ?? {}} namespace="staff" fieldOrder={directoryFields} />
      {done ? (
        <NoticePanel>
          {t(`directory.done.${done === "added" ? "added" : done === "alertEmail" ? "alertEmail" : "renamed"}`)}
        </NoticePanel>
      ) : null}
      <h1>{t("directory.title")}</h1>
      <p>{t("directory.intro")}</p>
      <DirectoryTable agencies={agencies} alertAddresses={alertAddresses} lang={lang} />
      <DirectoryForms agencies={agencies} lang={lang} renaming={renaming} rejection={rejection} />
    </>
  );
}
