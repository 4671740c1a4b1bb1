// Partner intake API: the same tip as the report form, as JSON, for helpline operators' and NGOs' tools.
// The answer is made in app/server/tip-api.server.ts, which the production server also calls for POST before
// Remix (docs/decisions/022); this route answers the other methods, and POSTs in tests and in development.
import type { ActionFunctionArgs } from "@remix-run/node";
import { answerTipApi, methodNotAllowed, type TipApiAnswer } from "~/server/tip-api.server";
import { clientKeyOf } from "~/server/rate-limit.server";

const toResponse = (answer: TipApiAnswer) =>
  new Response(answer.body, { status: answer.status, headers: answer.headers });

export function loader() {
  return toResponse(methodNotAllowed());
}

export async function action({ request, context }: ActionFunctionArgs) {
  return toResponse(
    await answerTipApi({
      method: request.method,
      url: request.url,
      header: (name) => request.headers.get(name),
      text: () => request.text(),
      webRequest: () => request,
      clientKey: clientKeyOf(context),
    }),
  );
}
