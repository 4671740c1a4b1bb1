// The SMS gateway fetches staff messages for reporters who agreed to be texted back (README "Report by SMS",
// docs/decisions/027-sms-channel.md). The answer is made in app/server/sms-webhook.server.ts.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { answerSmsOutbox } from "~/server/sms-webhook.server";
import type { TipApiAnswer } from "~/server/tip-api.server";

const toResponse = (answer: TipApiAnswer) =>
  new Response(answer.body, { status: answer.status, headers: answer.headers });

const fromRequest = (request: Request) => ({
  method: request.method,
  url: request.url,
  header: (name: "Content-Type" | "Content-Length" | "X-Gateway-Secret") => request.headers.get(name),
  text: () => request.text(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  return toResponse(await answerSmsOutbox(fromRequest(request)));
}

export async function action({ request }: LoaderFunctionArgs) {
  return toResponse(await answerSmsOutbox(fromRequest(request)));
}
