// Admins decide which FIA Anti Human Trafficking Circle receives external tips from each place. Which agency
// gets a tip follows the law (app/domain/routing.ts) and is not editable; the circle inside the FIA is.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminTable } from "~/components/admin-table";
import { NoticePanel } from "~/components/notice-panel";
import { ErrorSummary, Select } from "~/components/forms";
import { IntentFormSection } from "~/components/intent-form";
import { RowActions } from "~/components/row-actions";
import { districtName, districtsByProvince } from "~/domain/reference-data";
import { canRemoveRoute, defaultPlace, fiaRouteSchema, parsePlace, placeValue } from "~/domain/directory";
import { provinces } from "~/domain/tip";
import { getFixedT } from "~/i18n/i18n.server";
import { getDirectory, removeFiaRoute, setFiaRoute } from "~/models/directory.server";
import { type FieldErrors, fieldErrorsFromZod, readFormData } from "~/utils/forms";
import type { RouteHandle } from "~/utils/route-handle";
import { rejectStaffForm } from "~/server/staff-forms.server";
import { staffHeaders } from "~/server/staff-page.server";
import { requireStaff } from "~/server/staff-session.server";

export const handle: RouteHandle = { i18n: ["staff", "report"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "directory:manage");
  const lang = user.language;
  const url = new URL(request.url);
  const directory = await getDirectory();
  const fia = directory.agencies.find((agency) => agency.code === "fia");
  const placeName = (kind: string, place: string) =>
    kind === "default"
      ? null
      : kind === "province"
        ? { province: place }
        : { district: districtName(place, lang) ?? place };
  const editing = parsePlace(url.searchParams.get("place") ?? "");
  const routeOrder = { default: 0, province: 1, district: 2 } as const;
  return {
    title: getFixedT(lang, "staff")("routing.title"),
    done: url.searchParams.get("done"),
    routes: [...directory.routes]
      .sort(
        (a, b) =>
          routeOrder[a.placeKind] - routeOrder[b.placeKind] ||
          provinces.indexOf(a.place as never) - provinces.indexOf(b.place as never) ||
          a.place.localeCompare(b.place),
      )
      .map((route) => ({
        value: placeValue(route),
        kind: route.placeKind,
        place: placeName(route.placeKind, route.place),
        unit: directory.unitName(route.unitCode, lang),
        removable: canRemoveRoute(route.placeKind),
      })),
    units: (fia?.units ?? []).map((unit) => ({ value: unit.code, label: unit.name[lang] })),
    provinces: [...provinces],
    districts: provinces.map((province) => ({
      province,
      options: districtsByProvince[province].map((district) => ({
        value: placeValue({ placeKind: "district", place: district.id }),
        label: district[lang],
      })),
    })),
    editing: editing
      ? {
          place: placeValue(editing),
          unitCode: directory.routes.find((route) => placeValue(route) === placeValue(editing))?.unitCode ?? "",
        }
      : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireStaff(request, "directory:manage");
  const form = await readFormData(request);
  const intent = form.get("intent");
  const values = {
    place: String(form.get("place") ?? "").slice(0, 200),
    unitCode: String(form.get("unitCode") ?? "").slice(0, 200),
  };
  const reject = (fieldErrors: FieldErrors) => rejectStaffForm(fieldErrors, values);
  if (intent === "remove") {
    const place = parsePlace(values.place);
    if (!place) throw new Response("Bad Request", { status: 400, headers: staffHeaders });
    const removed = await removeFiaRoute(admin, place.placeKind, place.place);
    if (!removed.ok) return reject({ place: "routing.errors.defaultStays" });
    return redirect("/staff/routing?done=removed", { headers: staffHeaders });
  }
  if (intent !== "set") throw new Response("Bad Request", { status: 400, headers: staffHeaders });
  const parsed = fiaRouteSchema.safeParse(values);
  if (!parsed.success) return reject(fieldErrorsFromZod(parsed.error));
  const result = await setFiaRoute(admin, { ...parsed.data.place, unitCode: parsed.data.unitCode });
  if (!result.ok) return reject({ unitCode: "routing.errors.unit" });
  return redirect("/staff/routing?done=saved", { headers: staffHeaders });
}

export const headers: HeadersFunction = () => staffHeaders;

export default function RoutingPage() {
  const { routes, units, provinces, districts, editing, done } = useLoaderData<typeof loader>();
  const rejection = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  const { t: tr } = useTranslation("report");
  const errors = rejection?.fieldErrors ?? {};
  const values = rejection?.values ?? editing ?? { place: "", unitCode: "" };
  const describe = (route: (typeof routes)[number]) =>
    route.place === null
      ? t("routing.everywhereElse")
      : "province" in route.place
        ? tr(`provinces.${route.place.province}`)
        : route.place.district;
  return (
    <>
      <ErrorSummary errors={errors} namespace="staff" fieldOrder={["place", "unitCode"]} />
      {done ? <NoticePanel>{t(`routing.done.${done === "removed" ? "removed" : "saved"}`)}</NoticePanel> : null}
      <h1>{t("routing.title")}</h1>
      <p>{t("routing.intro")}</p>
      <AdminTable columns={[t("routing.kind"), t("routing.place"), t("routing.unit"), t("helplines.actions")]}>
        {routes.map((route) => (
          <tr key={route.value}>
            <td>{t(`routing.kinds.${route.kind}`)}</td>
            <td>{describe(route)}</td>
            <td>{route.unit}</td>
            <td>
              <RowActions
                rowName={describe(route)}
                edit={{
                  href: `/staff/routing?place=${encodeURIComponent(route.value)}#route-form`,
                  label: t("routing.change"),
                }}
                remove={route.removable ? { label: t("routing.remove"), fields: { place: route.value } } : undefined}
              />
            </td>
          </tr>
        ))}
      </AdminTable>
      <IntentFormSection
        headingId="route-form"
        heading={t("routing.setTitle")}
        intent="set"
        submit={t("routing.save")}
        action="/staff/routing"
      >
        <Select
          name="place"
          label={t("routing.place")}
          hint={t("routing.placeHint")}
          error={errors.place ? t(errors.place) : undefined}
          value={values.place}
          emptyLabel="—"
          groups={[
            { options: [{ value: `default:${defaultPlace}`, label: t("routing.everywhereElse") }] },
            {
              label: t("routing.kinds.province"),
              options: provinces.map((province) => ({
                value: `province:${province}`,
                label: tr(`provinces.${province}`),
              })),
            },
            ...districts.map((group) => ({
              label: `${t("routing.kinds.district")}: ${tr(`provinces.${group.province}`)}`,
              options: group.options,
            })),
          ]}
        />
        <Select
          name="unitCode"
          label={t("routing.unit")}
          error={errors.unitCode ? t(errors.unitCode) : undefined}
          value={values.unitCode}
          emptyLabel="—"
          groups={[{ options: units }]}
        />
      </IntentFormSection>
    </>
  );
}
