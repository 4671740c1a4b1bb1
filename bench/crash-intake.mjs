// Crash without loss (suite 5 of docs/threat-model.md): the load of bench/load-intake.mjs, with the server
// killed with SIGKILL (kill -9) in the middle and started again on the same database.
//
//   node bench/crash-intake.mjs [--tips 2000] [--concurrency 50] [--kills 1] [--engine sqlite|postgresql]
//
// SQLite (one server process per database file: prisma/orm#29933): when the given share of tips has been
// acknowledged, the server process is killed with no warning while about `concurrency` requests are in
// flight, then started again; the remaining tips go to the new process.
// PostgreSQL (--engine postgresql, or a postgresql:// DATABASE_URL; bench/engine.mjs): TWO server instances
// on one database with the same keys (from the environment), half of the connections sending to each; one of them
// is killed the same way while the other goes on taking the load, then it is started again and the load
// alternates again.
// Requests that were in flight to the killed process get no answer (the reporter would see an error and send
// again): they are not acknowledged, though some may have been committed just before the kill. Afterwards:
//   - every tip acknowledged before the kill, and after it, is in the database and decrypts;
//   - every receipt shown opens its follow-up page (with two instances: on the one that did not store it);
//   - stored tips = acknowledged + committed-but-unanswered, and the latter is at most the requests in flight
//     to the killed process;
//   - SQLite: PRAGMA integrity_check is ok; PostgreSQL: amcheck, every tip with its first history entry, and
//     no session left inside a transaction (postgresIntegrity in bench/load-intake.mjs).
// Why this holds: docs/decisions/007 (WAL, synchronous=FULL; the answer goes out only after the commit) and,
// on PostgreSQL, its own commit durability (fsync, synchronous_commit on: docs/decisions/018).
import crypto from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { benchEngine, benchPostgres, engineLine } from "./engine.mjs";
import { ensureBuild, machine, saveResult } from "./lib.mjs";
import {
  benchServer,
  checkAcknowledged,
  freshKeys,
  latencySummary,
  openFollowUps,
  option,
  readStoredTips,
  sendTips,
  statusCounts,
} from "./load-intake.mjs";

