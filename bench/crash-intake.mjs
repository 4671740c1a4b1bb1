// Crash without loss (suite 5 of docs/threat-model.md): the load of bench/load-intake.mjs, with the server
// killed with SIGKILL (kill -9) in the middle and started again on the same database.
//
//   node bench/crash-intake.mjs [--tips 2000] [--concurrency 50] [--kills 1]
//
// When the given share of tips has been acknowledged, the server process is killed with no warning while
// about `concurrency` requests are in flight, then started again; the remaining tips go to the new process.
// Requests that were in flight get no answer (the reporter would see an error and send again): they are not
// acknowledged, though some may have been committed just before the kill. Afterwards:
//   - every tip acknowledged before the kill, and after it, is in the database and decrypts;
//   - every receipt shown opens its follow-up page on the restarted server;
//   - stored tips = acknowledged + committed-but-unanswered, and the latter is at most the requests in flight;
//   - PRAGMA integrity_check is ok.
// Why this holds: docs/decisions/007 (WAL, synchronous=FULL; the answer goes out only after the commit).
import crypto from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
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
  ensureBuild();
  console.log(
    `Crash without loss: ${total} tips, ${concurrency} concurrent connections, kill -9 ${kills} time(s) mid-run, production build on 127.0.0.1.\n${machine()}\n`,
  );

  const server = await benchServer({ keys, label: "crash" });
  let exitCode = 1;
  try {
    await server.start();
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
      open = new Promise((resolve) => (reopen = resolve));
      const pid = server.pid();
      const inFlightAtKill = inFlight;
      const killedAt = performance.now();
      await server.kill9();
      // Answers that arrived before the process died count as before the kill.
      const acknowledgedBefore = acknowledgedSoFar;
      phase += 1;
      await server.start();
      killLog.push({ pid, acknowledgedBefore, inFlightAtKill, downMs: performance.now() - killedAt });
      restarting = false;
      reopen();
    };

    const { results, seconds } = await sendTips({
      baseURL: () => server.baseURL,
      runId,
      total,
      concurrency,
      gate: async () => {
        await open;
        inFlight += 1;
      },
      afterEach: (result) => {
        inFlight -= 1;
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
    const follow = await openFollowUps(server.baseURL, withReceipt.map((result) => result.receipt), concurrency);
    await server.stop();

    const stored = readStoredTips(server.databaseFile, keys);
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
      journal: stored.journal,
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
        `sent ${total}; kill -9 after ${killLog.map((kill) => `${kill.acknowledgedBefore} acknowledged, ${kill.inFlightAtKill} requests in flight`).join("; ")}; back in ${killLog.map((kill) => `${(kill.downMs / 1000).toFixed(1)} s`).join(", ")}`,
        `acknowledged before the kill ${beforeKill.length}, found after restart ${checkBefore.found}`,
        `acknowledged after the restart ${afterKill.length}, found ${checkAfter.found}`,
        `no answer (in flight at the kill or sent while it was down) ${unanswered.length}, of which stored anyway ${committedUnanswered} (${JSON.stringify(summary.statuses)})`,
        `in the database: ${stored.rows} tips = ${acknowledged.length} acknowledged + ${committedUnanswered} committed but unanswered; unreadable ${stored.unreadable}; integrity ${stored.integrity}`,
        `follow-up after restart: ${follow.opened} of ${withReceipt.length} receipts opened their case (receipts not shown: ${acknowledged.length - withReceipt.length})`,
        `throughput ${summary.throughputPerSecond.toFixed(1)} tips/s over ${seconds.toFixed(1)} s including the restart; latency p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms`,
        ok ? "PASS: every acknowledged tip survived kill -9" : "FAIL: see above",
      ].join("\n"),
    );
    console.log(`Saved ${saveResult(`crash-intake-${new Date().toISOString().replace(/[:.]/g, "-")}.json`, { ...summary, ok, machine: machine() })}`);
    exitCode = ok ? 0 : 1;
  } finally {
    await server.stop();
    server.cleanUp();
  }
  process.exit(exitCode);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
