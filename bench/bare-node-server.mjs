// The bare Node.js reference for bench/throughput.mjs: one `http` server that answers every request with the
// bytes and headers the app sent for the same page (read once at start), gzip when asked. Whatever the app
// spends beyond this is the app's own cost. Usage: node bench/bare-node-server.mjs PORT DIR
// (DIR holds page.html, page.html.gz and headers.json written by the bench).
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const [port, dir] = process.argv.slice(2);
const identity = fs.readFileSync(path.join(dir, "page.html"));
const gzipped = fs.readFileSync(path.join(dir, "page.html.gz"));
const headers = JSON.parse(fs.readFileSync(path.join(dir, "headers.json"), "utf8"));
const identityHeaders = { ...headers, "content-length": identity.length };
const gzipHeaders = { ...headers, "content-encoding": "gzip", "content-length": gzipped.length };

http
  .createServer((request, response) => {
    const gzip = /\bgzip\b/.test(request.headers["accept-encoding"] ?? "");
    response.writeHead(200, gzip ? gzipHeaders : identityHeaders);
    response.end(gzip ? gzipped : identity);
  })
  .listen(Number(port), "127.0.0.1", () => console.log("listening"));
