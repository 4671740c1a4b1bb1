// WhatsApp Business Cloud API adapter, off unless configured (issue 15, docs/decisions/027-sms-channel.md): the
// same conversation as SMS, channel "whatsapp". Meta sees every number and message on this channel; the README
// and the public safety page say so.
//  - GET  /webhooks/whatsapp: Meta's subscription check (hub.mode=subscribe, hub.verify_token) answers hub.challenge.
//  - POST /webhooks/whatsapp: X-Hub-Signature-256 (HMAC-SHA256 of the raw body under the app secret) is checked
//    before the body is parsed; each text message is answered through the Graph API at once, inside WhatsApp's
//    24-hour window. Staff messages are never sent on WhatsApp (outside the window it needs paid templates):
//    they wait on the website's follow-up page.
import crypto from "node:crypto";
import { z } from "zod";
import { getEnv, type Env } from "./env.server";
import { handleInboundSms, isRepeatedMessage } from "./sms-webhook.server";
import { jsonAnswer, type TipApiAnswer } from "./tip-api.server";
import { noStoreHeaders } from "~/utils/no-store.mjs";

const maxBodyBytes = 64 * 1024;

export interface WhatsAppSettings {
  appSecret: string;
  verifyToken: string;
  accessToken: string;
  phoneNumberId: string;
  apiUrl: string;
}

export function whatsAppSettingsFrom(env: Env): WhatsAppSettings | null {
  if (
    !env.WHATSAPP_APP_SECRET ||
    !env.WHATSAPP_VERIFY_TOKEN ||
    !env.WHATSAPP_ACCESS_TOKEN ||
    !env.WHATSAPP_PHONE_NUMBER_ID
  )
    return null;
  return {
    appSecret: env.WHATSAPP_APP_SECRET,
    verifyToken: env.WHATSAPP_VERIFY_TOKEN,
    accessToken: env.WHATSAPP_ACCESS_TOKEN,
    phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID,
    apiUrl: env.WHATSAPP_API_URL.replace(/\/$/, ""),
  };
}

const notFound = () => jsonAnswer({ error: "not_found" }, 404);

const sameSecret = (given: string, expected: string) => {
  const digest = (value: string) => crypto.createHash("sha256").update(value, "utf8").digest();
  return crypto.timingSafeEqual(digest(given), digest(expected));
};

/** GET: Meta's subscription check. */
export function answerWhatsAppVerification(
  url: string,
  settings: WhatsAppSettings | null = whatsAppSettingsFrom(getEnv()),
): TipApiAnswer {
  if (!settings) return notFound();
  const query = new URL(url, "http://localhost").searchParams;
  const challenge = query.get("hub.challenge") ?? "";
  if (
    query.get("hub.mode") !== "subscribe" ||
    !sameSecret(query.get("hub.verify_token") ?? "", settings.verifyToken) ||
    !/^[\w.-]{1,200}$/.test(challenge)
  ) {
    return jsonAnswer({ error: "forbidden" }, 403);
  }
  return {
    status: 200,
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      ...noStoreHeaders,
    },
    body: challenge,
  };
}

/** The signature Meta sends: "sha256=" and the hex HMAC of the raw body. */
export function whatsAppSignatureMatches(body: Buffer, header: string | null, appSecret: string): boolean {
  const expected = Buffer.from(`sha256=${crypto.createHmac("sha256", appSecret).update(body).digest("hex")}`);
  const given = Buffer.from(header ?? "");
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

// Only what is read: text messages. Statuses, contacts (with the profile name), media and the rest are ignored.
const payloadSchema = z.object({
  object: z.string().optional(),
  entry: z
    .array(
      z.object({
        changes: z
          .array(
            z.object({
              value: z
                .object({
                  messages: z
                    .array(
                      z.object({
                        id: z.string().min(1).max(200),
                        from: z.string().regex(/^\d{5,20}$/),
                        type: z.string().max(40),
                        text: z.object({ body: z.string() }).optional(),
                      }),
                    )
                    .max(100)
                    .optional(),
                })
                .passthrough(),
            }),
          )
          .max(100),
      }),
    )
    .max(100),
});

export interface WhatsAppRequest {
  method: string;
  header(name: "X-Hub-Signature-256" | "Content-Type" | "Content-Length"): string | null;
  bytes(): Promise<Buffer>;
}

async function sendReply(settings: WhatsAppSettings, to: string, body: string, send: typeof fetch): Promise<void> {
  let response: Response;
  try {
    response = await send(`${settings.apiUrl}/${settings.phoneNumberId}/messages`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${settings.accessToken}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({
        messaging_product: "whatsapp",
        recipient_type: "individual",
        to,
        type: "text",
        text: { preview_url: false, body },
      }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    // The message itself was handled (and any tip stored): only this reply is lost, the next one may go.
    console.error(`WhatsApp: a reply could not be sent (${error instanceof Error ? error.name : "error"}).`);
    return;
  }
  // Never the answer's body: Meta's errors quote the recipient.
  if (!response.ok) console.error(`WhatsApp: a reply was not accepted (HTTP ${response.status}).`);
}

/** POST: Meta's notification of new messages. */
export async function answerWhatsAppWebhook(
  request: WhatsAppRequest,
  settings: WhatsAppSettings | null = whatsAppSettingsFrom(getEnv()),
  send: typeof fetch = fetch,
): Promise<TipApiAnswer> {
  if (!settings) return notFound();
  if (request.method !== "POST")
    return jsonAnswer({ error: "method_not_allowed" }, 405, {
      Allow: "GET, POST",
    });
  if (Number(request.header("Content-Length") ?? "0") > maxBodyBytes)
    return jsonAnswer({ error: "invalid_request", problem: "body_too_large" }, 400);
  const body = await request.bytes();
  if (body.length > maxBodyBytes) return jsonAnswer({ error: "invalid_request", problem: "body_too_large" }, 400);
  if (!whatsAppSignatureMatches(body, request.header("X-Hub-Signature-256"), settings.appSecret)) {
    return jsonAnswer({ error: "unauthorized" }, 401);
  }
  let parsed: z.infer<typeof payloadSchema>;
  try {
    const result = payloadSchema.safeParse(JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body)));
    if (!result.success) return jsonAnswer({ error: "invalid_request", problem: "unexpected_shape" }, 400);
    parsed = result.data;
  } catch {
    return jsonAnswer({ error: "invalid_request", problem: "invalid_json" }, 400);
  }
  const messages = parsed.entry.flatMap((entry) => entry.changes.flatMap((change) => change.value.messages ?? []));
  try {
    for (const message of messages) {
      if (message.type !== "text" || !message.text) continue;
      const inbound = {
        id: message.id,
        from: message.from,
        text: message.text.body.slice(0, 1_600),
        channel: "whatsapp" as const,
      };
      // Meta retries a notification it thinks failed: a message answered before is not answered twice.
      if (isRepeatedMessage(inbound)) continue;
      const reply = await handleInboundSms(inbound);
      if (reply) await sendReply(settings, message.from, reply, send);
    }
  } catch (error) {
    console.error(
      `WhatsApp webhook: could not answer a message (${error instanceof Error ? error.name : "error"}); Meta will retry.`,
    );
    return jsonAnswer({ error: "unavailable" }, 503, { "Retry-After": "30" });
  }
  return jsonAnswer({ ok: true }, 200);
}
