// Staff alerts by e-mail (docs/decisions/028-staff-alerts.md): the settings, the mail transport (nodemailer) and
// the scheduled turn the server runs every few seconds (server/alert-schedule.mjs). Off when SMTP_URL is unset:
// then nothing is queued and nothing is sent.
import nodemailer from "nodemailer";
import { runAlerts, type AlertRunReport, type OutgoingAlert } from "~/models/alerts.server";
import { getEnv } from "./env.server";
import { getSlaConfig } from "./sla.server";

export function alertsEnabled(): boolean {
  return Boolean(getEnv().SMTP_URL);
}

/** The sender, and the origin links point to: outside a demo both are required with SMTP_URL (env-schema.mjs). */
function alertAddresses() {
  const env = getEnv();
  return { from: env.ALERTS_FROM ?? "alerts@aagahi.demo", origin: env.PUBLIC_ORIGIN ?? `http://localhost:${env.PORT}` };
}

export const caseLink = (tipId: string) => `${alertAddresses().origin}/staff/tips/${encodeURIComponent(tipId)}`;

// Short timeouts: a mail server that does not answer must not hold the sender (and its lease) for minutes.
const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

let transport: { url: string; send: (alert: OutgoingAlert) => Promise<void> } | undefined;

/**
 * Whether an smtp:// server must upgrade with STARTTLS: yes unless it is this machine, so a network that strips
 * STARTTLS cannot make references and links travel in clear (smtps:// is TLS from the start anyway).
 */
export function requiresTls(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol !== "smtp:") return false;
  return !["localhost", "127.0.0.1", "[::1]", "::1"].includes(hostname);
}

/** Sends through SMTP_URL; one pooled transport per URL. */
export function mailDeliverer(url: string): (alert: OutgoingAlert) => Promise<void> {
  if (transport?.url !== url) {
    // `url` as an option (not the bare string) so the timeouts apply; settings in the URL win over these.
    const mailer = nodemailer.createTransport({ url, ...timeouts, requireTLS: requiresTls(url) } as Parameters<
      typeof nodemailer.createTransport
    >[0]);
    transport = {
      url,
      send: async (alert) => {
        await mailer.sendMail({
          from: alertAddresses().from,
          to: alert.to,
          subject: alert.subject,
          text: alert.text,
          headers: { "Auto-Submitted": "auto-generated" },
        });
      },
    };
  }
  return transport.send;
}

const escalationScanMs = 60_000;
let lastEscalationScan = 0;

/** The server's turn (every few seconds): nothing when alerts are off; escalations are scanned about once a minute. */
export async function runScheduledAlerts(now = new Date()): Promise<AlertRunReport | null> {
  const url = getEnv().SMTP_URL;
  if (!url) return null;
  const scanEscalations = now.getTime() - lastEscalationScan >= escalationScanMs;
  const report = await runAlerts({ now, deliver: mailDeliverer(url), caseLink, sla: getSlaConfig(), scanEscalations });
  if (scanEscalations && report.ran) lastEscalationScan = now.getTime();
  return report;
}
