import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import type pg from "pg";
import { PrismaClient } from "../../generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "../../generated/prisma-pg/client";
import { type DatabaseEngine, databaseUrl, engineOfUrl } from "./database-url.server.mjs";
import { secureDatabaseFiles } from "./private-files.server.mjs";

/**
 * The app is typed against the SQLite client. The PostgreSQL client is generated from the same models
 * (prisma/postgresql/schema.prisma is derived from prisma/schema.prisma, checked by a test), so every call
 * that type-checks against the SQLite client exists on it too; it only adds PostgreSQL-only options the app
 * must not use anyway. TypeScript cannot see that the two generated classes agree, hence the one cast in
 * createDatabase (docs/decisions/018-database-engine-by-url.md).
 */
export type Database = PrismaClient;
export type { DatabaseEngine };

// SQLite settings, read back by a test. WAL lets readers work during a write; synchronous=FULL makes a
// "tip received" answer mean the commit is on disk (see docs/decisions/007-sqlite-durability.md).
// secure_delete overwrites deleted content with zeros instead of leaving it in free space (docs/decisions/017).
// PostgreSQL needs none of them: its defaults (fsync on, synchronous_commit on, foreign keys always enforced)
// already give these guarantees.
export const connectionPragmas = [
  "PRAGMA journal_mode = WAL",
  "PRAGMA synchronous = FULL",
  "PRAGMA foreign_keys = ON",
  "PRAGMA busy_timeout = 5000",
  "PRAGMA secure_delete = ON",
];

// The engine behind each client this module made (a transaction's client is not in here: ask the outer one).
const engines = new WeakMap<Database, DatabaseEngine>();

/** Which engine a client made by createDatabase talks to. */
export function engineOf(db: Database): DatabaseEngine {
  const engine = engines.get(db);
  if (!engine)
    throw new Error("engineOf: not a client made by createDatabase (inside a transaction, ask the outer client)");
  return engine;
}

/**
 * `target` with some members replaced. Every other member (and its `this`) stays as the adapter made it: the
 * adapters keep private fields, so a member must run bound to the original object, not to the proxy.
 */
function overriding<T extends object>(target: T, members: Partial<Record<string, unknown>>): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      if (typeof property === "string" && Object.hasOwn(members, property)) return members[property];
      const value: unknown = Reflect.get(object, property, receiver);
      return typeof value === "function" ? value.bind(object) : value;
    },
  });
}

/**
 * PostgreSQL text cannot hold the NUL character: a query whose parameter has one fails ("invalid byte sequence
 * for encoding UTF8: 0x00"), and the user gets a 500 where SQLite answers normally. Hostile input reaches
 * queries with it (an e-mail at sign-in, a tip id from the URL, a staff member's name: found by
 * tests/unit/fuzz-staff.test.ts on PostgreSQL). Free text is cleaned of control characters before it is stored
 * (cleanText), and no id, e-mail or code has one, so every NUL in a parameter becomes U+FFFD (what a decoder
 * makes of a bad byte) in one place: a lookup then finds nothing, as on SQLite, and nothing fails.
 */
function withoutNulCharacters(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  const clean = (value: unknown): unknown =>
    typeof value === "string"
      ? value.includes("\u0000")
        ? value.replaceAll("\u0000", "\ufffd")
        : value
      : Array.isArray(value)
        ? value.map(clean)
        : value;
  const cleanQuery = (query: SqlQuery): SqlQuery =>
    query.args.some((arg) => typeof arg === "string" || Array.isArray(arg))
      ? { ...query, args: query.args.map(clean) }
      : query;
  const queryable = <T extends SqlDriverAdapter | Transaction>(target: T): T =>
    overriding(target, {
      queryRaw: (query: SqlQuery) => target.queryRaw(cleanQuery(query)),
      executeRaw: (query: SqlQuery) => target.executeRaw(cleanQuery(query)),
      ...("startTransaction" in target
        ? {
            startTransaction: async (...args: Parameters<SqlDriverAdapter["startTransaction"]>) =>
              queryable(await target.startTransaction(...args)),
          }
        : {}),
    });
  return overriding(factory, { connect: async () => queryable(await factory.connect()) });
}

/** The part of a better-sqlite3 connection the raw intake writes use (the package ships no types). */
export interface SqliteConnection {
  readonly inTransaction: boolean;
  /** The database file's path, as opened. */
  readonly name: string;
  prepare(sql: string): {
    run(...params: unknown[]): unknown;
    get(...params: unknown[]): unknown;
    safeIntegers(toggle: boolean): unknown;
  };
  exec(sql: string): unknown;
}

