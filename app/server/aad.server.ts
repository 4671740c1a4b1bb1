// The associated data (AAD) of every encrypted value: the one place that says which row and field a
// ciphertext belongs to. AES-GCM authenticates it with the value, so a ciphertext copied into another row,
// field or page fails to open (docs/decisions/008). These strings are part of every stored ciphertext:
// changing one makes the rows written with it unreadable, so tests/unit/aad.test.ts pins them byte for byte.
// bench/load-intake.mjs keeps its own copy on purpose: it checks the stored format independently of the app.

export type TipField = "description" | "suspects" | "contact";

export const aad = {
  /** A tip's free-text field (Tip.descriptionCipher, suspectsCipher, contactCipher). */
  tipField: (tipId: string, field: TipField) => `tip:${tipId}:${field}`,
  /** A message between the reporter and the agency (TipMessage.bodyCipher). */
  tipMessage: (tipId: string, messageId: string) => `tip:${tipId}:message:${messageId}`,
  /** A staff note on a tip, transfer and postponement notes included (TipNote.bodyCipher). */
  tipNote: (tipId: string, noteId: string) => `tip:${tipId}:note:${noteId}`,
  /** One page image of an evidence file (EvidencePage.cipher); positions and pages count from 1. */
  evidencePage: (tipId: string, position: number, page: number) => `tip:${tipId}:evidence:${position}:${page}`,
  /** A staff member's TOTP secret (StaffUser.totpSecretCipher). */
  staffTotp: (staffUserId: string) => `staff:${staffUserId}:totp`,
} as const;
