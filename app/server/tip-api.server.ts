// The partner intake API's answer to one request, shared by the Remix route (app/routes/api.v1.tips.ts) and the
// production server, which answers POST /api/v1/tips in its request steps before the Remix handler (server/index.mjs,
// docs/decisions/022 and 044): the API renders no page, so Remix's per-request routing is cost without use there.
// Same validation, limits and anonymity as the form. Documented in the README. A tip with evidence files comes as
// multipart/form-data: a part `tip` holding the JSON, and up to five parts `evidence`.
import { tipFieldOrder, tipSchema } from "~/domain/tip";
import { getFixedT } from "~/i18n/i18n.server";
import { pickLanguageFromAcceptLanguage } from "~/i18n/accept-language.server";
import { isLanguage, type Language } from "~/i18n/languages";
import { evidenceMessageNumbers, type SubmittedFile } from "~/domain/evidence-intake";
import { fieldErrorsFromZod } from "~/utils/forms";
import { isMultipart, readUploadForm } from "~/server/multipart.server";
import { takeTip } from "~/models/tip-intake.server";
import { noStoreHeaders } from "~/utils/no-store.mjs";

const maxBodyBytes = 64 * 1024;
const allowedFields = new Set<string>([...tipFieldOrder, "language"]);

export interface TipApiRequest {
  method: string;
  /** The request's URL (only its `lang` parameter is read). */
  url: string;
  header(name: "Content-Type" | "Content-Length" | "Accept-Language"): string | null;
  text(): Promise<string>;
  /** The request as a Fetch Request, for reading a multipart body as it streams. */
  webRequest(): Request;
  /** The opaque client key the rate limit counts (never an address). */
  clientKey: string;
}

export interface TipApiAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function jsonAnswer(body: unknown, status: number, headers: Record<string, string> = {}): TipApiAnswer {
  return {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...noStoreHeaders, ...headers },
    body: JSON.stringify(body),
  };
}

function invalid(language: Language, errors: Record<string, string>, values: Record<string, unknown> = {}) {
  const t = getFixedT(language, "report");
  return jsonAnswer(
    {
      error: "invalid_request",
      errors: Object.fromEntries(Object.entries(errors).map(([field, key]) => [field, t(key, values)])),
    },
    400,
  );
}

export const methodNotAllowed = () => jsonAnswer({ error: "method_not_allowed" }, 405, { Allow: "POST" });

export async function answerTipApi(request: TipApiRequest): Promise<TipApiAnswer> {
  if (request.method !== "POST") return methodNotAllowed();
  const requestedLanguage = new URL(request.url, "http://localhost").searchParams.get("lang");
  let language: Language = isLanguage(requestedLanguage)
    ? requestedLanguage
    : pickLanguageFromAcceptLanguage(request.header("Accept-Language"));

  const contentType = request.header("Content-Type") ?? "";
  let raw: string;
  let files: SubmittedFile[] = [];
  if (/^application\/json\b/i.test(contentType)) {
    const declaredLength = Number(request.header("Content-Length") ?? "0");
    if (declaredLength > maxBodyBytes) return invalid(language, { body: "errors.body.tooLarge" });
    raw = await request.text();
  } else if (isMultipart(request.webRequest())) {
    const upload = await readUploadForm(request.webRequest(), "evidence");
    if (upload.broken) return invalid(language, { body: "errors.body.brokenMultipart" });
    if (upload.truncated)
      return invalid(language, { evidence: "evidence.errors.submissionTooLarge" }, evidenceMessageNumbers);
    const tipPart = upload.form.get("tip");
    if (typeof tipPart !== "string") return invalid(language, { tip: "errors.body.tipPartMissing" });
    const unknownParts = [...new Set(upload.form.keys())].filter((name) => name !== "tip");
    if (unknownParts.length > 0) {
      return invalid(
        language,
        Object.assign(
          Object.create(null),
          Object.fromEntries(unknownParts.map((name) => [name.slice(0, 64), "errors.body.unknownField"])),
        ),
      );
    }
    raw = tipPart;
    files = upload.files;
  } else {
    return jsonAnswer(
      { error: "unsupported_media_type", message: getFixedT(language, "report")("errors.body.wrongContentType") },
      415,
    );
  }
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
    const errors: Record<string, string> = Object.assign(
      Object.create(null),
      parsed.success ? {} : fieldErrorsFromZod(parsed.error),
    );
    for (const field of unknown) errors[field.slice(0, 64)] = "errors.body.unknownField";
    return invalid(language, errors);
  }

  const result = await takeTip(parsed.data, "api", request.clientKey, files);
  if (!result.ok && result.problem === "evidence") {
    // The file by its place among the evidence parts, from 1: `evidence[2]` is the second one.
    const field = result.position === null ? "evidence" : `evidence[${result.position}]`;
    return invalid(
      language,
      { [field]: `evidence.errors.${result.refusal}` },
      { ...evidenceMessageNumbers, position: result.position },
    );
  }
  if (!result.ok) {
    return jsonAnswer({ error: "rate_limited", retryAfterSeconds: result.retryAfterSeconds }, 429, {
      "Retry-After": String(result.retryAfterSeconds),
    });
  }
  const { decision } = result;
  return jsonAnswer(
    {
      reference: result.reference,
      receipt: result.receipt,
      evidence: result.evidence,
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
