// The tip intake's write: a new tip, its first history entry, its identifier rows and its evidence files, written without the ORM,
// several tips to a transaction (group commit), each caller answered only once its own tip is committed
// (docs/decisions/022-intake-write-path.md). Everything else in the app writes through Prisma.
import path from "node:path";
import { Worker } from "node:worker_threads";
import { formatReference } from "~/domain/receipt";
import type { NewEvidenceRow } from "./evidence.server";
import {
  connectionPragmas,
  rawConnectionOf,
  type Database,
  type RawConnection,
  type SqliteConnection,
} from "~/server/db.server";
import { workerFile } from "~/server/worker-file.server";

/** The columns Prisma wrote for a new tip (prisma/schema.prisma), everything but the reference. */
export interface NewTipRow {
  id: string;
  receiptHash: string;
  category: string;
  crossesBorder: string;
  country: string | null;
  province: string;
  district: string | null;
  victimCount: number | null;
  victimAgeGroup: string;
  immediateDanger: boolean;
  language: string;
  channel: string;
  descriptionCipher: string;
  suspectsCipher: string | null;
  contactCipher: string | null;
  jurisdiction: string;
  agencyCode: string;
  unitCode: string | null;
  routingReasons: string;
  alsoNotify: string;
  urgent: boolean;
  priority: string;
  priorityRank: number;
  status: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewTip {
  tip: NewTipRow;
  /** The year its reference number is counted in. */
  year: number;
  /** The "received" history entry. */
  event: { id: string; kind: string; status: string; agencyCode: string; createdAt: Date; seq: number };
  identifiers: { id: string; kind: string; keyHash: string }[];
  /**
   * The urgent-tip alert's event row (docs/decisions/028), when alerts are on and the reporter said someone is in
   * danger now: committed with the tip, so the alert exists exactly when the tip does.
   */
  urgentAlertId?: string;
  /** Its evidence files' rows, already cleaned, padded and encrypted (evidence.server.ts). */
  evidence?: NewEvidenceRow[];
}

/**
 * Tips committed together at most. A commit costs one fsync whatever it holds; more per group mostly makes the
 * first tip of a big group wait for the last one's encryption and index work.
 */
export const tipsPerCommit = 32;

interface Waiting {
  tip: NewTip;
  resolve: (reference: string) => void;
  reject: (error: unknown) => void;
}

interface TipWriter {
  write(tip: NewTip): Promise<string>;
}

// One writer per connection (a client that disconnects and connects again gets a new one, and a new writer).
const writers = new WeakMap<RawConnection, TipWriter>();

/** Stores a new tip; answers its reference once the transaction holding it is committed. */
export async function writeNewTip(db: Database, tip: NewTip): Promise<string> {
  const raw = await rawConnectionOf(db);
  let writer = writers.get(raw);
  if (!writer) {
    writer = writerFor(raw);
    writers.set(raw, writer);
  }
  return writer.write(tip);
}

function writerFor(raw: RawConnection): TipWriter {
  return raw.engine === "sqlite" ? sqliteWriter(raw.connection, raw.takeTurn) : postgresWriter(raw.pool);
}

/**
 * Collects the tips waiting at a moment and hands them to `commitGroup` in groups of tipsPerCommit, at most
 * `inFlight` groups at a time. A group that fails is written again tip by tip, so that one bad tip fails alone
 * and no other is answered before its own commit. While a group is being committed (on SQLite by its own
 * thread, docs/decisions/036; on PostgreSQL by the server), the tips that arrive meanwhile make the next group.
 */
function groupCommitter(
  commitGroup: (tips: NewTip[]) => Promise<string[]>,
  { inFlight }: { inFlight: number },
): TipWriter {
  const queue: Waiting[] = [];
  let running = 0;
  let scheduled = false;

  const commit = async (group: Waiting[]) => {
    try {
      const references = await commitGroup(group.map((waiting) => waiting.tip));
      group.forEach((waiting, index) => waiting.resolve(references[index]!));
    } catch (error) {
      if (group.length === 1) group[0]!.reject(error);
      else for (const waiting of group) await commit([waiting]);
    }
  };

  const drain = () => {
    scheduled = false;
    while (running < inFlight && queue.length > 0) {
      const group = queue.splice(0, tipsPerCommit);
      running += 1;
      void commit(group).finally(() => {
        running -= 1;
        schedule();
      });
    }
  };

  // After the current turn of the event loop at the earliest: every request parsed in it joins the group.
  const schedule = () => {
    if (scheduled || queue.length === 0 || running >= inFlight) return;
    scheduled = true;
    setImmediate(drain);
  };

  return {
    write: (tip) =>
      new Promise<string>((resolve, reject) => {
        queue.push({ tip, resolve, reject });
        schedule();
      }),
  };
}

// ---- SQLite: a thread with its own connection, inside the turn of Prisma's; one group at a time (SQLite has
// one writer anyway). ----

const sqliteDate = (date: Date) => date.toISOString().replace("Z", "+00:00"); // as the Prisma adapter writes it
const sqliteBoolean = (value: boolean) => (value ? 1 : 0);

const tipColumns = [
  "id",
  "reference",
  "receiptHash",
  "category",
  "crossesBorder",
  "country",
  "province",
  "district",
  "victimCount",
  "victimAgeGroup",
  "immediateDanger",
  "language",
  "channel",
  "descriptionCipher",
  "suspectsCipher",
  "contactCipher",
  "jurisdiction",
  "agencyCode",
  "unitCode",
  "routingReasons",
  "alsoNotify",
  "urgent",
  "priority",
  "priorityRank",
  "status",
  "createdAt",
  "updatedAt",
] as const;
const eventColumns = ["id", "tipId", "kind", "status", "agencyCode", "createdAt", "seq"] as const;
const identifierColumns = ["id", "tipId", "kind", "keyHash"] as const;
// The rest of an AlertOutbox row takes the table's defaults; the event is due at once (at the tip's own, coarse time).
const alertColumns = [
  "id",
  "kind",
  "tipId",
  "caseReference",
  "agencyCode",
  "unitCode",
  "nextAttemptAt",
  "createdAt",
] as const;
const evidenceColumns = [
  "id",
  "tipId",
  "position",
  "page",
  "fileType",
  "pageCount",
  "imageType",
  "paddedBytes",
  "cipher",
  "createdAt",
] as const;
// The rows of one tip, in the columns' order above, with times and booleans in each engine's stored form.
const eventValues = ({ tip, event }: NewTip, date: (value: Date) => unknown) => [
  event.id,
  tip.id,
  event.kind,
  event.status,
  event.agencyCode,
  date(event.createdAt),
  event.seq,
];
const identifierValues = ({ tip, identifiers }: NewTip) =>
  identifiers.map((identifier) => [identifier.id, tip.id, identifier.kind, identifier.keyHash]);
/** The urgent-tip alert's row, or null when the tip has none. */
const alertValues = ({ tip, urgentAlertId }: NewTip, reference: string, date: (value: Date) => unknown) =>
  urgentAlertId
    ? [
        urgentAlertId,
        "urgent_tip",
        tip.id,
        reference,
        tip.agencyCode,
        tip.unitCode,
        date(tip.createdAt),
        date(tip.createdAt),
      ]
    : null;
const evidenceValues = (row: NewEvidenceRow, date: (value: Date) => unknown) =>
  evidenceColumns.map((column) => (column === "createdAt" ? date(row.createdAt) : row[column]));
const columnList = (columns: readonly string[]) => columns.map((column) => `"${column}"`).join(", ");

function tipValues(
  tip: NewTipRow,
  reference: string,
  date: (value: Date) => unknown,
  boolean: (value: boolean) => unknown,
): unknown[] {
  return tipColumns.map((column) => {
    if (column === "reference") return reference;
    const value = tip[column];
    return value instanceof Date ? date(value) : typeof value === "boolean" ? boolean(value) : value;
  });
}

/**
 * A thread without work for `idleMs` is ended, closing its connection; the next group starts a new one (tests
 * shorten it).
 */
export const writerThreadSettings = {
  idleMs: 30_000,
  /** A group not answered by then ends its thread: far above busy_timeout (5 s) and a slow disk's fsync. */
  commitTimeoutMs: 60_000,
  /** Tests only: threads started from now on end right after a COMMIT, before answering. */
  endAfterCommit: false,
};

let threadsStarted = 0;
/** How many SQLite commit threads this process has started (tests: an idle thread ends, the next tip starts one). */
export const writerThreadsStarted = () => threadsStarted;

type ThreadTip = {
  year: number;
  number: number;
  tip: unknown[];
  event: unknown[];
  identifiers: unknown[][];
  alert: unknown[] | null;
  evidence: unknown[][];
};
type ThreadReply = { ready: true } | { id: number; error?: { message: string; code?: string; counterMoved?: boolean } };

/**
 * The thread that commits on SQLite, with its own connection to the same file: a commit (its index work and
 * its fsync) then no longer stops the event loop, which goes on reading, checking and encrypting the next tips.
 */
function sqliteWriterThread(file: string) {
  let worker: Worker | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();

  const settle = (thread: Worker, id: number, error?: Error) => {
    const waiting = pending.get(id);
    if (!waiting) return;
    pending.delete(id);
    clearTimeout(waiting.timer);
    if (pending.size === 0) {
      thread.unref();
      armIdleClose(thread);
    }
    if (error) waiting.reject(error);
    else waiting.resolve();
  };

  // Ends an idle thread (closing its connection); the next group starts a new one.
  const armIdleClose = (thread: Worker) => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (worker !== thread || pending.size > 0) return;
      worker = null;
      thread.postMessage({ close: true });
    }, writerThreadSettings.idleMs);
    idleTimer.unref();
  };

  const start = () => {
    threadsStarted += 1;
    const thread = new Worker(workerFile(import.meta.url, path.join("app", "models", "tip-writer-worker.mjs")), {
      workerData: {
        file,
        pragmas: connectionPragmas,
        sql: sqliteStatements,
        endAfterCommit: writerThreadSettings.endAfterCommit,
      },
      // Plain JavaScript: none of the parent's loaders or flags (vitest's, for one).
      execArgv: [],
      // Its garbage is the rows of one group at a time: a small young generation keeps its memory small (the
      // server's RSS budget, docs/decisions/033); files arrive as buffers, outside this heap.
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
      stdout: false,
      stderr: false,
    });
    thread.unref();
    thread.on("message", (reply: ThreadReply) => {
      if ("ready" in reply) return;
      settle(thread, reply.id, reply.error ? Object.assign(new Error(reply.error.message), reply.error) : undefined);
    });
    // Whatever ends the thread fails the groups it held; the caller then looks for their tips (they may have
    // been committed before the thread could say so).
    const lost = (error: Error) => {
      if (worker === thread) worker = null;
      for (const id of [...pending.keys()]) settle(thread, id, Object.assign(error, { threadLost: true }));
    };
    thread.on("error", lost);
    thread.on("messageerror", () => void thread.terminate());
    thread.on("exit", (code) => lost(new Error(`the SQLite intake thread ended (exit code ${code})`)));
    return thread;
  };

  return {
    commit(tips: ThreadTip[]): Promise<void> {
      worker ??= start();
      const thread = worker;
      if (idleTimer) clearTimeout(idleTimer);
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        // A thread that never answers must not hold the connection's turn for ever: it is ended, and its group
        // failed (the caller checks what was committed).
        const timer = setTimeout(() => void thread.terminate(), writerThreadSettings.commitTimeoutMs);
        pending.set(id, { resolve, reject, timer });
        thread.ref();
        try {
          thread.postMessage({ id, tips });
        } catch (error) {
          settle(thread, id, error as Error);
        }
      });
    },
  };
}

