import crypto from "node:crypto";
import type { z } from "zod";
import { coarsenReporterTimeUp } from "~/domain/reporter-time";
import {
  deleteReporterLinkSecretsBefore,
  findReporterLinkSecret,
  isReporterLinkEnded,
  recordEndedReporterLink,
  reporterLinkSecretFor,
} from "~/models/reporter-link.server";
import type { Database } from "./db.server";
import { getEnv } from "./env.server";
import { freshRandomBytes, freshRandomText } from "./random-bytes.server.mjs";
import { getSecrets, type Secrets } from "./secrets.server";

// Short-lived capabilities a reporter carries in a URL (public pages set no cookies): the receipt page after
// sending, and a follow-up visit. Each link is sealed (AES-256-GCM) with what it grants and when it expires, so
// any server opens it and nothing per link is stored (docs/decisions/019). The key needs both RECEIPT_KEY and
// the current hour's secret from the database; an hour's secret is deleted once its links have all expired, so
// a link kept in a phone's history or a proxy's log cannot be opened later, not even by someone with both.
// Only a link ended early is written down, as a hash of its random id (`recordEndedReporterLink`).

const formatVersion = 1;
const headerBytes = 1 + 4; // version, hour
const ivBytes = 12;
const tagBytes = 16;
/** Longer input is not a link (the receipt page's, the longest, is well under 1,000 characters). */
const maxTokenLength = 2_048;
/** One key per hour; a link lives at most 20 minutes, so the current and the previous hour's keys suffice. */
export const linkKeyHourMs = 60 * 60 * 1000;

const hourOf = (ms: number) => Math.floor(ms / linkKeyHourMs);

/** The hour this server last cleared old secrets for (once an hour per server, not on every request). */
let clearedForHour: number | undefined;

/**
 * Hour secrets this server has read or written, per database. An hour's secret never changes once written (the
 * first server to write it wins, and the others read that one), so it is read once, not on every link. Only the
 * current and the previous hour's are served from here (by this server's clock, or the caller's `now` if later):
 * the hours clearOldSecrets keeps, so a secret deleted by any server whose clock agrees within the hour is never
 * used from memory. (A server whose clock runs ahead deletes an hour early; the links of that hour have all
 * expired by then unless the clocks differ by 40 minutes or more.) After a restore, restart the servers.
 */
const knownHourSecrets = new WeakMap<Database, Map<number, string>>();
/** The oldest hour served from memory: the previous one, by this server's clock or the caller's `now` if later. */
const oldestKeptHour = (now: number) => hourOf(Math.max(now, Date.now())) - 1;
function knownHourSecretOf(db: Database, hour: number, now: number): string | undefined {
  const known = knownHourSecrets.get(db);
  if (!known) return undefined;
  const oldestKept = oldestKeptHour(now);
  for (const old of known.keys()) if (old < oldestKept) known.delete(old);
  return hour >= oldestKept ? known.get(hour) : undefined;
}
function rememberHourSecret(db: Database, hour: number, secret: string) {
  let known = knownHourSecrets.get(db);
  if (!known) knownHourSecrets.set(db, (known = new Map()));
  known.set(hour, secret);
}

async function clearOldSecrets(db: Database, now: number) {
  const hour = hourOf(now);
  if (clearedForHour === hour) return;
  await deleteReporterLinkSecretsBefore(db, hour - 1);
  clearedForHour = hour;
}

/**
 * Each hour's derived key, per secrets: every link of an hour uses the same key, so it is derived once. Only the
 * hours knownHourSecretOf serves stay (at most the next, this and the last), so a deleted hour's key goes too.
 */
const derivedLinkKeys = new WeakMap<Secrets, Map<number, { hourSecret: string; key: Buffer }>>();

