// SMS gateway webhook, generic JSON adapter (README "Report by SMS", docs/decisions/027-sms-channel.md). The
// answer is made in app/server/sms-webhook.server.ts; this route only carries the request to it.
import type { ActionFunctionArgs } from "@remix-run/node";
import { answerSmsWebhook, smsNotFound } from "~/server/sms-webhook.server";
import { getEnv } from "~/server/env.server";
import type { TipApiAnswer } from "~/server/tip-api.server";
import { noStoreHeaders } from "~/utils/no-store.mjs";

const toResponse = (answer: TipApiAnswer) =>
  new Response(answer.body, { status: answer.status, headers: answer.headers });

export function loader() {
  return toResponse(
    getEnv().SMS_GATEWAY_SECRET
      ? { status: 405, headers: { Allow: "POST", ...noStoreHeaders }, body: "" }
      : smsNotFound(),
  );
}

export async function action({ request }: ActionFunctionArgs) {
  return toResponse(
    await answerSmsWebhook({
      method: request.method,
      header: (name) => request.headers.get(name),
      text: () => request.text(),
    }),
  );
}
