// The minimal intake server bench/load-intake.mjs compares the app with (issue 13, goal 1): plain Node `http`,
// parse the JSON body, one prepared better-sqlite3 insert of a row as large as one of the app's tips (WAL,
// synchronous=FULL), answer 201 with a small JSON body. No validation, routing, encryption or rate limit: the
// speed of one Node process and the disk, which the app cannot beat.
//   node bench/intake-reference-server.mjs PORT DATABASE_FILE ROW_BYTES
import crypto from "node:crypto";
import http from "node:http";
import { createRequire } from "node:module";

const Sqlite = createRequire(import.meta.url)("better-sqlite3");
const [port, file, rowBytes] = process.argv.slice(2);
const db = new Sqlite(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.exec(
  `CREATE TABLE IF NOT EXISTS "ReferenceTip" ("id" TEXT PRIMARY KEY, "body" TEXT NOT NULL, "createdAt" TEXT NOT NULL)`,
);
const insert = db.prepare(`INSERT INTO "ReferenceTip" ("id", "body", "createdAt") VALUES (?, ?, ?)`);
const padding = "x".repeat(Math.max(0, Number(rowBytes)));

http
  .createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        response.writeHead(400).end();
        return;
      }
      const id = crypto.randomUUID();
      // The row: the body as text, padded to the size of the app's row.
      const text = JSON.stringify(body);
      insert.run(id, text.length < padding.length ? text + padding.slice(text.length) : text, new Date().toISOString());
      const answer = JSON.stringify({ reference: id, receipt: id });
      response.writeHead(201, {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Length": Buffer.byteLength(answer),
      });
      response.end(answer);
    });
  })
  .listen(Number(port), "127.0.0.1", () => console.log("listening"));