const sqliteStatements = {
  nextNumber: `INSERT INTO "ReferenceCounter" ("year", "value") VALUES (?, 1) ON CONFLICT ("year") DO UPDATE SET "value" = "value" + 1 RETURNING "value"`,
  tip: `INSERT INTO "Tip" (${columnList(tipColumns)}) VALUES (${tipColumns.map(() => "?").join(", ")})`,
  event: `INSERT INTO "TipEvent" (${columnList(eventColumns)}) VALUES (${eventColumns.map(() => "?").join(", ")})`,
  identifier: `INSERT INTO "TipIdentifier" (${columnList(identifierColumns)}) VALUES (?, ?, ?, ?)`,
  alert: `INSERT INTO "AlertOutbox" (${columnList(alertColumns)}) VALUES (${alertColumns.map(() => "?").join(", ")})`,
  evidence: `INSERT INTO "EvidencePage" (${columnList(evidenceColumns)}) VALUES (${evidenceColumns.map(() => "?").join(", ")})`,
};

function sqliteWriter(connection: SqliteConnection, takeTurn: () => Promise<() => void>): TipWriter {
  const thread = sqliteWriterThread(connection.name);
  const currentNumber = connection.prepare(`SELECT "value" FROM "ReferenceCounter" WHERE "year" = ?`);
  const storedReference = connection.prepare(`SELECT "reference" FROM "Tip" WHERE "id" = ?`);
  currentNumber.safeIntegers(false);
  // The last reference number given in each year, known while this process is the counter's only writer; read
  // again after any failed group. The thread checks each number against the counter inside its transaction.
  const lastNumbers = new Map<number, number>();
  const nextNumberIn = (year: number) => {
    const last = lastNumbers.get(year) ?? (currentNumber.get(year) as { value: number } | undefined)?.value ?? 0;
    lastNumbers.set(year, last + 1);
    return last + 1;
  };

  return groupCommitter(
    async (tips) => {
      const release = await takeTurn();
      try {
        // No Prisma transaction holds a turn now, so an open transaction can only be one a failed COMMIT left
        // behind (prisma/orm#29933; Prisma already answered it with an error). It would keep the thread's
        // connection from writing.
        if (connection.inTransaction) connection.exec("ROLLBACK");
        const rowsOf = () =>
          tips.map((newTip) => {
            const { tip, year, evidence = [] } = newTip;
            const number = nextNumberIn(year);
            const reference = formatReference(year, number);
            return {
              reference,
              row: {
                year,
                number,
                tip: tipValues(tip, reference, sqliteDate, sqliteBoolean),
                event: eventValues(newTip, sqliteDate),
                identifiers: identifierValues(newTip),
                alert: alertValues(newTip, reference, sqliteDate),
                evidence: evidence.map((row) => evidenceValues(row, sqliteDate)),
              } satisfies ThreadTip,
            };
          });
        // Another client of the same file (a script, a second client in this process) may have moved the
        // counter: then the thread rolled the group back, and it goes again once, counted from the counter itself.
        for (let attempt = 1; ; attempt++) {
          const rows = rowsOf();
          try {
            await thread.commit(rows.map(({ row }) => row));
            return rows.map(({ reference }) => reference);
          } catch (error) {
            lastNumbers.clear();
            // A thread that ended (or was ended) after its COMMIT but before its answer: the group is stored.
            // A transaction is all or nothing, so its first tip tells; its callers get their references.
            if ((error as { threadLost?: boolean }).threadLost) {
              const stored = storedReference.get(tips[0]!.tip.id) as { reference: string } | undefined;
              if (stored)
                return tips.map(({ tip }) => (storedReference.get(tip.id) as { reference: string }).reference);
            }
            if (attempt >= 2 || !(error as { counterMoved?: boolean }).counterMoved) throw error;
          }
        }
      } finally {
        release();
      }
    },
    { inFlight: 1 },
  );
}

