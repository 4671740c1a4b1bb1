import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Per-request Content-Security-Policy nonce set by server/index.mjs. */
    cspNonce?: string;
    /** Opaque rate-limit key: an HMAC of the client address with a rotating in-memory secret. */
    clientKey?: string;
    /** Empties the server's cache of rendered public pages (after an admin changes what they show). */
    publicContentChanged?: () => void;
  }
  interface Future {
    v3_singleFetch: true;
  }
}
