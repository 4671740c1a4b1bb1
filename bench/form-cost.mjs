// What one report sent through the form costs the server, split into its two requests (issue 13, goal 2):
// the POST (multipart body, validation, routing, encryption, the commit) and the receipt page it redirects to
// (the link opened, the page rendered and compressed).
//
//   node bench/form-cost.mjs [--tips 3000] [--rounds 3] [--concurrency 50] [--cpu-prof]
//                            [--server-env K=V]... [--node-arg FLAG]...
//
// - Starts the production server (bench/load-intake.mjs's benchServer: fresh keys, a new SQLite database,
//   request log on, as production runs) and warms it up with 200 tips.
// - Each round sends `--tips` reports through the form, then opens each one's receipt page, 50 at a time, every
//   tip from its own loopback address, each request on a new connection, asking for a compressed answer as a
//   browser does. The two phases are timed apart, so each request's cost is measured alone.
// - Prints, per round and phase: requests/s and the server's CPU time per request, for the whole process (the
//   commit thread, garbage collection and libuv's threads included) and for its main thread alone (the one that
//   runs JavaScript, which limits the form's rate), read from /proc. The first round is the warm-up of the JIT.
//   --cpu-prof runs the server with node --cpu-prof (summarise with bench/profile-summary.mjs).
// The intake bench (bench/load-intake.mjs) measures the same form at 50 concurrent, as reporters' phones send it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  benchServer,
  formBody,
  freshKeys,
  loopbackAddress,
  option,
  repeatedOption,
  send,
  tipFor,
} from "./load-intake.mjs";
import { ensureBuild, machine, procStatFields, saveResult } from "./lib.mjs";

const tips = option("tips", 3000);
const rounds = option("rounds", 3);
const concurrency = option("concurrency", 50);
const cpuProfile = process.argv.includes("--cpu-prof");
const browserHeaders = { "Accept-Encoding": "gzip, deflate, br, zstd" };

/** User and system CPU time of a /proc stat file, in ms. */
function cpuMs(statFile) {
  const fields = procStatFields(statFile);
  return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
}
const cpuOf = (pid) => ({ process: cpuMs(`/proc/${pid}/stat`), main: cpuMs(`/proc/${pid}/task/${pid}/stat`) });

/** Runs `count` jobs, `concurrency` at a time. */
async function inTurn(count, job) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

async function main() {
  ensureBuild();
  const profileDir = cpuProfile ? fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-form-cost-profile-")) : null;
  const extraEnv = Object.fromEntries(
    repeatedOption("server-env").map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
  );
  const server = await benchServer({
    keys: freshKeys(),
    label: "form-cost",
    nodeArgs: [...repeatedOption("node-arg"), ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [])],
    extraEnv,
  });
  await server.start();
  const pid = server.pid();
  const runId = Date.now().toString(36);
  /** Sends tip `n` through the form from its own address; the receipt page's address. */
  const sendForm = async (n) => {
    const { contentType, body } = formBody(tipFor(runId, n, "form").fields);
    const localAddress = loopbackAddress(40 + Math.floor(n / 60_000), n % 60_000);
    const answer = await send({
      baseURL: server.baseURL,
      method: "POST",
      path: "/en/report",
      headers: { "Content-Type": contentType, ...browserHeaders },
      body,
      localAddress,
    });
    if (answer.status !== 302) throw new Error(`tip ${n}: ${answer.status} ${answer.body.slice(0, 200)}`);
    return { location: String(answer.headers.location), localAddress };
  };
  const openReceipt = async ({ location, localAddress }) => {
    const page = await send({
      baseURL: server.baseURL,
      method: "GET",
      path: location,
      headers: browserHeaders,
      localAddress,
    });
    if (page.status !== 200 || !page.body.includes("data-receipt")) throw new Error(`receipt page: ${page.status}`);
  };

  console.log(
    `Form cost: ${rounds} rounds of ${tips} reports through the form, then their receipt pages, ${concurrency} at a time, production build on 127.0.0.1 (SQLite).`,
  );
  const facts = machine();
  console.log(`${facts}\n`);
  let sent = 0;
  const warmUp = [];
  await inTurn(200, async () => warmUp.push(await sendForm(sent++)));
  await inTurn(warmUp.length, async (index) => openReceipt(warmUp[index]));

  const results = [];
  for (let round = 1; round <= rounds; round++) {
    const receipts = [];
    const phase = async (name, count, job) => {
      const cpuBefore = cpuOf(pid);
      const started = performance.now();
      await inTurn(count, job);
      const seconds = (performance.now() - started) / 1000;
      const cpuAfter = cpuOf(pid);
      const result = {
        round,
        phase: name,
        requestsPerSecond: count / seconds,
        cpuMsPerRequest: (cpuAfter.process - cpuBefore.process) / count,
        mainThreadCpuMsPerRequest: (cpuAfter.main - cpuBefore.main) / count,
      };
      results.push(result);
      console.log(
        `round ${round}  ${name.padEnd(13)} ${result.requestsPerSecond.toFixed(0).padStart(5)} requests/s   CPU ${result.cpuMsPerRequest.toFixed(2)} ms each (main thread ${result.mainThreadCpuMsPerRequest.toFixed(2)} ms)`,
      );
    };
    await phase("form POST", tips, async () => receipts.push(await sendForm(sent++)));
    await phase("receipt page", receipts.length, async (index) => openReceipt(receipts[index]));
  }
  const last = results.slice(-2);
  const perTip = last.reduce((sum, result) => sum + result.mainThreadCpuMsPerRequest, 0);
  console.log(
    `\nlast round, one tip (POST and receipt page): main thread ${perTip.toFixed(2)} ms, so at most ${(1000 / perTip).toFixed(0)} tips/s with the main thread always busy`,
  );
  console.log(`app peak RSS ${server.peakRssMb()?.toFixed(0)} MB`);
  await server.stop();
  server.cleanUp();
  if (profileDir) console.log(`CPU profile: ${profileDir} (node bench/profile-summary.mjs ${profileDir})`);
  const file = `form-cost-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  console.log(`Saved ${saveResult(file, { machine: facts, tips, rounds, concurrency, results })}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
