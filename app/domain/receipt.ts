// Receipt codes and public case references. Pure: the random bytes come from the caller (a CSPRNG).
//
// A receipt is 19 random symbols from Crockford's base32 (95 bits: guessing one is hopeless even at
// millions of tries a second) plus one check symbol, shown as five groups of four: 7KQ2-M9XD-...
// The check symbol lets the follow-up page tell a typo from a wrong code without touching the database.

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const receiptRandomSymbols = 19;
export const receiptRandomBytes = 12; // 96 bits, of which 95 are used
const receiptLength = receiptRandomSymbols + 1;

function checkSymbol(symbols: string): string {
  let sum = 0;
  for (let i = 0; i < symbols.length; i++) {
    // Odd weights are invertible mod 32, so any single wrong symbol changes the check symbol.
    sum += alphabet.indexOf(symbols[i]!) * (2 * i + 1);
  }
  return alphabet[sum % 32]!;
}

/** Builds a receipt from at least 12 random bytes. */
export function receiptFromRandomBytes(bytes: Uint8Array): string {
  if (bytes.length < receiptRandomBytes) throw new Error(`need ${receiptRandomBytes} random bytes`);
  let bits = 0n;
  for (const byte of bytes.subarray(0, receiptRandomBytes)) bits = (bits << 8n) | BigInt(byte);
  let symbols = "";
  for (let i = 0; i < receiptRandomSymbols; i++) {
    symbols += alphabet[Number(bits & 31n)];
    bits >>= 5n;
  }
  return formatReceipt(symbols + checkSymbol(symbols));
}

function formatReceipt(compact: string): string {
  return compact.match(/.{1,4}/g)!.join("-");
}

export type ReceiptCheck = { ok: true; receipt: string } | { ok: false; problem: "empty" | "wrongLength" | "typo" };

/**
 * Reads a receipt as a person may type it: any case, with or without dashes or spaces, with the letters
 * O, I and L read as the digits they look like.
 */
export function normalizeReceipt(input: string): ReceiptCheck {
  const compact = input
    .toUpperCase()
    // eslint-disable-next-line no-misleading-character-class -- strips ZWNJ and ZWJ one by one; no joined sequence is meant
    .replace(/[\s\-_.\u200c\u200d\u200e\u200f]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (compact === "") return { ok: false, problem: "empty" };
  if (compact.length !== receiptLength || ![...compact].every((c) => alphabet.includes(c))) {
    return { ok: false, problem: "wrongLength" };
  }
  const symbols = compact.slice(0, receiptRandomSymbols);
  if (checkSymbol(symbols) !== compact.at(-1)) return { ok: false, problem: "typo" };
  return { ok: true, receipt: formatReceipt(compact) };
}

/** Public case reference, e.g. AG-2026-000123. Not secret: it only names the case. */
export function formatReference(year: number, sequence: number): string {
  return `AG-${year}-${String(sequence).padStart(6, "0")}`;
}
