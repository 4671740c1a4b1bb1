import crypto from "node:crypto";
import { redirect } from "@remix-run/node";
import { can, isStaffRole, type Permission, type StaffPrincipal, type TipScopeFacts } from "~/domain/permissions";
import { isLanguage, type Language } from "~/i18n/languages";
import { getDb } from "./db.server";

// Staff sessions: a random token in an httpOnly, SameSite=Lax, Secure cookie with the __Host- prefix (so no
// subdomain or plain-http page can set or overwrite it); the database keeps only its SHA-256. A new session on
// every sign-in; sign-out deletes it. Idle and absolute timeouts follow ASVS 7.3.
//
// Browsers accept Secure cookies from http://localhost and 127.0.0.1, so local runs and the end-to-end tests
// need no exception. INSECURE_COOKIES=1 (plain http to a loopback address only: the start-up check refuses it
// otherwise) drops Secure, and with it the prefix, which browsers refuse without Secure. Cookies from before
// the prefix (staff_session) are never read: their holders simply sign in again (ADR 014).

const secureCookies = () => process.env.INSECURE_COOKIES !== "1";
const cookieName = () => (secureCookies() ? "__Host-staff_session" : "staff_session_insecure");
export const languageCookieName = () => (secureCookies() ? "__Host-staff_lang" : "staff_lang_insecure");
const idleTimeoutMs = 30 * 60 * 1000;
const absoluteTimeoutMs = 12 * 60 * 60 * 1000;
const totpRequired = () => (process.env.NODE_ENV ?? "production") === "production" && process.env.AAGAHI_DEMO !== "1";

export type SessionStage = "password" | "full";

export interface StaffUser extends StaffPrincipal {
  email: string;
  name: string;
  language: Language;
  totpEnabled: boolean;
}

function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/** A cookie's value, or null when it is absent or malformed (a bad %-escape is someone's typo, not a 500). */
export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie") ?? "";
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join("="));
    } catch {
      return null;
    }
  }
  return null;
}

function cookie(name: string, value: string, maxAgeSeconds: number) {
  return [
    `${name}=${encodeURIComponent(value)}`,
    // __Host- requires exactly this: Path=/, Secure, and no Domain attribute.
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAgeSeconds}`,
    ...(secureCookies() ? ["Secure"] : []),
  ].join("; ");
}

export function staffLanguageFromRequest(request: Request): Language | null {
  const value = readCookie(request, languageCookieName());
  return isLanguage(value) ? value : null;
}

export function languageCookie(language: Language): string {
  return cookie(languageCookieName(), language, 365 * 24 * 60 * 60);
}

/** Starts a fresh session (the old one, if any, is deleted first) and returns its Set-Cookie header. */
export async function startSession(userId: string, stage: SessionStage, request: Request): Promise<string> {
  const db = await getDb();
  const previous = readCookie(request, cookieName());
  if (previous) await db.staffSession.deleteMany({ where: { id: hashToken(previous) } });
  const token = crypto.randomBytes(32).toString("base64url");
  const now = new Date();
  await db.staffSession.create({
    data: { id: hashToken(token), userId, stage, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + absoluteTimeoutMs) },
  });
  return cookie(cookieName(), token, absoluteTimeoutMs / 1000);
}

export async function endSession(request: Request): Promise<string> {
  const token = readCookie(request, cookieName());
  if (token) await (await getDb()).staffSession.deleteMany({ where: { id: hashToken(token) } });
  return cookie(cookieName(), "", 0);
}

/** Ends every session of a user (password or 2FA change, account disabled). */
export async function endAllSessions(userId: string) {
  await (await getDb()).staffSession.deleteMany({ where: { userId } });
}

/** Ends every other session of a user, keeping this one (after enabling two-step sign-in, ASVS 7.4.3). */
export async function endOtherSessions(userId: string, request: Request) {
  const token = readCookie(request, cookieName());
  await (await getDb()).staffSession.deleteMany({ where: { userId, ...(token ? { id: { not: hashToken(token) } } : {}) } });
}

interface CurrentSession {
  stage: SessionStage;
  user: StaffUser;
}

export async function getSession(request: Request, now = new Date()): Promise<CurrentSession | null> {
  const token = readCookie(request, cookieName());
  if (!token || token.length > 100) return null;
  const db = await getDb();
  const session = await db.staffSession.findUnique({
    where: { id: hashToken(token) },
    select: {
      id: true,
      stage: true,
      lastSeenAt: true,
      expiresAt: true,
      user: {
        select: {
          id: true,
          email: true,
          name: true,
          role: true,
          agencyCode: true,
          unitCode: true,
          language: true,
          totpEnabledAt: true,
          disabledAt: true,
        },
      },
    },
  });
  if (!session) return null;
  const expired = session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() > idleTimeoutMs;
  if (expired || session.user.disabledAt || !isStaffRole(session.user.role)) {
    await db.staffSession.deleteMany({ where: { id: session.id } });
    return null;
  }
  // Touch at most once a minute: enough for the idle timeout, without a write on every request.
  if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
    await db.staffSession.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  const { user } = session;
  return {
    stage: session.stage === "full" ? "full" : "password",
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role as StaffUser["role"],
      agencyCode: user.agencyCode,
      unitCode: user.unitCode,
      language: isLanguage(user.language) ? user.language : "ur",
      totpEnabled: user.totpEnabledAt !== null,
    },
  };
}

/**
 * The signed-in staff member, or a redirect to sign in. With a permission, a 403 when the role lacks it.
 * Call it in every staff loader and every staff action.
 */
export async function requireStaff(request: Request, permission?: Permission): Promise<StaffUser> {
  const session = await getSession(request);
  if (!session) {
    const url = new URL(request.url);
    throw redirect(`/staff/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (session.stage !== "full") throw redirect("/staff/login/verify");
  // In a real deployment every account must use two-step sign-in before it can do anything else.
  if (totpRequired() && !session.user.totpEnabled && !new URL(request.url).pathname.startsWith("/staff/account")) {
    throw redirect("/staff/account?required=1");
  }
  if (permission && !can(session.user, permission)) throw new Response("Forbidden", { status: 403 });
  return session.user;
}

/** Loads a tip only when this staff member may act on it; otherwise the same 404 as a tip that does not exist. */
export function requireTipPermission(user: StaffUser, permission: Permission, tip: TipScopeFacts | null): asserts tip is TipScopeFacts {
  if (!tip || !can(user, "tip:read", tip)) throw new Response("Not Found", { status: 404 });
  if (!can(user, permission, tip)) throw new Response("Forbidden", { status: 403 });
}
