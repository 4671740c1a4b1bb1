import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    globals: true,
    // Where tests live (docs/architecture.md): the pure domain's table tests beside their module in app/domain/,
    // every other test under tests/. tests/unit/architecture.test.ts keeps it so.
    include: ["app/domain/**/*.test.ts", "tests/unit/**/*.test.{ts,tsx,mjs}"],
    environment: "node",
    // Test-only: new password hashes at scrypt N=2^14 instead of 2^17, honoured only under NODE_ENV=test
    // (app/server/password.server.ts). tests/unit/staff-sign-in.test.ts checks the production cost itself.
    env: { AAGAHI_TEST_PASSWORD_COST: "14" },
    setupFiles: ["tests/setup/fail-on-console-error.ts"],
    // Database tests migrate a fresh SQLite file and encrypt rows; on a busy 2-core machine that can pass
    // vitest's 5 s default. Timeouts here only catch hangs: speed is measured in bench/, never in tests.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