async function main() {
  const total = option("tips", 2_000);
  const concurrency = option("concurrency", 50);
  const kills = Math.max(1, option("kills", 1));
  const runId = crypto.randomBytes(3).toString("hex");
  const keys = freshKeys();
  const engine = benchEngine();
  ensureBuild();
  const postgres = engine === "postgresql" ? await benchPostgres("crash") : null;
  /** @type {Awaited<ReturnType<typeof benchServer>>[]} */
  const servers = [];
  let exitCode = 1;
  try {
    servers.push(await benchServer({ keys, label: "crash", postgresUrl: postgres?.url }));
    // A second instance on the same PostgreSQL database (prepared by the first), with the same keys.
    if (postgres)
      servers.push(await benchServer({ keys, label: "crash-b", postgresUrl: postgres.url, prepare: false }));
    const database = await engineLine(engine, postgres);
    console.log(
      `Crash without loss: ${total} tips, ${concurrency} concurrent connections, ${servers.length} server instance(s), kill -9 ${kills} time(s) mid-run, production build on 127.0.0.1.\n${database}\n${machine()}\n`,
    );
    for (const server of servers) await server.start();
    // The first instance is the one killed; with two, the other one answers while it is down.
    const server = servers[0];
    const down = new Set();
    const inFlightAt = new Map(servers.map((instance) => [instance.baseURL, 0]));
    // Half of the connection loops send to each instance (while both are up). Not tip by tip: with a fixed
    // number of loops, whichever instance is a little slower would soon hold nearly all of them.
    const pick = (n, loop) => {
      const up = servers.filter((instance) => !down.has(instance));
      const chosen = up[loop % up.length].baseURL;
      inFlightAt.set(chosen, inFlightAt.get(chosen) + 1);
      return chosen;
    };
    // Kill points: evenly spread, by number of acknowledged tips (the first at 40% for one kill).
    const killAt = Array.from({ length: kills }, (_, index) => Math.floor(total * (0.4 + (0.4 * index) / kills)));
    let acknowledgedSoFar = 0;
    let inFlight = 0;
    let phase = 0; // 0 = before the first kill, 1 = after it, ...
    let open = Promise.resolve();
    let reopen = () => {};
    const killLog = [];
    let restarting = false;

    const crash = async () => {
      restarting = true;
      // One instance: nothing can be sent while it is down. Two: new requests go to the other one.
      if (servers.length === 1) open = new Promise((resolve) => (reopen = resolve));
      down.add(server);
      const pid = server.pid();
      const inFlightAtKill = inFlightAt.get(server.baseURL);
      const inFlightElsewhere = inFlight - inFlightAtKill;
      const killedAt = performance.now();
      await server.kill9();
      // Answers that arrived before the process died count as before the kill.
      const acknowledgedBefore = acknowledgedSoFar;
      phase += 1;
      await server.start();
      down.delete(server);
      killLog.push({
        pid,
        acknowledgedBefore,
        inFlightAtKill,
        inFlightElsewhere,
        downMs: performance.now() - killedAt,
      });
      restarting = false;
      reopen();
    };

    const { results, seconds } = await sendTips({
      baseURL: pick,
      runId,
      total,
      concurrency,
      gate: async () => {
        await open;
        inFlight += 1;
      },
      afterEach: (result) => {
        inFlight -= 1;
        inFlightAt.set(result.via, inFlightAt.get(result.via) - 1);
        result.phase = phase;
        if (result.acknowledged) acknowledgedSoFar += 1;
        if (!restarting && phase < kills && acknowledgedSoFar >= killAt[phase]) void crash();
      },
    });

    const acknowledged = results.filter((result) => result.acknowledged);
    const beforeKill = acknowledged.filter((result) => result.phase === 0);
    const afterKill = acknowledged.filter((result) => result.phase > 0);
    const unanswered = results.filter((result) => !result.acknowledged);
    const withReceipt = acknowledged.filter((result) => result.receipt);
    // With two instances each receipt is opened on the instance that did not store its tip.
    const otherThan = (url) => (servers.find((instance) => instance.baseURL !== url) ?? server).baseURL;
    const follow = await openFollowUps(
      (index) => otherThan(withReceipt[index].via),
      withReceipt.map((result) => result.receipt),
      concurrency,
    );
    for (const instance of servers) await instance.stop();

    const stored = await readStoredTips(server.database, keys);
    const checkBefore = checkAcknowledged(beforeKill, stored, keys);
    const checkAfter = checkAcknowledged(afterKill, stored, keys);
    const committedUnanswered = unanswered.filter((result) => stored.byMarker.has(result.marker)).length;
    const latency = latencySummary(results);
    const summary = {
      tips: {
        sent: total,
        acknowledged: acknowledged.length,
        acknowledgedBeforeKill: beforeKill.length,
        foundBeforeKill: checkBefore.found,
        acknowledgedAfterRestart: afterKill.length,
        foundAfterRestart: checkAfter.found,
        unanswered: unanswered.length,
        committedButUnanswered: committedUnanswered,
        receiptsShown: withReceipt.length,
        rowsInDatabase: stored.rows,
      },
      kills: killLog,
      statuses: statusCounts(results),
      followUp: { tried: withReceipt.length, opened: follow.opened, failures: follow.failures.slice(0, 10) },
      missing: [...checkBefore.missing, ...checkAfter.missing].slice(0, 20),
      wrongReceipt: [...checkBefore.wrongReceipt, ...checkAfter.wrongReceipt].slice(0, 20),
      unreadable: stored.unreadable,
      integrity: stored.integrity,
      integrityDetails: stored.integrityDetails,
      journal: stored.journal,
      engine,
      database,
      instances: servers.length,
      acknowledgedByInstance: servers.map(
        (instance) => acknowledged.filter((result) => result.via === instance.baseURL).length,
      ),
      seconds,
      throughputPerSecond: acknowledged.length / seconds,
      latencyMs: latency,
    };
    const ok =
      killLog.length === kills &&
      checkBefore.missing.length === 0 &&
      checkAfter.missing.length === 0 &&
      summary.wrongReceipt.length === 0 &&
      stored.unreadable === 0 &&
      stored.rows === acknowledged.length + committedUnanswered &&
      committedUnanswered <= killLog.reduce((sum, kill) => sum + kill.inFlightAtKill, 0) &&
      follow.opened === withReceipt.length &&
      stored.integrity === "ok";
    console.log(
      [
        `sent ${total} to ${servers.length} instance(s); kill -9 of instance 1 after ${killLog.map((kill) => `${kill.acknowledgedBefore} acknowledged, ${kill.inFlightAtKill} requests in flight to it${servers.length > 1 ? ` (${kill.inFlightElsewhere} to the other)` : ""}`).join("; ")}; back in ${killLog.map((kill) => `${(kill.downMs / 1000).toFixed(1)} s`).join(", ")}`,
        `acknowledged before the kill ${beforeKill.length}, found after restart ${checkBefore.found}`,
        `acknowledged after the restart ${afterKill.length}, found ${checkAfter.found}`,
        `no answer (in flight at the kill or sent while it was down) ${unanswered.length}, of which stored anyway ${committedUnanswered} (${JSON.stringify(summary.statuses)})`,
        `in the database: ${stored.rows} tips = ${acknowledged.length} acknowledged + ${committedUnanswered} committed but unanswered; unreadable ${stored.unreadable}; integrity ${stored.integrity}`,
        servers.length > 1 ? `acknowledged by instance: ${summary.acknowledgedByInstance.join(" / ")}` : null,
        `follow-up after restart${servers.length > 1 ? ", each on the other instance" : ""}: ${follow.opened} of ${withReceipt.length} receipts opened their case (receipts not shown: ${acknowledged.length - withReceipt.length})`,
        stored.integrityDetails ? `integrity checks: ${Object.values(stored.integrityDetails).join("; ")}` : null,
        `throughput ${summary.throughputPerSecond.toFixed(1)} tips/s over ${seconds.toFixed(1)} s including the restart; latency p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms`,
        ok ? "PASS: every acknowledged tip survived kill -9" : "FAIL: see above",
      ]
        .filter((line) => line !== null)
        .join("\n"),
    );
    console.log(
      `Saved ${saveResult(`crash-intake-${engine === "postgresql" ? "postgresql-" : ""}${new Date().toISOString().replace(/[:.]/g, "-")}.json`, { ...summary, ok, machine: machine() })}`,
    );
    exitCode = ok ? 0 : 1;
  } finally {
    for (const instance of servers) {
      await instance.stop();
      instance.cleanUp();
    }
    await postgres?.close();
  }
  process.exit(exitCode);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