// ---- PostgreSQL: Prisma's pool; several groups at once (other instances write at the same time too). ----

const postgresColumnTypes: Record<(typeof tipColumns)[number], string> = {
  id: "text",
  reference: "text",
  receiptHash: "text",
  category: "text",
  crossesBorder: "text",
  country: "text",
  province: "text",
  district: "text",
  victimCount: "integer",
  victimAgeGroup: "text",
  immediateDanger: "boolean",
  language: "text",
  channel: "text",
  descriptionCipher: "text",
  suspectsCipher: "text",
  contactCipher: "text",
  jurisdiction: "text",
  agencyCode: "text",
  unitCode: "text",
  routingReasons: "text",
  alsoNotify: "text",
  urgent: "boolean",
  priority: "text",
  priorityRank: "integer",
  status: "text",
  createdAt: "timestamp(3)",
  updatedAt: "timestamp(3)",
};

// The columns are timestamp without time zone holding UTC, as the Prisma adapter writes them.
const postgresDate = (date: Date) => date.toISOString().slice(0, 23).replace("T", " ");

/**
 * One statement (so one transaction and one commit) for the whole group: the tips, their first entries, their
 * identifiers and their evidence files, each table from arrays of column values, and, only in a group holding an
 * urgent tip, those tips' alert events (so other groups run exactly the statement they ran before alerts existed).
 * Foreign keys are checked at the statement's end, after all the inserts.
 */
