import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Per-request Content-Security-Policy nonce set by server/index.mjs. */
    cspNonce?: string;
  }
  interface Future {
    v3_singleFetch: true;
  }
}
