// Alerts on, pointing at a port chosen now (a test starts and stops a real SMTP server there). Imported right after
// tests/setup/database, before any app module: the settings are read once (app/server/env.server.ts).
import { freePort } from "./postgres-server.mjs";

export const smtpPort = await freePort();
process.env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
process.env.ALERTS_FROM = "alerts@aagahi.test";
process.env.PUBLIC_ORIGIN = "https://aagahi.test";