const postgresGroupInsert = (withAlerts: boolean) => {
  let parameter = 0;
  const unnest = (types: string[]) =>
    `SELECT * FROM unnest(${types.map((type) => `$${++parameter}::${type}[]`).join(", ")})`;
  // Numbered in this order: the parameters are passed in the same order below.
  const tips = unnest(tipColumns.map((column) => postgresColumnTypes[column]));
  const events = unnest(["text", "text", "text", "text", "text", "timestamp(3)", "integer"]);
  const alerts = withAlerts
    ? unnest(["text", "text", "text", "text", "text", "text", "timestamp(3)", "timestamp(3)"])
    : "";
  const identifiers = unnest(["text", "text", "text", "text"]);
  const evidence = unnest([
    "text",
    "text",
    "integer",
    "integer",
    "text",
    "integer",
    "text",
    "integer",
    "bytea",
    "timestamp(3)",
  ]);
  return (
    `WITH "tips" AS (INSERT INTO "Tip" (${columnList(tipColumns)}) ${tips}), ` +
    `"events" AS (INSERT INTO "TipEvent" (${columnList(eventColumns)}) ${events}), ` +
    (withAlerts ? `"alerts" AS (INSERT INTO "AlertOutbox" (${columnList(alertColumns)}) ${alerts}), ` : "") +
    `"identifiers" AS (INSERT INTO "TipIdentifier" (${columnList(identifierColumns)}) ${identifiers}) ` +
    `INSERT INTO "EvidencePage" (${columnList(evidenceColumns)}) ${evidence}`
  );
};
const postgresGroupInserts = { plain: postgresGroupInsert(false), withAlerts: postgresGroupInsert(true) };

