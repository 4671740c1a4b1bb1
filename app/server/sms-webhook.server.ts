// The SMS gateway webhook (issue 15, docs/decisions/027-sms-channel.md). A gateway posts each inbound text; the
// answer is the reply for the gateway to send. The gateway-specific part is an adapter that turns a request body
// into an InboundSms: only the generic JSON adapter exists; an SMSSync-style form post or an aggregator's format
// would be another adapter in front of the same `handleInboundSms`.
//
// The sender's number goes no further than this module: it is turned into an HMAC key at once, and kept (encrypted,
// as the tip's contact) only when the reporter answers "yes" to being texted back. It is never logged, never
// echoed in an error, and never written anywhere else.
import crypto from "node:crypto";
import { z } from "zod";
import {
  canonicalSender,
  receiveSms,
  smsFailureReply,
  smsLimits,
  smsReceiptReply,
  type SmsTipDraft,
} from "~/domain/sms-conversation";
import { tipSchema } from "~/domain/tip";
import { takeOutboundSms } from "~/models/sms-outbox.server";
import { getEnv } from "./env.server";
import {
  ConversationStore,
  RecentMessages,
  SenderMessageLimit,
  SenderQueue,
  createSenderKeyer,
  type SenderKeys,
} from "./sms-memory.server";
import { jsonAnswer, type TipApiAnswer } from "./tip-api.server";
import { takeTip } from "../models/tip-intake.server";

/** A gateway body is one message: a few KB at most even with a 10-part text in UCS-2 and JSON escapes. */
const maxBodyBytes = 16 * 1024;

export interface InboundSms {
  /** The gateway's id for the message: a repeat gets the same reply. */
  id: string;
  from: string;
  text: string;
  /** Which channel brought it (default "sms"): the tip's channel, and its own conversations and ids. */
  channel?: TextChannel;
}

/** Channels that run the text conversation: SMS, and WhatsApp (app/server/whatsapp-webhook.server.ts). */
export type TextChannel = "sms" | "whatsapp";

export interface SmsWebhookRequest {
  method: string;
  /** Only the outbox reads it (its `limit` parameter). */
  url?: string;
  header(name: "Content-Type" | "Content-Length" | "X-Gateway-Secret"): string | null;
  text(): Promise<string>;
}

export interface SmsWebhookOptions {
  /** SMS_GATEWAY_SECRET; unset, the webhook does not exist (404). */
  secret: string | undefined;
  now?: () => number;
}

// ---- The generic JSON adapter: {"id", "from", "text", "receivedAt"}; other fields are ignored. ----

const genericMessageSchema = z.object({
  id: z.string().min(1).max(200),
  // Digits, "+", spaces, dashes, and letters for alphanumeric senders: never echoed back.
  from: z
    .string()
    .min(1)
    .max(40)
    .regex(/^[+0-9A-Za-z\u0660-\u0669\u06f0-\u06f9 ()-]+$/),
  text: z.string().max(smsLimits.textCharacters),
  receivedAt: z
    .string()
    .max(40)
    .refine((value) => !Number.isNaN(Date.parse(value)))
    .optional(),
});

type Parsed = { ok: true; message: InboundSms } | { ok: false; answer: TipApiAnswer };

const badRequest = (problem: string, message: string) =>
  jsonAnswer({ error: "invalid_request", problem, message }, 400);

/** The generic adapter: a JSON object per message. Problems are named by field, never with the field's value. */
export function parseGenericMessage(raw: string): Parsed {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { ok: false, answer: badRequest("invalid_json", "The body is not valid JSON.") };
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return {
      ok: false,
      answer: badRequest("not_an_object", 'The body must be one JSON object: {"id", "from", "text", "receivedAt"}.'),
    };
  }
  const parsed = genericMessageSchema.safeParse(body);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "body")))].sort();
    const tooLong = parsed.error.issues.some((issue) => issue.path[0] === "text" && issue.code === "too_big");
    return {
      ok: false,
      answer: tooLong
        ? badRequest("text_too_long", `The text is longer than ${smsLimits.textCharacters} characters.`)
        : badRequest("invalid_fields", `Missing or invalid: ${fields.join(", ")}.`),
    };
  }
  return { ok: true, message: { id: parsed.data.id, from: parsed.data.from, text: parsed.data.text } };
}

// ---- One instance's memory (ADR 027: the gateway's posts go to one instance). ----

const keyer = createSenderKeyer();
const conversations = new ConversationStore();
const recentMessages = new RecentMessages<string | null>();
const senderQueue = new SenderQueue();
const messageLimit = new SenderMessageLimit();

/** Tests only: a fresh memory, as after a restart. */
export function forgetSmsConversations() {
  conversations.clear();
  recentMessages.clear();
  messageLimit.clear();
}

/** The number as the agency would dial it, for the encrypted contact field (only with consent). */
function contactOf(from: string, channel: TextChannel): string {
  const canonical = canonicalSender(from);
  const number = /^\d+$/.test(canonical) ? `+${canonical}` : from.trim();
  return channel === "whatsapp" ? `${number} (WhatsApp)` : number;
}

async function submit(draft: SmsTipDraft, from: string, keys: SenderKeys, channel: TextChannel): Promise<string> {
  const parsed = tipSchema.safeParse({
    category: draft.category,
    crossesBorder: draft.crossesBorder,
    province: draft.province,
    description: draft.description,
    language: draft.language,
    contactConsent: draft.textBackConsent,
    contact: draft.textBackConsent ? contactOf(from, channel) : undefined,
  });
  // The conversation checks what the schema checks; a description of only control characters is what is left.
  if (!parsed.success) return smsFailureReply(draft.smsLanguage, "failed");
  const result = await takeTip(parsed.data, channel, `${channel}:${keys.current}`);
  if (!result.ok) return smsFailureReply(draft.smsLanguage, "rateLimited");
  return smsReceiptReply(draft.smsLanguage, result.reference, result.receipt);
}