/**
 * The connection under a client, for the few writes that skip Prisma (the tip intake: docs/decisions/022).
 * SQLite: Prisma's own better-sqlite3 connection, with `takeTurn`, which a raw write must hold: it waits until no
 * Prisma transaction is open on the connection (a raw write inside one would commit or roll back with it). The
 * intake commits from a thread with a connection of its own (docs/decisions/036) while holding the turn, so the
 * two never write at the same time (a second writer could otherwise hit SQLITE_BUSY at COMMIT, which the
 * adapter mishandles: prisma/orm#29933). PostgreSQL: Prisma's own pool.
 */
export type RawConnection =
  | {
      engine: "sqlite";
      connection: SqliteConnection;
      takeTurn: (waitAtMost?: { ms: number; tooLong: () => Error }) => Promise<() => void>;
    }
  | { engine: "postgresql"; pool: pg.Pool };

/**
 * First come, first served: raw writes, Prisma transactions and lone Prisma statements queue behind each other.
 * With `waitAtMost`, a waiter that is not served in time leaves the line and the promise rejects with `tooLong()`.
 */
function turnTaking(): (waitAtMost?: { ms: number; tooLong: () => Error }) => Promise<() => void> {
  let busy = false;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else busy = false;
  };
  return (waitAtMost) =>
    new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const grant = () => {
        clearTimeout(timer);
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          release();
        });
      };
      if (!busy) {
        busy = true;
        grant();
        return;
      }
      waiting.push(grant);
      if (waitAtMost) {
        timer = setTimeout(() => {
          const place = waiting.indexOf(grant);
          if (place === -1) return;
          waiting.splice(place, 1);
          reject(waitAtMost.tooLong());
        }, waitAtMost.ms);
      }
    });
}

/**
 * How long a lone statement may wait for its turn on SQLite before failing (see sharingSqliteConnection). Under
 * Prisma's default interactive-transaction timeout (5 s), so that an outer-client statement inside a
 * transaction fails with the error naming that mistake, not with Prisma's "expired transaction"; still twice
 * what Prisma lets a transaction wait for the same connection (maxWait, 2 s by default).
 */
const defaultLoneStatementWaitMs = 4_000;

/**
 * Keeps the better-sqlite3 connection the adapter opens, and makes each Prisma transaction (interactive, batch,
 * or the one Prisma opens for a nested write) hold a turn from its BEGIN until the adapter's commit() or
 * rollback(), which Prisma calls after sending COMMIT or ROLLBACK. A lone statement (one Prisma sends outside a
 * transaction, also `$transaction([...])` with a single operation) takes a turn too: on the one connection it
 * would otherwise run inside whatever transaction is open, be lost if that one rolls back, and read its
 * uncommitted rows. A lone statement on the outer client inside a transaction's callback now waits for a turn
 * its own transaction holds: after `loneStatementWaitMs` it fails with an error saying so instead of hanging.
 */
function sharingSqliteConnection(
  factory: SqlDriverAdapterFactory,
  connected: (raw: RawConnection) => void,
  loneStatementWaitMs: number,
): SqlDriverAdapterFactory {
  const takeTurn = turnTaking();
  const loneStatementWait = {
    ms: loneStatementWaitMs,
    tooLong: () =>
      new Error(
        `A database statement waited more than ${loneStatementWaitMs} ms for the SQLite connection, which transactions hold: ` +
          "a statement on the outer client (getDb()) inside a transaction? Use the transaction's client. (Or a transaction that runs too long.)",
      ),
  };
  const alone =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const release = await takeTurn(loneStatementWait);
      try {
        return await run(...args);
      } finally {
        release();
      }
    };
  const holdingTurn = (transaction: Transaction, release: () => void): Transaction => {
    const thenRelease = (end: () => Promise<void>) => async () => {
      try {
        await end();
      } finally {
        release();
      }
    };
    return overriding(transaction, {
      commit: thenRelease(() => transaction.commit()),
      rollback: thenRelease(() => transaction.rollback()),
    });
  };
  const sharing = (adapter: SqlDriverAdapter): SqlDriverAdapter =>
    overriding(adapter, {
      startTransaction: async (...args: Parameters<SqlDriverAdapter["startTransaction"]>) => {
        const release = await takeTurn();
        try {
          return holdingTurn(await adapter.startTransaction(...args), release);
        } catch (error) {
          release();
          throw error;
        }
      },
      // The adapter's own statements: its transactions' go through the Transaction object instead.
      queryRaw: alone(adapter.queryRaw.bind(adapter)),
      executeRaw: alone(adapter.executeRaw.bind(adapter)),
      executeScript: alone(adapter.executeScript.bind(adapter)),
    });
  return overriding(factory, {
    connect: async () => {
      const adapter = await factory.connect();
      connected({
        engine: "sqlite",
        connection: (adapter as unknown as { client: SqliteConnection }).client,
        takeTurn,
      });
      return sharing(adapter);
    },
  });
}

