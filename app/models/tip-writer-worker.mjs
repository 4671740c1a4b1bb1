// @ts-check
// The thread that commits the intake's tips on SQLite (docs/decisions/036). Plain JavaScript, never bundled: a
// worker needs a real file to start from (as app/evidence/clean-worker.mjs). app/models/tip-writer.server.ts
// starts it, and sends it groups of rows ready to insert while it holds the connection's turn, so this
// connection and Prisma's never write at the same time.
//
// In: { id, tips: [{ year, number, tip, event, identifiers, alert, evidence }] }, every value already in the
// column's stored form. Out: { id } once the group is committed (fsynced), or { id, error } after a rollback.
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";

const Database = createRequire(import.meta.url)("better-sqlite3");

/** @type {{ file: string; pragmas: string[]; sql: Record<"nextNumber" | "tip" | "event" | "identifier" | "alert" | "evidence", string>; endAfterCommit: boolean }} */
const { file, pragmas, sql, endAfterCommit } = workerData;

const db = new Database(file, { fileMustExist: true });
for (const pragma of pragmas) db.exec(pragma);

const nextNumber = db.prepare(sql.nextNumber);
nextNumber.safeIntegers(false);
const insertTip = db.prepare(sql.tip);
const insertEvent = db.prepare(sql.event);
const insertIdentifier = db.prepare(sql.identifier);
const insertAlert = db.prepare(sql.alert);
const insertEvidence = db.prepare(sql.evidence);

// A transferred buffer arrives as a Uint8Array; better-sqlite3 binds Buffers as blobs.
const blob = (/** @type {unknown} */ value) =>
  value instanceof Uint8Array && !Buffer.isBuffer(value)
    ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    : value;

class CounterMoved extends Error {}

const writeGroup = db.transaction(
  (
    /** @type {{ year: number; number: number; tip: unknown[]; event: unknown[]; identifiers: unknown[][]; alert: unknown[] | null; evidence: unknown[][] }[]} */ tips,
  ) => {
    for (const tip of tips) {
      // The number was counted ahead from what the counter held; the counter itself decides.
      const { value } = /** @type {{ value: number }} */ (nextNumber.get(tip.year));
      if (value !== tip.number) throw new CounterMoved(`reference counter at ${value}, expected ${tip.number}`);
      insertTip.run(...tip.tip);
      insertEvent.run(...tip.event);
      for (const identifier of tip.identifiers) insertIdentifier.run(...identifier);
      if (tip.alert) insertAlert.run(...tip.alert);
      for (const row of tip.evidence) insertEvidence.run(...row.map(blob));
    }
  },
);

parentPort?.on(
  "message",
  (/** @type {{ id: number; tips: Parameters<typeof writeGroup>[0] } | { close: true }} */ message) => {
    if ("close" in message) {
      db.close();
      process.exit(0);
    }
    try {
      // BEGIN IMMEDIATE: the write lock from the start, so COMMIT cannot meet SQLITE_BUSY.
      writeGroup.immediate(message.tips);
      // Tests only: a thread that ends between its COMMIT and its answer (tests/unit/tip-writer.test.ts).
      if (endAfterCommit) process.exit(1);
      parentPort?.postMessage({ id: message.id });
    } catch (error) {
      const failure = /** @type {{ message?: string; code?: string }} */ (error);
      parentPort?.postMessage({
        id: message.id,
        error: {
          message: String(failure?.message ?? error),
          code: failure?.code,
          counterMoved: error instanceof CounterMoved,
        },
      });
    }
  },
);
parentPort?.postMessage({ ready: true });
