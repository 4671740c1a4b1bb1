// Staff session rows: the database keeps only the SHA-256 of each session's token (the cookie and the timeouts
// are app/server/staff-session.server.ts). Functions that take a client are also written inside the transaction
// of the sign-in or change they belong to, so the session and its audit row are kept or lost together.
import { type Database, getDb } from "~/server/db.server";

export type SessionStage = "password" | "full";

/** A session about to start: its id (the token's hash) and the session it replaces, if the request had one. */
export interface NewStaffSession {
  id: string;
  replacesId: string | null;
  createdAt: Date;
  expiresAt: Date;
}

/**
 * Stores a new session for this user, deleting the one it replaces (no session fixation). Inside a transaction,
 * pass its client.
 */
export async function storeStaffSession(session: NewStaffSession, userId: string, stage: SessionStage, db?: Database) {
  db ??= await getDb();
  if (session.replacesId) await db.staffSession.deleteMany({ where: { id: session.replacesId } });
  await db.staffSession.create({
    data: {
      id: session.id,
      userId,
      stage,
      createdAt: session.createdAt,
      lastSeenAt: session.createdAt,
      expiresAt: session.expiresAt,
    },
  });
}

export async function deleteStaffSession(id: string, db?: Database) {
  db ??= await getDb();
  await db.staffSession.deleteMany({ where: { id } });
}

/** Ends every session of a user but the one kept (password or two-step change, account disabled). */
export async function deleteSessionsOfUser(db: Database, userId: string, keepId: string | null = null) {
  await db.staffSession.deleteMany({ where: { userId, ...(keepId ? { id: { not: keepId } } : {}) } });
}

export async function findStaffSession(id: string) {
  return (await getDb()).staffSession.findUnique({
    where: { id },
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
}

export async function touchStaffSession(id: string, now: Date) {
  await (await getDb()).staffSession.update({ where: { id }, data: { lastSeenAt: now } });
}
