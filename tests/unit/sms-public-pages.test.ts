// The get-help and report pages show the SMS number and the keyword in both languages when SMS_NUMBER is set,
// and nothing when it is not (issue 15).
import "../setup/database";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, expect, test, vi } from "vitest";

vi.hoisted(() => {
  process.env.SMS_NUMBER = "+92 300 0001099";
});

import { SmsReportNote } from "~/components/sms-number";
import { getFixedT } from "~/i18n/i18n.server";
import { loader as getHelpLoader } from "~/routes/$lang.get-help";
import { loader as reportLoader } from "~/routes/$lang.report/route";
import { getDb } from "~/server/db.server";
import { seedDirectory } from "../../prisma/seed";

beforeAll(async () => {
  await seedDirectory(await getDb());
});

const call = async (loader: typeof getHelpLoader | typeof reportLoader, path: string) => {
  const result = (await loader({
    request: new Request(`http://aagahi.test${path}`),
    params: { lang: path.split("/")[1] },
    context: {},
  } as never)) as unknown;
  return result && typeof result === "object" && "data" in result
    ? (result as { data: { smsNumber: string | null } }).data
    : (result as { smsNumber: string | null });
};

test.each([
  ["ur", "get-help", "رپورٹ"],
  ["en", "get-help", "REPORT"],
  ["ur", "report", "رپورٹ"],
  ["en", "report", "REPORT"],
] as const)("/%s/%s shows the number and the keyword", async (lang, page, keyword) => {
  const { smsNumber } = await call(page === "get-help" ? getHelpLoader : reportLoader, `/${lang}/${page}`);
  expect(smsNumber).toBe("+92 300 0001099");
  const t = getFixedT(lang, page);
  const html = renderToStaticMarkup(
    createElement(SmsReportNote, { number: smsNumber, text: (values) => t("smsReport", values) }),
  );
  expect(html).toContain("\u2066+92 300 0001099\u2069");
  expect(html).toContain(keyword);
  expect(html).toContain(lang === "ur" ? "نمبر نہیں رکھا" : "not kept");
});

test("without SMS_NUMBER nothing is shown", () => {
  expect(renderToStaticMarkup(createElement(SmsReportNote, { number: null, text: () => "never" }))).toBe("");
});