/** Keeps the pool the PostgreSQL adapter opens. */
function sharingPool(
  factory: SqlDriverAdapterFactory,
  connected: (raw: RawConnection) => void,
): SqlDriverAdapterFactory {
  return overriding(factory, {
    connect: async () => {
      const adapter = await factory.connect();
      connected({
        engine: "postgresql",
        pool: (adapter as unknown as { underlyingDriver(): pg.Pool }).underlyingDriver(),
      });
      return adapter;
    },
  });
}

const rawConnections = new WeakMap<Database, { current?: RawConnection }>();

/** The connection under a client made by createDatabase (connecting it first if needed). */
export async function rawConnectionOf(db: Database): Promise<RawConnection> {
  const holder = rawConnections.get(db);
  if (!holder) throw new Error("rawConnectionOf: not a client made by createDatabase");
  if (!holder.current) await db.$connect();
  if (!holder.current) throw new Error("rawConnectionOf: the client connected without its adapter");
  return holder.current;
}

/**
 * `loneStatementWaitMs` (SQLite only): how long a statement outside a transaction may wait for the connection
 * while transactions hold it before it fails (tests shorten it).
 */
export function createDatabase(
  url = databaseUrl(),
  { loneStatementWaitMs = defaultLoneStatementWaitMs } = {},
): { db: Database; ready: Promise<void> } {
  // Checked here too, not only at boot: scripts pass URLs of their own.
  const engine = engineOfUrl(url);
  if (!engine) throw new Error("createDatabase: not a SQLite file: URL or a postgresql:// URL");
  if (engine === "postgresql") {
    // The one place the PostgreSQL client passes as the SQLite-typed Database (see the type's comment).
    const holder: { current?: RawConnection } = {};
    const adapter = sharingPool(
      withoutNulCharacters(new PrismaPg({ connectionString: url })),
      (raw) => (holder.current = raw),
    );
    const db = new PostgresPrismaClient({ adapter }) as unknown as Database;
    engines.set(db, "postgresql");
    rawConnections.set(db, holder);
    return { db, ready: db.$connect() };
  }
  // The folder 0700 and the files 0600, before SQLite creates any of them.
  secureDatabaseFiles(url);
  const holder: { current?: RawConnection } = {};
  const db = new PrismaClient({
    adapter: sharingSqliteConnection(
      new PrismaBetterSqlite3({ url }),
      (raw) => (holder.current = raw),
      loneStatementWaitMs,
    ),
  });
  engines.set(db, "sqlite");
  rawConnections.set(db, holder);
  const ready = (async () => {
    for (const pragma of connectionPragmas) await db.$queryRawUnsafe(pragma);
  })();
  return { db, ready };
}

let singleton: { db: Database; ready: Promise<void> } | undefined;

/** The app's database connection (one per process; better-sqlite3 serialises access itself, pg pools). */
export async function getDb(): Promise<Database> {
  singleton ??= createDatabase();
  await singleton.ready;
  return singleton.db;
}

/**
 * After deleting content: make sure no old copy of it is left in the database's files. With secure_delete the
 * main file's freed space is zeroed, but the WAL still holds the pages as they were before; a TRUNCATE
 * checkpoint copies the WAL into the main file and empties it. On PostgreSQL the counterpart is VACUUM
 * (docs/decisions/017-data-retention.md): it frees the dead row versions so new rows overwrite them (it does
 * not zero them, and PostgreSQL's own WAL keeps them until it recycles its segments: see ADR 018). Returns
 * false when readers kept the SQLite checkpoint from finishing (the next run tries again).
 */
export async function purgeDeletedContent(db: Database): Promise<boolean> {
  if (engineOf(db) === "postgresql") {
    await db.$executeRawUnsafe("VACUUM");
    return true;
  }
  const [result] = (await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)")) as { busy: bigint | number }[];
  return Number(result?.busy ?? 0) === 0;
}