/** Whether this message id was answered (or is being answered) already: a retry of the same message. */
export function isRepeatedMessage(message: Pick<InboundSms, "id" | "channel">, now = Date.now()): boolean {
  return recentMessages.has(`${message.channel ?? "sms"}:${message.id}`, now);
}

/** One inbound text, whatever adapter brought it: the reply to send, or null. */
export async function handleInboundSms(message: InboundSms, now: () => number = Date.now): Promise<string | null> {
  const channel = message.channel ?? "sms";
  return recentMessages.answer(`${channel}:${message.id}`, now(), async () => {
    // One person's SMS and WhatsApp conversations are apart: the channel is part of what is keyed.
    const keys = keyer.keysFor(message.from, channel);
    return senderQueue.run(keys.current, async () => {
      const at = now();
      const previous = conversations.get(keys, at);
      if (!messageLimit.take(keys, at)) {
        // Over the limit: the conversation ends, and nothing is sent (a reply would make a flood cost the agency).
        conversations.set(keys, null);
        return null;
      }
      const step = receiveSms(previous, message.text, at);
      if (step.kind === "reply") {
        conversations.set(keys, step.state);
        return step.reply;
      }
      // The conversation is kept (at its last question) until the tip is stored: if storing throws, the
      // gateway's retry of this message submits again.
      const reply = await submit(step.draft, message.from, keys, channel);
      conversations.set(keys, null);
      return reply;
    });
  });
}

/** Constant time whatever the lengths: both sides are hashed first. */
export function gatewaySecretMatches(given: string | null, expected: string): boolean {
  const digest = (value: string) => crypto.createHash("sha256").update(value, "utf8").digest();
  return crypto.timingSafeEqual(digest(given ?? ""), digest(expected)) && given !== null;
}

export const smsNotFound = () => jsonAnswer({ error: "not_found" }, 404);

/** POST /webhooks/sms/generic. */
export async function answerSmsWebhook(
  request: SmsWebhookRequest,
  options: SmsWebhookOptions = { secret: getEnv().SMS_GATEWAY_SECRET },
): Promise<TipApiAnswer> {
  if (!options.secret) return smsNotFound();
  if (request.method !== "POST") return jsonAnswer({ error: "method_not_allowed" }, 405, { Allow: "POST" });
  if (!gatewaySecretMatches(request.header("X-Gateway-Secret"), options.secret)) {
    return jsonAnswer({ error: "unauthorized", message: "X-Gateway-Secret is missing or wrong." }, 401);
  }
  if (!/^application\/json\b/i.test(request.header("Content-Type") ?? "")) {
    return jsonAnswer({ error: "unsupported_media_type", message: "Send Content-Type: application/json." }, 415);
  }
  if (Number(request.header("Content-Length") ?? "0") > maxBodyBytes)
    return badRequest("body_too_large", "The body is larger than 16 KB.");
  const raw = await request.text();
  if (Buffer.byteLength(raw, "utf8") > maxBodyBytes)
    return badRequest("body_too_large", "The body is larger than 16 KB.");
  const parsed = parseGenericMessage(raw);
  if (!parsed.ok) return parsed.answer;
  try {
    return jsonAnswer({ reply: await handleInboundSms(parsed.message, options.now) }, 200);
  } catch (error) {
    // The database was unreachable, most likely. Never the error's message: it could quote what was written.
    console.error(
      `SMS webhook: could not answer a message (${error instanceof Error ? error.name : "error"}); the gateway should retry.`,
    );
    return jsonAnswer({ error: "unavailable", message: "Try again shortly." }, 503, { "Retry-After": "30" });
  }
}

/**
 * GET /webhooks/sms/generic/outbox: staff messages for reporters who agreed to be texted back, as
 * {"messages": [{"id", "to", "text"}]}, each handed out once (marked sent as it is answered). `?limit=` 1 to 100,
 * default 20. The only answer of the app that holds a number: it goes to the gateway, which must send it.
 */
export async function answerSmsOutbox(
  request: SmsWebhookRequest,
  options: SmsWebhookOptions = { secret: getEnv().SMS_GATEWAY_SECRET },
): Promise<TipApiAnswer> {
  if (!options.secret) return smsNotFound();
  if (request.method !== "GET") return jsonAnswer({ error: "method_not_allowed" }, 405, { Allow: "GET" });
  if (!gatewaySecretMatches(request.header("X-Gateway-Secret"), options.secret)) {
    return jsonAnswer({ error: "unauthorized", message: "X-Gateway-Secret is missing or wrong." }, 401);
  }
  const limitParameter = new URL(request.url ?? "/", "http://localhost").searchParams.get("limit");
  const limit = limitParameter === null ? 20 : /^\d{1,3}$/.test(limitParameter) ? Number(limitParameter) : NaN;
  if (!(limit >= 1 && limit <= 100)) return badRequest("invalid_limit", "limit must be a whole number from 1 to 100.");
  try {
    return jsonAnswer({ messages: await takeOutboundSms(limit, new Date(options.now?.() ?? Date.now())) }, 200);
  } catch (error) {
    console.error(
      `SMS outbox: could not read the waiting messages (${error instanceof Error ? error.name : "error"}).`,
    );
    return jsonAnswer({ error: "unavailable", message: "Try again shortly." }, 503, { "Retry-After": "30" });
  }
}
