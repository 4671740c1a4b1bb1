import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { randomBytes } from "node:crypto";

/** A receipt page: a code made for the request, as the app's page shows one (the bench reads it back). */
export function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("t");
  const code = randomBytes(10).toString("hex").toUpperCase().slice(0, 20).match(/.{4}/g)!.join("-");
  return { code, token };
}

export default function ReceiptPage() {
  const { code } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>Report sent</h1>
      <p className="receipt" data-receipt="">
        {code}
      </p>
    </main>
  );
}
