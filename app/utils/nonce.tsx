import { createContext, useContext } from "react";

// The per-request Content-Security-Policy nonce, handed from the server to the inline scripts Remix writes.
const NonceContext = createContext<string | undefined>(undefined);

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
