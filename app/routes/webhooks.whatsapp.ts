// WhatsApp Business Cloud API webhook, off unless configured (README "Report by SMS", docs/decisions/027). The
// answers are made in app/server/whatsapp-webhook.server.ts.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { TipApiAnswer } from "~/server/tip-api.server";
import { answerWhatsAppVerification, answerWhatsAppWebhook } from "~/server/whatsapp-webhook.server";

const toResponse = (answer: TipApiAnswer) =>
  new Response(answer.body, { status: answer.status, headers: answer.headers });

export function loader({ request }: LoaderFunctionArgs) {
  return toResponse(answerWhatsAppVerification(request.url));
}

export async function action({ request }: ActionFunctionArgs) {
  return toResponse(
    await answerWhatsAppWebhook({
      method: request.method,
      header: (name) => request.headers.get(name),
      bytes: async () => Buffer.from(await request.arrayBuffer()),
    }),
  );
}
