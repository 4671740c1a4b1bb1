import crypto from "node:crypto";
import { redirect } from "@remix-run/node";
import { parse as parseCookies, serialize as serializeCookie } from "cookie";
import { can, isStaffRole, type Permission, type StaffPrincipal, type TipScopeFacts } from "~/domain/permissions";
import { isLanguage, type Language } from "~/i18n/languages";
import {
  deleteStaffSession,
  findStaffSession,
  type NewStaffSession,
  type SessionStage,
  storeStaffSession,
  touchStaffSession,
} from "~/models/staff-session.server";

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

export type { SessionStage };

export interface StaffUser extends StaffPrincipal {
  email: string;
  name: string;
  language: Language;
  totpEnabled: boolean;
}

function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/**
 * A cookie's value, or null when it is absent. `cookie.parse` leaves a malformed %-escape undecoded instead of
 * throwing (someone's typo, not a 500); such a value then matches no session and no language.
 */
export function readCookie(request: Request, name: string): string | null {
  return parseCookies(request.headers.get("Cookie") ?? "")[name] ?? null;
}

function cookie(name: string, value: string, maxAgeSeconds: number) {
  // __Host- requires exactly this: Path=/, Secure, and no Domain attribute.
  return serializeCookie(name, value, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    maxAge: maxAgeSeconds,
    secure: secureCookies(),
  });
}

export function staffLanguageFromRequest(request: Request): Language | null {
  const value = readCookie(request, languageCookieName());
  return isLanguage(value) ? value : null;
}

export function languageCookie(language: Language): string {
  return cookie(languageCookieName(), language, 365 * 24 * 60 * 60);
}

/** The id of the request's session (the hash of its token), or null without a cookie. */
export function sessionIdOf(request: Request): string | null {
  const token = readCookie(request, cookieName());
  return token ? hashToken(token) : null;
}

/**
 * A new session's cookie and the row that makes it valid, not yet stored: the model stores the row in the
 * same transaction as the sign-in or password change it follows, and the cookie is sent only after that.
 */
export function newSession(request: Request, now = new Date()): { cookie: string; record: NewStaffSession } {
  const token = crypto.randomBytes(32).toString("base64url");
  return {
    cookie: cookie(cookieName(), token, absoluteTimeoutMs / 1000),
    record: {
      id: hashToken(token),
      replacesId: sessionIdOf(request),
      createdAt: now,
      expiresAt: new Date(now.getTime() + absoluteTimeoutMs),
    },
  };
}

/** Starts a fresh session (the old one, if any, is deleted first) and returns its Set-Cookie header. */
export async function startSession(userId: string, stage: SessionStage, request: Request): Promise<string> {
  const session = newSession(request);
  await storeStaffSession(session.record, userId, stage);
  return session.cookie;
}

/** The Set-Cookie header that removes the session cookie. */
export function endedSessionCookie(): string {
  return cookie(cookieName(), "", 0);
}

export async function endSession(request: Request): Promise<string> {
  const id = sessionIdOf(request);
  if (id) await deleteStaffSession(id);
  return endedSessionCookie();
}

interface CurrentSession {
  stage: SessionStage;
  user: StaffUser;
}

export async function getSession(request: Request, now = new Date()): Promise<CurrentSession | null> {
  const token = readCookie(request, cookieName());
  if (!token || token.length > 100) return null;
  const session = await findStaffSession(hashToken(token));
  if (!session) return null;
  const expired = session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() > idleTimeoutMs;
  if (expired || session.user.disabledAt || !isStaffRole(session.user.role)) {
    await deleteStaffSession(session.id);
    return null;
  }
  // Touch at most once a minute: enough for the idle timeout, without a write on every request.
  if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
    await touchStaffSession(session.id, now);
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
export function requireTipPermission(
  user: StaffUser,
  permission: Permission,
  tip: TipScopeFacts | null,
): asserts tip is TipScopeFacts {
  if (!tip || !can(user, "tip:read", tip)) throw new Response("Not Found", { status: 404 });
  if (!can(user, permission, tip)) throw new Response("Forbidden", { status: 403 });
}