/** HKDF of RECEIPT_KEY salted with the hour's secret, like the staff keys (app/server/staff-keys.server.ts). */
function linkKey(secrets: Secrets, hour: number, hourSecret: string, now: number): Buffer {
  let keys = derivedLinkKeys.get(secrets);
  if (!keys) derivedLinkKeys.set(secrets, (keys = new Map()));
  const oldestKept = oldestKeptHour(now);
  for (const old of keys.keys()) if (old < oldestKept) keys.delete(old);
  const known = keys.get(hour);
  if (known?.hourSecret === hourSecret) return known.key;
  const key = Buffer.from(
    crypto.hkdfSync("sha256", secrets.receiptKey, Buffer.from(hourSecret, "base64"), "aagahi reporter links", 32),
  );
  if (hour >= oldestKept) keys.set(hour, { hourSecret, key });
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

interface Sealed<T> {
  id: string;
  value: T;
  expiresAt: number;
}

interface Unsealed<T> extends Sealed<T> {
  hour: number;
  hourSecret: string;
}

export class ReporterLinkKind<T> {
  /**
   * @param kind names the kind inside the seal, so a link of one kind never opens as another.
   * @param lifetimeMs how long a token lives from sealing (less than an hour: see linkKeyHourMs).
   */
  constructor(
    readonly kind: string,
    readonly lifetimeMs: number,
    private readonly schema: z.ZodType<T>,
  ) {
    if (lifetimeMs >= linkKeyHourMs) throw new RangeError("a reporter link must live less than an hour");
  }

  /** A new link (a fresh random id) granting `value`. */
  async issue(db: Database, value: T, { now = Date.now(), secrets = getSecrets() }: LinkOptions = {}): Promise<string> {
    return this.seal(
      db,
      { id: freshRandomText(16, "base64url"), value, expiresAt: now + this.lifetimeMs },
      now,
      secrets,
    );
  }

  /**
   * What the link grants, or null when it is malformed, tampered with, sealed under another key or an hour
   * whose secret is gone, expired or ended. Never throws on bad input: every such link shows the "expired" page.
   */
  async open(db: Database, token: string | null | undefined, options: LinkOptions = {}): Promise<OpenedLink<T> | null> {
    const now = options.now ?? Date.now();
    const secrets = options.secrets ?? getSecrets();
    const sealed = await this.unsealOpen(db, token, now, secrets);
    if (!sealed) return null;
    return {
      value: sealed.value,
      issuedAt: sealed.expiresAt - this.lifetimeMs,
      // Within the same hour the secret just read seals the renewal too (no second read).
      renewed: await this.seal(
        db,
        { ...sealed, expiresAt: now + this.lifetimeMs },
        now,
        secrets,
        sealed.hour === hourOf(now) ? sealed.hourSecret : undefined,
      ),
    };
  }

  /**
   * What the link grants, as `open` finds it, without sealing a renewal: for a page that does not slide its
   * link (the receipt page).
   */
  async read(db: Database, token: string | null | undefined, options: LinkOptions = {}): Promise<T | null> {
    const now = options.now ?? Date.now();
    return (await this.unsealOpen(db, token, now, options.secrets ?? getSecrets()))?.value ?? null;
  }

  /** The link unsealed, or null when it does not open or was ended. */
  private async unsealOpen(
    db: Database,
    token: string | null | undefined,
    now: number,
    secrets: Secrets,
  ): Promise<Unsealed<T> | null> {
    const sealed = await this.unseal(db, token, now, secrets);
    if (!sealed) return null;
    return (await isReporterLinkEnded(db, this.idHash(sealed.id), new Date(now))) ? null : sealed;
  }

  /**
   * Ends the link on every server: its id's hash is kept until every token of it would have expired anyway
   * (tokens renewed until now live at most one lifetime more), rounded up to the reporter time step. A link
   * that does not open (garbage, expired) writes nothing.
   */
  async end(db: Database, token: string | null | undefined, options: LinkOptions = {}): Promise<void> {
    const now = options.now ?? Date.now();
    const sealed = await this.unseal(db, token, now, options.secrets ?? getSecrets());
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

  private async seal(
    db: Database,
    { id, value, expiresAt }: Sealed<T>,
    now: number,
    secrets: Secrets,
    knownHourSecret?: string,
  ): Promise<string> {
    await clearOldSecrets(db, now);
    const hour = hourOf(now);
    const hourSecret =
      knownHourSecret ??
      knownHourSecretOf(db, hour, now) ??
      (await reporterLinkSecretFor(db, hour, crypto.randomBytes(32).toString("base64")));
    rememberHourSecret(db, hour, hourSecret);
    const header = Buffer.alloc(headerBytes);
    header.writeUInt8(formatVersion, 0);
    header.writeUInt32BE(hour, 1);
    const iv = freshRandomBytes(ivBytes);
    const cipher = crypto.createCipheriv("aes-256-gcm", linkKey(secrets, hour, hourSecret, now), iv);
    cipher.setAAD(this.aad(header));
    const body = Buffer.concat([
      cipher.update(JSON.stringify({ i: id, e: expiresAt, v: value }), "utf8"),
      cipher.final(),
    ]);
    return Buffer.concat([header, iv, body, cipher.getAuthTag()]).toString("base64url");
  }

  private async unseal(
    db: Database,
    token: string | null | undefined,
    now: number,
    secrets: Secrets,
  ): Promise<Unsealed<T> | null> {
    if (
      typeof token !== "string" ||
      token.length === 0 ||
      token.length > maxTokenLength ||
      !/^[A-Za-z0-9_-]+$/.test(token)
    )
      return null;
    const bytes = Buffer.from(token, "base64url");
    // Only the one spelling this server writes: base64 decoding ignores a last character's unused bits, so
    // without this a changed last character could still open the link.
    if (bytes.toString("base64url") !== token) return null;
    if (bytes.length < headerBytes + ivBytes + tagBytes + 1 || bytes.readUInt8(0) !== formatVersion) return null;
    const hour = bytes.readUInt32BE(1);
    // Only this hour's and the last hour's links can be unexpired (next hour's: a server whose clock runs ahead).
    if (hour > hourOf(now) + 1 || hour < hourOf(now) - 1) return null;
    await clearOldSecrets(db, now);
    const hourSecret = knownHourSecretOf(db, hour, now) ?? (await findReporterLinkSecret(db, hour));
    if (!hourSecret) return null;
    rememberHourSecret(db, hour, hourSecret);
    let plain: string;
    try {
      const decipher = crypto.createDecipheriv(
        "aes-256-gcm",
        linkKey(secrets, hour, hourSecret, now),
        bytes.subarray(headerBytes, headerBytes + ivBytes),
      );
      decipher.setAAD(this.aad(bytes.subarray(0, headerBytes)));
      decipher.setAuthTag(bytes.subarray(bytes.length - tagBytes));
      plain = Buffer.concat([
        decipher.update(bytes.subarray(headerBytes + ivBytes, bytes.length - tagBytes)),
        decipher.final(),
      ]).toString("utf8");
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
    return value.success ? { id: i, value: value.data, expiresAt: e, hour, hourSecret } : null;
  }

  private aad(header: Buffer): Buffer {
    return Buffer.concat([Buffer.from(`aagahi ${this.kind} `, "utf8"), header]);
  }
}
