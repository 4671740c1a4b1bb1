// One evidence file of a tip, for staff who may read the tip (404 outside their scope, exactly as the case page):
// `?page=N` is one page image (a photo's page 1), shown inline as the case page's preview; without it, the whole
// file as a download, a PDF built again from its cleaned page images. Every answer is audited and sent so that no
// browser runs, guesses or keeps it (docs/decisions/026-evidence-storage.md).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { evidenceDownloadName } from "~/domain/evidence";
import { pdfFromPages } from "~/evidence/clean.server";
import { findCaseFacts, openEvidence } from "~/models/staff-case.server";
import { requireStaff, requireTipPermission } from "~/server/staff-session.server";
import { noStoreHeaders } from "~/utils/no-store.mjs";

const notFound = () =>
  new Response("Not Found", { status: 404, headers: { ...noStoreHeaders, "Content-Type": "text/plain" } });

/** A whole number from 1, as written in an address, or null. */
function positiveNumber(text: string | null | undefined): number | null {
  return text && /^[1-9][0-9]{0,3}$/.test(text) ? Number(text) : null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "tip:read");
  const facts = await findCaseFacts(params.tipId);
  requireTipPermission(user, "tip:read", facts);
  const position = positiveNumber(params.position);
  const pageText = new URL(request.url).searchParams.get("page");
  const page = pageText === null ? undefined : positiveNumber(pageText);
  if (position === null || page === null) return notFound();
  const opened = await openEvidence(user, params.tipId!, facts, position, page);
  if (!opened) return notFound();
  const { reference, file } = opened;

  let body: Uint8Array;
  let type: string;
  let disposition: string;
  if (page !== undefined) {
    const image = file.kind === "image" ? file : file.pages[0]!;
    body = image.bytes;
    type = image.type;
    const name =
      file.kind === "image"
        ? evidenceDownloadName(reference, position, image.type)
        : `${reference}-${position}-page-${page}.jpg`;
    disposition = `inline; filename="${name}"`;
  } else {
    body = file.kind === "image" ? file.bytes : await pdfFromPages(file.pages);
    type = file.type;
    disposition = `attachment; filename="${evidenceDownloadName(reference, position, file.type)}"`;
  }
  return new Response(body as Uint8Array<ArrayBuffer>, {
    headers: {
      "Content-Type": type,
      "Content-Length": String(body.byteLength),
      "Content-Disposition": disposition,
      "X-Content-Type-Options": "nosniff",
      // Opened on its own, the file runs nothing and reaches nothing.
      "Content-Security-Policy": "sandbox",
      ...noStoreHeaders,
    },
  });
}