/** PostgreSQL's reference sequence for a year, made sure of by ensureReferenceSequence in tip.server.ts. */
export const referenceSequence = (year: number) => {
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new Error(`no reference sequence for year ${year}`);
  return `"TipReference_${year}"`;
};

function postgresWriter(pool: import("pg").Pool): TipWriter {
  const numbersFor = async (tips: NewTip[]) => {
    const byYear = new Map<number, number[]>();
    for (const [index, { year }] of tips.entries()) byYear.set(year, [...(byYear.get(year) ?? []), index]);
    const references: string[] = new Array(tips.length);
    for (const [year, indexes] of byYear) {
      // nextval never waits for another transaction; a failed group leaves a gap (docs/decisions/018).
      const { rows } = await pool.query<{ value: string }>(
        `SELECT nextval($1::regclass)::text AS value FROM generate_series(1, $2)`,
        [referenceSequence(year), indexes.length],
      );
      indexes.forEach((tipIndex, n) => (references[tipIndex] = formatReference(year, Number(rows[n]!.value))));
    }
    return references;
  };

  return groupCommitter(
    async (tips) => {
      const references = await numbersFor(tips);
      const tipRows = tips.map(({ tip }, index) => tipValues(tip, references[index]!, postgresDate, (value) => value));
      const column = (rows: unknown[][], index: number) => rows.map((row) => row[index]);
      const events = tips.map((newTip) => eventValues(newTip, postgresDate));
      const identifiers = tips.flatMap(identifierValues);
      const alerts = tips.flatMap((newTip, index) => {
        const row = alertValues(newTip, references[index]!, postgresDate);
        return row ? [row] : [];
      });
      const evidence = tips.flatMap(({ evidence = [] }) => evidence.map((row) => evidenceValues(row, postgresDate)));
      await pool.query(alerts.length > 0 ? postgresGroupInserts.withAlerts : postgresGroupInserts.plain, [
        ...tipColumns.map((_, index) => column(tipRows, index)),
        ...eventColumns.map((_, index) => column(events, index)),
        ...(alerts.length > 0 ? alertColumns.map((_, index) => column(alerts, index)) : []),
        ...identifierColumns.map((_, index) => column(identifiers, index)),
        ...evidenceColumns.map((_, index) => column(evidence, index)),
      ]);
      return references;
    },
    { inFlight: 4 },
  );
}
