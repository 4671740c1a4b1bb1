import crypto from "node:crypto";
import type { z } from "zod";
import { coarsenReporterTimeUp } from "~/domain/reporter-time";
import { isReporterLinkEnded, recordEndedReporterLink } from "~/models/reporter-link.server";
import type { Database } from "./db.server";
import { getEnv } from "./env.server";
import { getSecrets, type Secrets } from "./secrets.server";

// Short-lived capabilities a reporter carries in a URL (public pages set no cookies): the receipt page after
// sending, and a follow-up visit. Each link is sealed (AES-256-GCM) with what it grants and when it expires, so
// any server with the same RECEIPT_KEY opens it and nothing about it is stored (docs/decisions/019). Only a
// link ended early is written down, as a hash of its random id (`recordEndedReporterLink`).

const formatVersion = 1;
const ivBytes = 12;
const tagBytes = 16;
/** Longer input is not a link (the receipt page's, the longest, is well under 1,000 characters). */
const maxTokenLength = 2_048;

const keys = new WeakMap<Buffer, Buffer>();

/** A key of its own, derived from RECEIPT_KEY with HKDF like the staff keys (app/utils/staff-keys.server.ts). */
function linkKey(secrets: Secrets): Buffer {
  let key = keys.get(secrets.receiptKey);
  if (!key) keys.set(secrets.receiptKey, (key = Buffer.from(crypto.hkdfSync("sha256", secrets.receiptKey, Buffer.alloc(0), "aagahi reporter links", 32))));
  return key;
}

export interface OpenedLink<T> {
  value: T;
  /** When this token was sealed, in ms (its expiry minus the kind's lifetime). */
  issuedAt: number;
  /** A fresh token for the same link: the same id and value, the full lifetime from now (sliding expiry). */
  renewed: string;
}

export interface LinkOptions {
  now?: number;
  secrets?: Secrets;
}

export class ReporterLinkKind<T> {
  /**
   * @param kind names the kind inside the seal, so a link of one kind never opens as another.
   * @param lifetimeMs how long a token lives from sealing.
   */
  constructor(
    readonly kind: string,
    readonly lifetimeMs: number,
    private readonly schema: z.ZodType<T>,
  ) {}

  /** A new link (a fresh random id) granting `value`. */
  issue(value: T, { now = Date.now(), secrets = getSecrets() }: LinkOptions = {}): string {
    return this.seal(crypto.randomBytes(16).toString("base64url"), value, now + this.lifetimeMs, secrets);
  }

  /**
   * What the link grants, or null when it is malformed, tampered with, sealed under another key, expired or
   * ended. Never throws on bad input: every such link shows the "expired" page.
   */
  async open(db: Database, token: string | null | undefined, options: LinkOptions = {}): Promise<OpenedLink<T> | null> {
    const now = options.now ?? Date.now();
    const secrets = options.secrets ?? getSecrets();
    const sealed = this.unseal(token, now, secrets);
    if (!sealed) return null;
    if (await isReporterLinkEnded(db, this.idHash(sealed.id), new Date(now))) return null;
    return {
      value: sealed.value,
      issuedAt: sealed.expiresAt - this.lifetimeMs,
      renewed: this.seal(sealed.id, sealed.value, now + this.lifetimeMs, secrets),
    };
  }

  /**
   * Ends the link on every server: its id's hash is kept until every token of it would have expired anyway
   * (tokens renewed until now live at most one lifetime more), rounded up to the reporter time step. A link
   * that does not open (garbage, expired) writes nothing.
   */
  async end(db: Database, token: string | null | undefined, options: LinkOptions = {}): Promise<void> {
    const now = options.now ?? Date.now();
    const sealed = this.unseal(token, now, options.secrets ?? getSecrets());
    if (!sealed) return;
    // A renewal that raced this end by a moment is covered by the extra minute.
    const lastExpiry = Math.max(sealed.expiresAt, now + this.lifetimeMs) + 60_000;
    const keepUntil = coarsenReporterTimeUp(new Date(lastExpiry), getEnv().REPORTER_TIME_STEP_MINUTES);
    await recordEndedReporterLink(db, this.idHash(sealed.id), keepUntil, new Date(now));
  }

  /** A hash of the random id, so the table cannot be turned back into links. */
  private idHash(id: string): string {
    return crypto.createHash("sha256").update(`${this.kind}\u0000${id}`, "utf8").digest("base64url");
  }

  private seal(id: string, value: T, expiresAt: number, secrets: Secrets): string {
    const iv = crypto.randomBytes(ivBytes);
    const cipher = crypto.createCipheriv("aes-256-gcm", linkKey(secrets), iv);
    cipher.setAAD(this.aad());
    const body = Buffer.concat([cipher.update(JSON.stringify({ i: id, e: expiresAt, v: value }), "utf8"), cipher.final()]);
    return Buffer.concat([Buffer.of(formatVersion), iv, body, cipher.getAuthTag()]).toString("base64url");
  }

  private unseal(token: string | null | undefined, now: number, secrets: Secrets): { id: string; value: T; expiresAt: number } | null {
    if (typeof token !== "string" || token.length === 0 || token.length > maxTokenLength || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
    const bytes = Buffer.from(token, "base64url");
    if (bytes.length < 1 + ivBytes + tagBytes + 1 || bytes[0] !== formatVersion) return null;
    let plain: string;
    try {
      const decipher = crypto.createDecipheriv("aes-256-gcm", linkKey(secrets), bytes.subarray(1, 1 + ivBytes));
      decipher.setAAD(this.aad());
      decipher.setAuthTag(bytes.subarray(bytes.length - tagBytes));
      plain = Buffer.concat([decipher.update(bytes.subarray(1 + ivBytes, bytes.length - tagBytes)), decipher.final()]).toString("utf8");
    } catch {
      return null; // tampered, truncated, or sealed under another key
    }
    let payload: unknown;
    try {
      payload = JSON.parse(plain);
    } catch {
      return null;
    }
    const { i, e, v } = (payload ?? {}) as { i?: unknown; e?: unknown; v?: unknown };
    if (typeof i !== "string" || typeof e !== "number" || e <= now) return null;
    // Authentic, but a server of an older or newer version may have sealed another shape: then it is expired.
    const value = this.schema.safeParse(v);
    return value.success ? { id: i, value: value.data, expiresAt: e } : null;
  }

  private aad(): Buffer {
    return Buffer.from(`aagahi ${this.kind} v${formatVersion}`, "utf8");
  }
}
