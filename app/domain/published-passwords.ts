// Passwords printed in the README or the demo can never protect a real account, so no staff form accepts
// them, in a demo or not (docs/decisions/015). The demo seed sets the demo password directly, not through a form.

/** Published in the README: every demo account signs in with it. */
export const demoPassword = "demo-password-2026";

/** Compared the way the password hash compares it (NFKC), so a look-alike spelling is caught too. */
export function isPublishedPassword(password: string): boolean {
  return password.normalize("NFKC") === demoPassword;
}
