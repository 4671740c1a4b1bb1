// Partner intake API: the same tip as the report form, as JSON, for helpline operators' and NGOs' tools.
// Same validation, limits and anonymity as the form. Documented in the README.
import type { ActionFunctionArgs } from "@remix-run/node";
import { tipFieldOrder, tipSchema } from "~/domain/tip";
import { getFixedT } from "~/i18n/i18n.server";
import { isLanguage, pickLanguageFromAcceptLanguage, type Language } from "~/i18n/languages";
import { fieldErrorsFromZod } from "~/utils/forms";
import { clientKeyOf } from "~/utils/rate-limit.server";
import { takeTip } from "~/utils/tip-intake.server";

const maxBodyBytes = 64 * 1024;
const allowedFields = new Set<string>([...tipFieldOrder, "language"]);

function json(body: unknown, status: number, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

function invalid(language: Language, errors: Record<string, string>) {
  const t = getFixedT(language, "report");
  return json(
    { error: "invalid_request", errors: Object.fromEntries(Object.entries(errors).map(([field, key]) => [field, t(key)])) },
    400,
  );
}

export function loader() {
  return json({ error: "method_not_allowed" }, 405, { Allow: "POST" });
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: "method_not_allowed" }, 405, { Allow: "POST" });
  const requestedLanguage = new URL(request.url).searchParams.get("lang");
  let language: Language = isLanguage(requestedLanguage)
    ? requestedLanguage
    : pickLanguageFromAcceptLanguage(request.headers.get("Accept-Language"));

  if (!/^application\/json\b/i.test(request.headers.get("Content-Type") ?? "")) {
    return json({ error: "unsupported_media_type", message: getFixedT(language, "report")("errors.body.wrongContentType") }, 415);
  }
  const declaredLength = Number(request.headers.get("Content-Length") ?? "0");
  if (declaredLength > maxBodyBytes) return invalid(language, { body: "errors.body.tooLarge" });
  const raw = await request.text();
  if (Buffer.byteLength(raw, "utf8") > maxBodyBytes) return invalid(language, { body: "errors.body.tooLarge" });

  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return invalid(language, { body: "errors.body.invalidJson" });
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return invalid(language, { body: "errors.body.notObject" });
  }
  const fields = body as Record<string, unknown>;
  if (isLanguage(fields.language)) language = fields.language;

  const unknown = Object.keys(fields).filter((field) => !allowedFields.has(field));
  const parsed = tipSchema.safeParse(fields);
  if (unknown.length > 0 || !parsed.success) {
    // No prototype: an unknown field named "__proto__" must become a key with its message, not vanish.
    const errors: Record<string, string> = Object.assign(Object.create(null), parsed.success ? {} : fieldErrorsFromZod(parsed.error));
    for (const field of unknown) errors[field.slice(0, 64)] = "errors.body.unknownField";
    return invalid(language, errors);
  }

  const result = await takeTip(parsed.data, "api", clientKeyOf(context));
  if (!result.ok) {
    return json({ error: "rate_limited", retryAfterSeconds: result.retryAfterSeconds }, 429, {
      "Retry-After": String(result.retryAfterSeconds),
    });
  }
  const { decision } = result;
  return json(
    {
      reference: result.reference,
      receipt: result.receipt,
      routing: {
        jurisdiction: decision.jurisdiction,
        agency: decision.agency,
        unit: decision.unit,
        reasons: decision.reasons,
        destinationHints: decision.destinationHints,
        legalBasis: decision.legalBasis,
        alsoNotify: decision.alsoNotify.map((referral) => `${referral.kind}:${referral.place}`),
        urgent: decision.urgent,
      },
    },
    201,
  );
}
