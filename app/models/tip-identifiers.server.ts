// Links between tips: phone numbers, CNICs, e-mails and agency names found in a tip are stored only as keyed
// hashes of their normalised form, so tips that mention the same one can be found without keeping it in clear.
import crypto from "node:crypto";
import type { Prisma } from "../../generated/prisma/client";
import { extractIdentifiers, linkKey, type Identifier } from "~/domain/identifiers";
import type { TipScope } from "~/domain/permissions";
import type { Database } from "~/server/db.server";
import { getSecrets } from "~/server/secrets.server";

export function scopeWhere(scope: TipScope): Prisma.TipWhereInput {
  if (scope.kind === "all") return {};
  if (scope.kind === "none") return { id: "__none__" };
  return { agencyCode: scope.agencyCode, ...(scope.unitCode ? { unitCode: scope.unitCode } : {}) };
}

function identifierKeyHash(key: string): string {
  const linkKeySecret = crypto.createHmac("sha256", getSecrets().receiptKey).update("identifier-links").digest();
  return crypto.createHmac("sha256", linkKeySecret).update(key).digest("hex");
}

/** The identifier rows of a new tip: keyed hashes only, random ids (a cuid() holds the time). */
export function tipIdentifierRows(
  ...texts: (string | undefined | null)[]
): { id: string; kind: string; keyHash: string }[] {
  const keys = [
    ...new Map(extractIdentifiers(...texts).map((identifier) => [linkKey(identifier), identifier.kind])).entries(),
  ];
  return keys.map(([key, kind]) => ({ id: crypto.randomUUID(), kind, keyHash: identifierKeyHash(key) }));
}

/** Other tips in the staff member's scope that mention one of this tip's identifiers. */
export async function findLinkedTips(db: Database, tipId: string, scope: TipScope) {
  const own = await db.tipIdentifier.findMany({ where: { tipId }, select: { keyHash: true, kind: true } });
  if (own.length === 0) return [];
  const matches = await db.tipIdentifier.findMany({
    where: {
      keyHash: { in: own.map((identifier) => identifier.keyHash) },
      tipId: { not: tipId },
      tip: scopeWhere(scope),
    },
    select: {
      kind: true,
      tip: { select: { id: true, reference: true, status: true, agencyCode: true, createdAt: true } },
    },
    take: 50,
  });
  const byTip = new Map<
    string,
    { id: string; reference: string; status: string; agencyCode: string; kinds: string[] }
  >();
  for (const match of matches) {
    const entry = byTip.get(match.tip.id) ?? { ...match.tip, kinds: [] };
    if (!entry.kinds.includes(match.kind)) entry.kinds.push(match.kind);
    byTip.set(match.tip.id, entry);
  }
  return [...byTip.values()];
}

/**
 * At most this many tips in the staff member's scope are read for one identifier search, before the queue's
 * filters: a number that common is no lead, and the queue then says "more than".
 */
export const identifierSearchCap = 2_000;

/**
 * The ids of the tips in `scope` that mention one identifier (normalised by parseSearch in
 * app/domain/identifiers.ts, as tips are indexed): a look-up of its keyed hash on the identifier index, never a
 * scan of tips and never the value in clear. The scope is applied here, so the cap counts only tips the staff
 * member may see: "more than" says nothing about other agencies' tips. The caller still checks each tip it reads
 * by id against the scope and the filters (docs/decisions/029). At most cap + 1, so the caller can tell that
 * there were more.
 */
export async function tipIdsMentioning(
  db: Database,
  identifier: Pick<Identifier, "kind" | "value">,
  scope: TipScope,
  cap = identifierSearchCap,
) {
  const rows = await db.tipIdentifier.findMany({
    where: { keyHash: identifierKeyHash(linkKey(identifier)), tip: scopeWhere(scope) },
    select: { tipId: true },
    take: cap + 1,
  });
  return [...new Set(rows.map((row) => row.tipId))];
}
