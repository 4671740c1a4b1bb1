// A real SMTP server for alert tests (the smtp-server package), on a port chosen by the system: it records every
// message it accepts, decoded, so a test can read what staff would receive.
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  to: string[];
  /** The raw message as the server received it. */
  raw: string;
  /** Headers and body with the body's transfer encoding undone (quoted-printable or base64). */
  decoded: string;
  subject: string;
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/** RFC 2047 words, adjacent ones joined as bytes first: nodemailer splits a long Urdu subject inside a character. */
function decodeWords(header: string): string {
  return header.replace(/(?:=\?utf-8\?[bq]\?[^?]*\?=\s*)+/gi, (run: string) => {
    const bytes = [...run.matchAll(/=\?utf-8\?([bq])\?([^?]*)\?=/gi)].map(([, kind, value]) =>
      kind!.toLowerCase() === "b"
        ? Buffer.from(value!, "base64")
        : Buffer.from(
            value!
              .replace(/_/g, " ")
              .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            "latin1",
          ),
    );
    return `${Buffer.concat(bytes).toString("utf8")}${/\s$/.test(run) ? " " : ""}`;
  });
}

/** Undoes the encodings nodemailer uses for a plain-text message. */
export function decodeMail(raw: string): { decoded: string; subject: string } {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  const text =
    encoding === "base64"
      ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
      : encoding === "quoted-printable"
        ? decodeQuotedPrintable(body)
        : body;
  const unfolded = head.replace(/\r\n[ \t]+/g, " ");
  const subject = decodeWords(/^subject:\s*(.*)$/im.exec(unfolded)?.[1] ?? "").trim();
  return { decoded: `${decodeWords(unfolded)}\r\n\r\n${text}`, subject };
}

export async function startMailServer(port: number) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw, ...decodeMail(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Waits until `check` holds, polling; fails after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
