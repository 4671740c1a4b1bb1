// Tip intake with evidence files (issue 14): tips with one ~2 MB phone photo each through the partner API as
// multipart/form-data, at a steady rate, against the production server with a fresh database and keys.
//
//   node bench/evidence-intake.mjs [--tips 60] [--rate 1] [--concurrency 4] [--photo-mb 2] [--idle-wait 70]
//
// - The photo is made here (a noisy JPEG with EXIF, like a phone's) at about --photo-mb; each tip comes from its
//   own loopback address (the per-connection limit would refuse most of them otherwise).
// - --rate tips per second are started (at most --concurrency at once); each is timed to its 201.
// - Afterwards: every acknowledged tip is in the database with exactly one evidence row, and no row holds the
//   photo's EXIF canary. Prints the rate reached, p50/p99 latency and the server's RSS: idle before the first tip,
//   peak (VmHWM), at the last answer, and (--idle-wait S) S seconds later, when the cleaning worker has ended.
// Everything is on loopback; the server and its temporary folder are removed at the end.
import { createRequire } from "node:module";
import sharp from "sharp";
import { ensureBuild, machine, saveResult } from "./lib.mjs";
import { benchServer, freshKeys, loopbackAddress, percentile, repeatedOption, send, sleep } from "./load-intake.mjs";

const Sqlite = createRequire(import.meta.url)("better-sqlite3");
const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};
const total = option("tips", 60);
const rate = option("rate", 1);
const concurrency = option("concurrency", 4);
const photoMb = option("photo-mb", 2);
const idleWaitSeconds = option("idle-wait", 0);
const canary = `BENCH-EXIF-${Date.now()}`;

/** A noisy JPEG of about `megabytes` (noise compresses badly, as real photos of documents do not quite). */
async function phonePhoto(megabytes) {
  let side = 1200;
  for (;;) {
    const photo = await sharp({
      create: {
        width: side,
        height: Math.round(side * 0.75),
        channels: 3,
        background: "#777777",
        noise: { type: "gaussian", mean: 128, sigma: 50 },
      },
    })
      .jpeg({ quality: 92 })
      .withExif({ IFD0: { Make: canary, Model: canary } })
      .toBuffer();
    if (photo.length >= megabytes * 1024 * 1024 * 0.9 || side > 4000) return photo;
    side = Math.round(side * Math.sqrt((megabytes * 1024 * 1024) / photo.length));
  }
}

function multipartBody(tip, photo) {
  const boundary = `----bench${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="tip"\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(tip)}\r\n`,
    ),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="IMG_0001.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    photo,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

ensureBuild();
const photo = await phonePhoto(photoMb);
const keys = freshKeys();
// --server-env K=V (repeatable): the server with other settings, e.g. MALLOC_ARENA_MAX=2.
const extraEnv = Object.fromEntries(
  repeatedOption("server-env").map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
);
const server = await benchServer({ keys, label: "evidence", extraEnv });
await server.start();
await sleep(2_000);
const idleRss = server.rssMb();
const results = [];
try {
  const started = performance.now();
  let inFlight = 0;
  const pending = [];
  for (let n = 0; n < total; n++) {
    // Steady arrivals: the n-th tip starts at n / rate seconds, or when a slot frees up.
    const due = started + (n * 1000) / rate;
    while (performance.now() < due || inFlight >= concurrency) await sleep(5);
    inFlight += 1;
    const { body, type } = multipartBody(
      {
        category: "fake_job_offer",
        description: `Bench tip ${n}: screenshot of the agent's offer attached.`,
        crossesBorder: "yes",
      },
      photo,
    );
    const sentAt = performance.now();
    pending.push(
      send({
        baseURL: server.baseURL,
        method: "POST",
        path: "/api/v1/tips",
        headers: { "Content-Type": type },
        body,
        localAddress: loopbackAddress(22, n),
      })
        .then((response) =>
          results.push({
            status: response.status,
            evidence: response.status === 201 ? JSON.parse(response.body).evidence : null,
            latencyMs: performance.now() - sentAt,
          }),
        )
        .catch((error) => results.push({ status: 0, error: String(error), latencyMs: performance.now() - sentAt }))
        .finally(() => (inFlight -= 1)),
    );
  }
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  const peakRss = server.peakRssMb();
  const rssAtEnd = server.rssMb();
  if (idleWaitSeconds > 0) await sleep(idleWaitSeconds * 1000);
  const rssAfterIdle = idleWaitSeconds > 0 ? server.rssMb() : null;
  const acknowledged = results.filter((result) => result.status === 201 && result.evidence === 1).length;
  const db = new Sqlite(server.database.file, { readonly: true });
  const tips = db.prepare(`SELECT count(*) AS n FROM "Tip"`).get().n;
  const files = db.prepare(`SELECT count(*) AS n FROM "EvidencePage"`).get().n;
  const canaryRows = db
    .prepare(`SELECT count(*) AS n FROM "EvidencePage" WHERE instr("cipher", ?) > 0`)
    .get(Buffer.from(canary)).n;
  db.close();
  const latencies = results
    .filter((result) => result.status === 201)
    .map((result) => result.latencyMs)
    .sort((a, b) => a - b);
  const summary = {
    machine: machine(),
    photoBytes: photo.length,
    tips: total,
    requestedPerSecond: rate,
    acknowledged,
    stored: { tips, files, canaryRows },
    perSecond: Number((results.length / seconds).toFixed(2)),
    latencyMs: { p50: Math.round(percentile(latencies, 50)), p99: Math.round(percentile(latencies, 99)) },
    serverEnv: extraEnv,
    peakRssMb: peakRss === null ? null : Math.round(peakRss),
    rssMb: {
      idle: Math.round(idleRss ?? 0),
      atLastAnswer: Math.round(rssAtEnd ?? 0),
      ...(rssAfterIdle === null ? {} : { [`after${idleWaitSeconds}sIdle`]: Math.round(rssAfterIdle) }),
    },
  };
  console.log(JSON.stringify(summary, null, 2));
  console.log(`Saved ${saveResult(`evidence-intake-${new Date().toISOString().replace(/[:.]/g, "-")}.json`, summary)}`);
  if (acknowledged !== total || tips !== acknowledged || files !== acknowledged || canaryRows !== 0) {
    console.error(
      "FAILED: every tip must be acknowledged and stored with its one file, and no row may hold the canary",
    );
    process.exitCode = 1;
  }
} finally {
  await server.stop();
  server.cleanUp();
}
